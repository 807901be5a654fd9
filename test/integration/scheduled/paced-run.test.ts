/**
 * The run paced under the SES quota (ADR 0025), end to end through the real handler, the local DynamoDB and the SES
 * emulator: the quota comes from the local configuration (the emulator has no GetSendQuota), trainers may be in
 * flight together, and exactly-once holds as in the one-at-a-time suites. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/common/config.js';
import { createRecordDeliveryEventHandler } from '../../../functions/events/record-delivery-event.js';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import {
  DEFAULT_SEND_PACING,
  SEND_QUOTA_REACHED_METRIC,
  SES_SEND_THROTTLED_METRIC,
} from '../../../functions/features/reminders/send-pacing.js';
import { buildDependencies } from '../../../functions/wiring/dependencies.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_ONLY,
  context,
  crashAfterSends,
  type FaultProxy,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
  sesError,
  startFaultProxy,
} from './fixtures.js';

let aws: LocalAws;
localAwsForEachTest((started) => {
  aws = started;
});

/** As with REMINDER_MAX_TRAINERS_IN_FLIGHT=16: at the local 14/s the run keeps 4 trainers in flight. */
const IN_FLIGHT = { pacing: { ...DEFAULT_SEND_PACING, maxTrainersInFlight: 16 } };

async function arrangeDue(count: number) {
  return Promise.all(Array.from({ length: count }, () => arrangeTrainer(aws, CPT_ONLY)));
}

function recordMetrics(into: string[]) {
  return (deps: ReminderRunDependencies): ReminderRunDependencies => ({
    ...deps,
    metric: (name) => void into.push(name),
  });
}

async function expectOneEmailEach(emails: readonly string[]) {
  const counts = await mailboxCounts(aws);
  expect([...counts.keys()].sort()).toEqual([...emails].sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('the paced reminder run', () => {
  it('sends each due reminder exactly once with trainers in flight, also when the event is delivered twice at once', async () => {
    const due = await arrangeDue(12);
    const handler = makeHandler({ runOptions: IN_FLIGHT });

    const results = await Promise.all([
      handler(scheduledEvent(RUN_DAY), context()),
      handler(scheduledEvent(RUN_DAY), context()),
    ]);

    expect(results.map((result) => result.emailsSent).reduce((a, b) => a + b)).toBe(12);
    const rows = await ledgerRows(aws);
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    await expectOneEmailEach(due.map((t) => t.email));
  });

  it('stops with a continuation before the configured 24-hour quota, then the next day sends the rest once', async () => {
    const due = await arrangeDue(8);
    const metrics: string[] = [];
    // 6 a day, 5 % of it (rounded up: 1) kept for sign-up mail: 5 for the run.
    process.env.SES_LOCAL_MAX_24_HOUR_SEND = '6';
    try {
      const first = await makeHandler({ runOptions: IN_FLIGHT, wrap: recordMetrics(metrics) })(
        scheduledEvent(RUN_DAY),
        context(),
      );

      expect(first).toMatchObject({ status: 'continued', emailsSent: 5, continuation: scheduledEvent(RUN_DAY) });
      expect(metrics).toContain(SEND_QUOTA_REACHED_METRIC);
      expect((await mailboxCounts(aws)).size).toBe(5);
    } finally {
      delete process.env.SES_LOCAL_MAX_24_HOUR_SEND;
    }

    const nextDay = await makeHandler({ runOptions: IN_FLIGHT })(scheduledEvent('2026-11-22'), context());

    expect(nextDay).toMatchObject({ status: 'completed', emailsSent: 3 });
    await expectOneEmailEach(due.map((t) => t.email));
  });

  it('counts a throttled send as a fault (SesSendThrottled) and still sends it on a retry', async () => {
    const due = await arrangeDue(3);
    const proxy: FaultProxy = await startFaultProxy(aws.ses.endpoint, (operation, n) =>
      operation === 'SendRawEmail' && n === 0 ? sesError('Throttling', 'Maximum sending rate exceeded.') : undefined,
    );
    const metrics: string[] = [];

    const result = await makeHandler({ sesEndpoint: proxy.endpoint, wrap: recordMetrics(metrics) })(
      scheduledEvent(RUN_DAY),
      context(),
    );

    expect(result).toMatchObject({ status: 'completed', emailsSent: 3, pending: 0 });
    expect(metrics.filter((name) => name === SES_SEND_THROTTLED_METRIC)).toHaveLength(1);
    await expectOneEmailEach(due.map((t) => t.email));
  });

  it('after a crash with trainers in flight, the Send event reconciles the email in doubt: nothing is sent twice', async () => {
    const due = await arrangeDue(10);
    const crash = crashAfterSends(1);

    await expect(
      makeHandler({ runOptions: IN_FLIGHT, wrap: crash.wrap })(scheduledEvent(RUN_DAY), context()),
    ).rejects.toThrow(/injected crash/);
    const inDoubt = (await ledgerRows(aws)).filter((row) => row.status === 'SENDING');
    expect(inDoubt).toHaveLength(1);

    // The configuration set's "Email Sent" event carries the message tags and marks the crashed row SENT.
    const tags = Object.fromEntries(Object.entries(crash.crashed.tags ?? {}).map(([name, value]) => [name, [value]]));
    const reconciled = await createRecordDeliveryEventHandler(() => buildDependencies(parseConfig(process.env)))({
      version: '0',
      id: 'ses-send-in-flight-crash',
      'detail-type': 'Email Sent',
      source: 'aws.ses',
      time: `${RUN_DAY}T09:00:05Z`,
      detail: { eventType: 'Send', mail: { messageId: crash.crashed.messageId, tags }, send: {} },
    });
    expect(reconciled).toMatchObject({ action: 'reconciled', count: 1 });

    const resumed = await makeHandler({ runOptions: IN_FLIGHT })(scheduledEvent(RUN_DAY), context());

    expect(resumed).toMatchObject({ status: 'completed', pending: 0, outcomeUnknown: 0 });
    expect((await ledgerRows(aws)).every((row) => row.status === 'SENT')).toBe(true);
    await expectOneEmailEach(due.map((t) => t.email));
  });
});
