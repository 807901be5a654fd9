import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DuePage } from '../../../../functions/adapters/dynamodb/due-index.js';
import type { TrainerRecord } from '../../../../functions/adapters/dynamodb/trainer-repository.js';
import { configuredSendQuota } from '../../../../functions/adapters/ses/index.js';
import { InvalidEventError } from '../../../../functions/edge/event-route.js';
import {
  DEFAULT_RUN_OPTIONS,
  type ReminderRunDependencies,
} from '../../../../functions/features/reminders/run-dependencies.js';
import {
  createSendDueRemindersHandler,
  ScheduledEventSchema,
} from '../../../../functions/scheduled/send-due-reminders.js';
import type { MailingDependencies } from '../../../../functions/wiring/mailing-dependencies.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';
import { simulatedClock } from '../../../helpers/simulated-clock.js';

const SAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'events', 'scheduled', 'daily-run.json'), 'utf8'),
) as Record<string, unknown>;

const trainer = (n: number): TrainerRecord => ({
  trainerId: `t_${n}`,
  email: `t${n}@example.com`,
  name: 'Sam',
  profile: { credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' }], activities: [] },
  nextReminderOn: '2026-11-02',
  suppressed: false,
  remindersSent: [],
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function fakeRun() {
  const sent: string[] = [];
  const acquireRunLease = vi.fn(async (input: { runDate: string; runId: string; holder: string }) => ({
    acquired: true as const,
    checkpoint: { ...input, leaseUntil: '', cursors: {}, expiresAt: 0 },
  }));
  const saveCursor = vi.fn(async () => undefined);
  const releaseRunLease = vi.fn(async () => undefined);
  const complete = vi.fn(async () => undefined);
  const readDue = vi.fn(async function* (): AsyncGenerator<DuePage> {
    yield { shard: 0, trainers: [trainer(1), trainer(2), trainer(3)], cursor: 'done', itemsRead: 3, invalid: [] };
  });
  const deps: ReminderRunDependencies = {
    trainers: {
      get: async (trainerId) => trainer(Number(trainerId.slice('t_'.length))),
      update: async (current) => current,
      markSuppressed: async () => true,
    },
    reminderLedger: {
      claim: async () => ({ claimed: true, attempt: 1 }),
      markSent: async () => undefined,
      markPending: async () => undefined,
      markFailed: async () => undefined,
      release: async () => undefined,
    },
    runCheckpoints: { acquireRunLease, saveCursor, releaseRunLease, complete },
    suppressions: { isSuppressed: async () => false },
    readDue,
    // SES's sandbox rate: one trainer at a time, which the stepping simulated clock needs.
    sendQuota: configuredSendQuota({ maxSendRate: 1, max24HourSend: 200 }),
    pacingClock: simulatedClock(),
    mailer: {
      send: async (message) => {
        sent.push(message.to);
        return { messageId: `m-${sent.length}` };
      },
    },
    tokens: { issue: () => 'token' },
    links: {
      status: (t) => `https://recert.example.com/status?token=${t}`,
      unsubscribe: (t) => `https://recert.example.com/unsubscribe?token=${t}`,
      reminderAction: (t) => `https://recert.example.com/act?token=${t}`,
    },
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield' },
    clock: () => new Date('2026-11-21T09:00:01Z'),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metric: () => undefined,
  };
  return { deps, sent, acquireRunLease, saveCursor, releaseRunLease, complete, readDue };
}

function handlerWith(run: ReturnType<typeof fakeRun>, continueRun = vi.fn(async () => undefined)) {
  return createSendDueRemindersHandler({
    loadDependencies: async () => ({}) as MailingDependencies,
    build: () => run.deps,
    continueRun,
    runOptions: DEFAULT_RUN_OPTIONS,
  });
}

describe('send-due-reminders handler', () => {
  it('accepts the sample scheduled event', () => {
    expect(ScheduledEventSchema.safeParse(SAMPLE).success).toBe(true);
  });

  it('takes asOf from the event time (UTC date), the run id from the event id and the holder from the request id', async () => {
    const run = fakeRun();
    const result = await handlerWith(run)(
      { ...SAMPLE, time: '2026-11-21T23:59:59Z' },
      { ...lambdaContext(), awsRequestId: 'req-42' },
    );
    expect(result).toMatchObject({
      status: 'completed',
      runId: SAMPLE.id,
      asOf: '2026-11-21',
      trainersRead: 3,
      itemsRead: 3,
      emailsSent: 3,
    });
    expect(run.acquireRunLease).toHaveBeenCalledWith(
      expect.objectContaining({ runDate: '2026-11-21', runId: SAMPLE.id, holder: 'req-42' }),
    );
    expect(run.complete).toHaveBeenCalledTimes(1);
  });

  it('rejects a malformed event naming the field and value, before touching anything', async () => {
    const run = fakeRun();
    const error = await handlerWith(run)({ ...SAMPLE, time: '21/11/2026' }, lambdaContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(/time: .*"21\/11\/2026"/);
    expect(run.acquireRunLease).not.toHaveBeenCalled();
  });

  it('starts no new send below 60 s remaining: saves the checkpoint after the last trainer done, releases the lease, continues', async () => {
    const run = fakeRun();
    const continueRun = vi.fn(async () => undefined);
    let checks = 0;
    // Two reads with time to spare: middy's own timeout guard at the start, then the run before its first trainer.
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => (++checks <= 2 ? 120_000 : 59_000) };
    const result = await handlerWith(run, continueRun)(SAMPLE, context);
    expect(result).toMatchObject({ status: 'continued', continued: true, emailsSent: 1, continuation: SAMPLE });
    expect(run.sent).toHaveLength(1);
    expect(run.saveCursor).toHaveBeenCalledWith(
      expect.objectContaining({
        shard: 0,
        cursor: { pk: 'TRAINER#t_1', sk: 'PROFILE', dueShard: expect.stringMatching(/^DUE#\d$/), dueOn: '2026-11-02' },
      }),
    );
    expect(run.releaseRunLease).toHaveBeenCalledTimes(1);
    expect(run.complete).not.toHaveBeenCalled();
    expect(continueRun).toHaveBeenCalledWith(SAMPLE);
  });

  it('does no work when another invocation holds the day, or the day is done', async () => {
    for (const reason of ['held', 'completed'] as const) {
      const run = fakeRun();
      run.acquireRunLease.mockResolvedValueOnce({ acquired: false, reason, checkpoint: {} } as never);
      const result = await handlerWith(run)(SAMPLE, lambdaContext());
      expect(result.status).toBe(reason === 'held' ? 'held-elsewhere' : 'already-completed');
      expect(run.readDue).not.toHaveBeenCalled();
      expect(run.sent).toHaveLength(0);
    }
  });

  it('beats the daily-run heartbeat only when the run of the day reached its end', async () => {
    const metricsOf = async (lease?: 'held') => {
      const run = fakeRun();
      const metrics: string[] = [];
      run.deps = { ...run.deps, metric: (name: string) => void metrics.push(name) };
      if (lease) run.acquireRunLease.mockResolvedValueOnce({ acquired: false, reason: lease, checkpoint: {} } as never);
      await handlerWith(run)(SAMPLE, lambdaContext());
      return metrics;
    };
    expect(await metricsOf()).toEqual(['ReminderRunCompleted']);
    expect(await metricsOf('held')).toEqual([]);
  });

  it('never sends to an address on the suppression list', async () => {
    const run = fakeRun();
    run.deps = {
      ...run.deps,
      suppressions: { isSuppressed: async (email: string) => email === 't2@example.com' },
    } as never;
    const result = await handlerWith(run)(SAMPLE, lambdaContext());
    expect(run.sent).toEqual(['t1@example.com', 't3@example.com']);
    expect(result).toMatchObject({ emailsSent: 2, suppressed: 1 });
  });
});
