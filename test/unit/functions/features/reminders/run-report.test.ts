import { describe, expect, it } from 'vitest';
import type { ReminderRunSummary, RunStatus } from '../../../../../functions/features/reminders/run-reminders.js';
import { countRunSummary } from '../../../../../functions/features/reminders/run-report.js';

function summary(status: RunStatus, counts: Partial<ReminderRunSummary> = {}): ReminderRunSummary {
  return {
    status,
    runId: 'evt-1',
    asOf: '2026-11-21',
    trainersRead: 0,
    itemsRead: 0,
    emailsSent: 0,
    pending: 0,
    failed: 0,
    outcomeUnknown: 0,
    suppressed: 0,
    stuckSending: 0,
    halted: status === 'halted',
    continued: status === 'continued',
    ...counts,
  };
}

function counted(run: ReminderRunSummary): Record<string, number> {
  const counts: Record<string, number> = {};
  countRunSummary((name, value) => {
    counts[name] = value;
  }, run);
  return counts;
}

describe('the reminder run counted for the operator dashboard', () => {
  it("counts an invocation's due trainers, emails sent, pending, failed and whether it handed over", () => {
    const run = summary('continued', { trainersRead: 7, itemsRead: 9, emailsSent: 5, pending: 1, failed: 1 });
    expect(counted(run)).toEqual({
      ReminderTrainersDue: 7,
      RemindersSent: 5,
      RemindersPending: 1,
      RemindersFailed: 1,
      ReminderRunContinued: 1,
    });
    expect(counted(summary('completed', { trainersRead: 2, emailsSent: 2 }))).toMatchObject({
      ReminderTrainersDue: 2,
      ReminderRunContinued: 0,
    });
  });

  it('counts nothing for an invocation that found the day done or held by another', () => {
    expect(counted(summary('already-completed'))).toEqual({});
    expect(counted(summary('held-elsewhere'))).toEqual({});
  });
});
