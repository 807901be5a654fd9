/**
 * What the operators see of each invocation of the reminder run: its summary as one log line and as counts for the
 * operator dashboard (infra/constructs/operator-dashboard.ts). Straight to the function's own sinks: the run's
 * injected `metric` is for its faults, which tests assert one by one.
 */
import { logger } from '../../common/logger.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import type { ReminderRunSummary } from './run-reminders.js';

/**
 * What one invocation of the run did, as counts for the operator dashboard (summed per day, the continuations of a
 * day's run included): the due trainers it reached and how their reminders ended, and whether it handed over.
 */
export const RUN_SUMMARY_METRICS = {
  trainersRead: 'ReminderTrainersDue',
  emailsSent: 'RemindersSent',
  pending: 'RemindersPending',
  failed: 'RemindersFailed',
  continued: 'ReminderRunContinued',
} as const satisfies Partial<Record<keyof ReminderRunSummary, string>>;

/** Counts an invocation's summary; an invocation that found the day done or held elsewhere did nothing to count. */
export function countRunSummary(count: (name: string, value: number) => void, summary: ReminderRunSummary): void {
  if (summary.status === 'already-completed' || summary.status === 'held-elsewhere') return;
  for (const [field, name] of Object.entries(RUN_SUMMARY_METRICS) as [keyof typeof RUN_SUMMARY_METRICS, string][]) {
    count(name, Number(summary[field]));
  }
}

/** Logs the invocation's summary and counts it. */
export function reportRun(summary: ReminderRunSummary): void {
  logger.info('reminder run finished', { ...summary });
  countRunSummary((name, value) => metrics.addMetric(name, MetricUnit.Count, value), summary);
}
