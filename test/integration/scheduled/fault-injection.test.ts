import { describe, expect, it } from 'vitest';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_AND_CPR,
  CPT_ONLY,
  context,
  dynamoThrottling,
  type Fault,
  type FaultProxy,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
  sesError,
  startFaultProxy,
  trainerItem,
} from './fixtures.js';

let aws: LocalAws;
let proxy: FaultProxy | undefined;
localAwsForEachTest((started) => {
  aws = started;
  proxy = undefined;
});

const SEND = 'SendRawEmail';

async function arrangeFive() {
  const trainers = [
    await arrangeTrainer(aws, CPT_AND_CPR),
    await arrangeTrainer(aws, CPT_ONLY),
    await arrangeTrainer(aws, CPT_ONLY),
    await arrangeTrainer(aws, CPT_ONLY),
    await arrangeTrainer(aws, CPT_ONLY),
  ];
  return { trainers, reminders: 6 };
}

function sesProxy(decide: (operation: string, n: number) => Fault) {
  return startFaultProxy(aws.ses.endpoint, decide);
}

const sends = (p: FaultProxy) => p.log.filter((entry) => entry.operation === SEND).length;
const later =
  (minutes: number) =>
  (deps: ReminderRunDependencies): ReminderRunDependencies => ({
    ...deps,
    clock: () => new Date(Date.now() + minutes * 60_000),
  });

describe('SES faults at the HTTP level', () => {
  it('retries rate throttling with back-off inside the run, then sends', async () => {
    const { trainers } = await arrangeFive();
    proxy = await sesProxy((op, n) =>
      op === SEND && n === 0 ? sesError('Throttling', 'Maximum sending rate exceeded.') : undefined,
    );
    const result = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(result).toMatchObject({ emailsSent: 5, pending: 0 });
    expect(sends(proxy)).toBe(6);
    expect((await mailboxCounts(aws)).size).toBe(trainers.length);
  });

  it('leaves a reminder PENDING with a retry time when throttling outlasts the retries; the run goes on and a later run sends it once', async () => {
    const { trainers, reminders } = await arrangeFive();
    proxy = await sesProxy((op, n) =>
      op === SEND && n < 3 ? sesError('Throttling', 'Maximum sending rate exceeded.') : undefined,
    );
    const result = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(result.emailsSent).toBe(4);
    expect(result.pending).toBeGreaterThan(0);
    const rows = await ledgerRows(aws);
    expect(rows).toHaveLength(reminders); // none missing: every due reminder is SENT or PENDING
    const pending = rows.filter((row) => row.status === 'PENDING');
    expect(pending.length).toBe(result.pending);
    expect(pending.every((row) => typeof row.retryAfter === 'string' && row.lastError === 'ses.throttled')).toBe(true);

    const nextDay = await makeHandler({ wrap: later(10) })(scheduledEvent('2026-11-22'), context());
    expect(nextDay.emailsSent).toBe(1);
    expect((await ledgerRows(aws)).every((row) => row.status === 'SENT')).toBe(true);
    const counts = await mailboxCounts(aws);
    expect(counts.size).toBe(trainers.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('stops sending for the run on "Daily message quota exceeded" (0 further calls), emits SendingHalted, and a later run finishes once', async () => {
    const { trainers, reminders } = await arrangeFive();
    proxy = await sesProxy((op, n) =>
      op === SEND && n >= 2 ? sesError('Throttling', 'Daily message quota exceeded.') : undefined,
    );
    const metrics: string[] = [];
    const recordMetrics = (deps: ReminderRunDependencies): ReminderRunDependencies => ({
      ...deps,
      metric: (name) => void metrics.push(name),
    });
    const result = await makeHandler({ sesEndpoint: proxy.endpoint, wrap: recordMetrics })(
      scheduledEvent(RUN_DAY),
      context(),
    );
    expect(result).toMatchObject({ status: 'halted', halted: true, emailsSent: 2 });
    expect(sends(proxy)).toBe(3); // two accepted, one refused, none after it
    expect(metrics).toEqual(['SendingHalted']);
    const rows = await ledgerRows(aws);
    expect(
      rows.filter((row) => row.status === 'SENT').length + rows.filter((row) => row.status === 'PENDING').length,
    ).toBe(rows.length);
    expect(rows.length).toBeLessThan(reminders); // the rest were never claimed

    const resumed = await makeHandler()(scheduledEvent(RUN_DAY), context()); // quota back: same day, lease released
    expect(resumed).toMatchObject({ status: 'completed', emailsSent: 3 });
    expect(await ledgerRows(aws)).toHaveLength(reminders);
    const counts = await mailboxCounts(aws);
    expect(counts.size).toBe(trainers.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('leaves the row SENDING after a 500 that came after SES accepted the message, and does not resend it in this run', async () => {
    const { trainers } = await arrangeFive();
    proxy = await sesProxy((op, n) =>
      op === SEND && n === 1
        ? {
            kind: 'forward-then-answer',
            status: 500,
            contentType: 'text/xml',
            body: '<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>',
          }
        : undefined,
    );
    const result = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(result.emailsSent).toBe(4);
    expect(result.outcomeUnknown).toBeGreaterThan(0);
    expect(sends(proxy)).toBe(5); // one HTTP attempt each: neither the SDK nor the run retried the 500
    const sending = (await ledgerRows(aws)).filter((row) => row.status === 'SENDING');
    expect(sending).toHaveLength(result.outcomeUnknown);
    const counts = await mailboxCounts(aws);
    expect(counts.size).toBe(trainers.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('marks a permanently rejected address FAILED and still sends to everyone else', async () => {
    await arrangeFive();
    proxy = await sesProxy((op, n) =>
      op === SEND && n === 0 ? sesError('MessageRejected', 'Email address is not verified.') : undefined,
    );
    const result = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(result.emailsSent).toBe(4);
    expect(result.failed).toBeGreaterThan(0);
    const failed = (await ledgerRows(aws)).filter((row) => row.status === 'FAILED');
    expect(failed.length).toBe(result.failed);
    expect(failed.every((row) => row.lastError === 'MessageRejected')).toBe(true);
    expect(sends(proxy)).toBe(5);
  });
});

describe('DynamoDB throttling at the HTTP level', () => {
  it.each(['ThrottlingException', 'ProvisionedThroughputExceededException'] as const)(
    '%s is retried by the SDK and ends in the same state as an unthrottled run',
    async (code) => {
      const { trainers, reminders } = await arrangeFive();
      proxy = await startFaultProxy(aws.dynamo.endpoint, (op, n) =>
        (op === 'Query' || op === 'UpdateItem') && n < 2 ? dynamoThrottling(code) : undefined,
      );
      const result = await makeHandler({ dynamodbEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
      expect(proxy.log.filter((entry) => entry.faulted)).toHaveLength(4);
      expect(result).toMatchObject({ status: 'completed', trainersRead: 5, emailsSent: 5, pending: 0, failed: 0 });
      const rows = await ledgerRows(aws);
      expect(rows).toHaveLength(reminders);
      expect(rows.every((row) => row.status === 'SENT')).toBe(true);
      for (const trainer of trainers) {
        expect((await trainerItem(aws, trainer.trainerId))?.nextReminderOn).toBe('2026-12-02');
      }
      expect([...(await mailboxCounts(aws)).values()]).toEqual([1, 1, 1, 1, 1]);
    },
  );
});
