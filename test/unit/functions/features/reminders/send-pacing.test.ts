import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { DuePage } from '../../../../../functions/adapters/dynamodb/due-index.js';
import type { TrainerRecord } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';
import {
  classifySendError,
  configuredSendQuota,
  type ReadSendQuota,
  SendThrottledError,
} from '../../../../../functions/adapters/ses/index.js';
import {
  DEFAULT_RUN_OPTIONS,
  type ReminderRunDependencies,
  runOptionsFromEnv,
  sendQuotaFor,
} from '../../../../../functions/features/reminders/run-dependencies.js';
import { type ReminderRunInput, runReminders } from '../../../../../functions/features/reminders/run-reminders.js';
import {
  createTokenBucket,
  DEFAULT_SEND_PACING,
  planSending,
  SEND_QUOTA_REACHED_METRIC,
  SES_SEND_THROTTLED_METRIC,
  trainersInFlightFor,
} from '../../../../../functions/features/reminders/send-pacing.js';
import { type EventClock, eventClock, simulatedClock } from '../../../../helpers/simulated-clock.js';

/** Floating-point slack of the simulated clock's sums (ms); far below anything a real limit could notice. */
const EPSILON = 1e-6;

/** For every pair of sends i < j: by how much more than `rate × (t_j - t_i)` sends followed the first (≤ 0: never). */
function worstExcess(times: readonly number[], ratePerSecond: number): number {
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    for (let j = i + 1; j < times.length; j++) {
      worst = Math.max(worst, j - i - (ratePerSecond * ((times[j] ?? 0) - (times[i] ?? 0))) / 1000);
    }
  }
  return worst;
}

/** The most sends in any half-open window [t, t + windowMs) (a window starting at a send is the worst case). */
function mostInWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    const start = times[i] ?? 0;
    most = Math.max(most, times.filter((t) => t >= start && t < start + windowMs).length);
  }
  return most;
}

describe('the token bucket', () => {
  it('never lets more through than its rate allows over any window, whatever the work between takes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { minLength: 2, maxLength: 60 }),
        async (ratePerSecond, work) => {
          const clock = simulatedClock(1_000);
          const bucket = createTokenBucket({ ratePerSecond }, clock);
          const sent: number[] = [];
          for (const ms of work) {
            clock.advance(ms);
            await bucket.take();
            sent.push(clock.now());
          }
          expect(worstExcess(sent, ratePerSecond)).toBeLessThanOrEqual(EPSILON);
        },
      ),
    );
  });

  it('holds the rate for takes in flight together, and for timers that fire late', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 50, noNaN: true })), {
          minLength: 2,
          maxLength: 40,
        }),
        async (ratePerSecond, takes) => {
          const clock = eventClock(1_000);
          // Each wait ends 0–50 ms late, as timers do under a busy event loop.
          let waits = 0;
          const late = {
            now: clock.now,
            sleep: (ms: number) => clock.sleep(ms + (takes[waits++ % takes.length]?.[1] ?? 0)),
          };
          const bucket = createTokenBucket({ ratePerSecond }, late);
          const sent: number[] = [];
          await clock.run(() =>
            Promise.all(
              takes.map(async ([startTick]) => {
                await clock.sleep(startTick);
                await bucket.take();
                sent.push(clock.now());
              }),
            ),
          );
          expect(sent).toHaveLength(takes.length);
          expect(worstExcess(sent, ratePerSecond)).toBeLessThanOrEqual(EPSILON);
        },
      ),
    );
  });

  it('keeps any one-second window of 14 × 0.95 per second at 14 sends or fewer, the SES limit itself', async () => {
    const clock = simulatedClock();
    const bucket = createTokenBucket({ ratePerSecond: 14 * 0.95 }, clock);
    const sent: number[] = [];
    for (let i = 0; i < 500; i++) {
      await bucket.take();
      sent.push(clock.now());
    }

    expect(mostInWindow(sent, 1_000)).toBe(14);
    // …and it sends at that rate, not below it: 500 sends take 499 intervals.
    expect(sent.at(-1)).toBeCloseTo((499 * 1_000) / 13.3, 6);
  });

  it('waits only for what is left of the interval, and not at all when the work took longer', async () => {
    const clock = simulatedClock();
    const bucket = createTokenBucket({ ratePerSecond: 10 }, clock);

    await bucket.take();
    clock.advance(30);
    await bucket.take();
    clock.advance(250);
    await bucket.take();

    expect(clock.sleeps).toEqual([70]);
  });

  it('refuses a rate it cannot pace at', () => {
    for (const ratePerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createTokenBucket({ ratePerSecond }, simulatedClock())).toThrow(RangeError);
    }
  });
});

describe('planSending', () => {
  const quota = { maxSendRate: 14, max24HourSend: 50_000, sentLast24Hours: 40_000, source: 'ses' } as const;

  it('paces at 95 % of the max send rate and leaves 5 % of the 24-hour quota for other mail', () => {
    const plan = planSending(quota, DEFAULT_SEND_PACING);

    expect(plan).toMatchObject({ quota, budget: 7_500 });
    expect(plan?.ratePerSecond).toBeCloseTo(13.3, 9);
  });

  it('grants no budget once the account is at or past its share, and no limit only when SES has none', () => {
    expect(planSending({ ...quota, sentLast24Hours: 48_000 }, DEFAULT_SEND_PACING)?.budget).toBe(0);
    expect(planSending({ ...quota, max24HourSend: Number.POSITIVE_INFINITY }, DEFAULT_SEND_PACING)?.budget).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('plans nothing when SES grants no send rate', () => {
    expect(planSending({ ...quota, maxSendRate: 0 }, DEFAULT_SEND_PACING)).toBeUndefined();
  });
});

const PROFILE = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' }],
  activities: [],
} as const;

function trainer(n: number): TrainerRecord {
  return {
    trainerId: `t_${n}`,
    email: `t${n}@example.com`,
    name: 'Sam',
    profile: { credentials: [...PROFILE.credentials], activities: [] },
    nextReminderOn: '2026-11-02',
    suppressed: false,
    remindersSent: [],
    revision: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

interface FakeRun {
  readonly deps: ReminderRunDependencies;
  readonly clock: EventClock;
  /** Simulated time of every send SES accepted. */
  readonly sentAt: number[];
  /** Every call that reached SES, accepted or not, by trainer id. */
  readonly sesCalls: string[];
  readonly metrics: string[];
  readonly savedCursors: unknown[];
  readonly pendingMarked: string[];
  readonly releaseRunLease: ReturnType<typeof vi.fn>;
  readonly complete: ReturnType<typeof vi.fn>;
}

/**
 * `due` trainers in one page; every DynamoDB and SES call is a fake that takes `workMs` of simulated time. `send`
 * may throw to stand for an SES refusal (it gets the trainer id).
 */
function fakeRun(options: {
  due: number;
  sendQuota: ReadSendQuota;
  workMs?: number;
  send?: (trainerId: string) => Promise<void>;
}): FakeRun {
  const clock = eventClock();
  const sentAt: number[] = [];
  const sesCalls: string[] = [];
  const metrics: string[] = [];
  const savedCursors: unknown[] = [];
  const pendingMarked: string[] = [];
  const work = () => clock.sleep(options.workMs ?? 5);
  const releaseRunLease = vi.fn(async () => undefined);
  const complete = vi.fn(async () => undefined);
  const trainers = Array.from({ length: options.due }, (_, n) => trainer(n + 1));
  const deps: ReminderRunDependencies = {
    trainers: {
      get: async (trainerId) => {
        await work();
        return trainer(Number(trainerId.slice('t_'.length)));
      },
      update: async (current) => {
        await work();
        return current;
      },
      markSuppressed: async () => true,
    },
    reminderLedger: {
      claim: async () => {
        await work();
        return { claimed: true, attempt: 1 };
      },
      markSent: async () => work(),
      markPending: async (key) => {
        pendingMarked.push(key.trainerId);
        await work();
      },
      markFailed: async () => work(),
      release: async () => undefined,
    },
    runCheckpoints: {
      acquireRunLease: async (input) => ({
        acquired: true as const,
        checkpoint: { ...input, leaseUntil: '', cursors: {}, expiresAt: 0 } as never,
      }),
      saveCursor: async ({ cursor }) => void savedCursors.push(cursor),
      releaseRunLease,
      complete,
    },
    suppressions: { isSuppressed: async () => false },
    readDue: async function* (): AsyncGenerator<DuePage> {
      yield { shard: 0, trainers, cursor: 'done', itemsRead: trainers.length, invalid: [] };
    },
    sendQuota: options.sendQuota,
    pacingClock: clock,
    mailer: {
      send: async (message) => {
        const trainerId = message.to.split('@')[0]?.replace(/^t/, 't_') ?? '';
        sesCalls.push(trainerId);
        await options.send?.(trainerId);
        await work();
        sentAt.push(clock.now());
        return { messageId: `m-${sentAt.length}` };
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
    metric: (name) => void metrics.push(name),
  };
  return { deps, clock, sentAt, sesCalls, metrics, savedCursors, pendingMarked, releaseRunLease, complete };
}

let invocation = 0;
function input(): ReminderRunInput {
  invocation += 1;
  return {
    runId: 'evt-2026-11-21',
    asOf: '2026-11-21',
    eventTime: new Date('2026-11-21T09:00:00Z'),
    holder: `req-${invocation}`,
    remainingMs: () => 600_000,
  };
}

const RUN_OPTIONS = {
  ...DEFAULT_RUN_OPTIONS,
  // No real waiting anywhere: a throttled retry waits on nothing.
  throttleRetry: { ...DEFAULT_RUN_OPTIONS.throttleRetry, sleep: async () => undefined },
};

/** Up to 16 trainers in flight, as with REMINDER_MAX_TRAINERS_IN_FLIGHT=16: the rate then decides (4 at 13.3/s). */
const CONCURRENT = { ...RUN_OPTIONS, pacing: { ...DEFAULT_SEND_PACING, maxTrainersInFlight: 16 } };

const runOn = (run: FakeRun, options = CONCURRENT) => run.clock.run(() => runReminders(run.deps, input(), options));

describe('a paced reminder run (simulated clock)', () => {
  /** Each fake call takes 30 ms, so one trainer (six calls around its send) takes about 180 ms. */
  const slowTrainers = () =>
    fakeRun({ due: 60, workMs: 30, sendQuota: configuredSendQuota({ maxSendRate: 14, max24HourSend: 1e6 }) });
  /** Simulated time from the first send to the last. */
  const span = (run: FakeRun) => (run.sentAt.at(-1) ?? 0) - (run.sentAt[0] ?? 0);
  const SLOTS_OF_59 = (59 * 1_000) / 13.3;

  it('hands SES at most 95 % of its max send rate in any window, and with four trainers in flight keeps up', async () => {
    const run = slowTrainers();

    const summary = await runOn(run);

    expect(trainersInFlightFor(14 * 0.95, 16)).toBe(4);
    expect(summary).toMatchObject({ status: 'completed', emailsSent: 60 });
    expect(worstExcess(run.sentAt, 14 * 0.95)).toBeLessThanOrEqual(EPSILON);
    expect(mostInWindow(run.sentAt, 1_000)).toBeLessThanOrEqual(14);
    // The 60 sends take their 59 slots and not a slot more.
    expect(span(run)).toBeCloseTo(SLOTS_OF_59, 6);
    expect(run.metrics).not.toContain(SES_SEND_THROTTLED_METRIC);
  });

  it('one trainer at a time (the default) stays under the rate too, but falls behind it when trainers are slow', async () => {
    const run = slowTrainers();

    const summary = await runOn(run, RUN_OPTIONS);

    expect(DEFAULT_SEND_PACING.maxTrainersInFlight).toBe(1);
    expect(summary).toMatchObject({ status: 'completed', emailsSent: 60 });
    expect(worstExcess(run.sentAt, 14 * 0.95)).toBeLessThanOrEqual(EPSILON);
    expect(span(run)).toBeGreaterThan(2 * SLOTS_OF_59);
  });

  it('sizes the trainers in flight to the rate: 1 at the SES sandbox rate, never above the maximum', () => {
    expect(trainersInFlightFor(1 * 0.95, 16)).toBe(1);
    expect(trainersInFlightFor(1_000, 16)).toBe(16);
    expect(trainersInFlightFor(14 * 0.95, 1)).toBe(1);
  });

  it('stops with a continuation before the 24-hour quota runs out, and the continuation ends the day there', async () => {
    // 100 a day, 80 already sent, 5 kept for other mail: 15 for the run, though 40 trainers are due.
    let sentToday = 80;
    const sendQuota: ReadSendQuota = async () => ({
      maxSendRate: 14,
      max24HourSend: 100,
      sentLast24Hours: sentToday,
      source: 'ses',
    });
    const run = fakeRun({
      due: 40,
      sendQuota,
      send: async () => {
        sentToday += 1;
      },
    });

    const first = await runOn(run);

    expect(first).toMatchObject({ status: 'continued', continued: true, emailsSent: 15, trainersRead: 15 });
    expect(sentToday).toBe(95);
    expect(run.metrics.filter((name) => name === SEND_QUOTA_REACHED_METRIC)).toHaveLength(1);
    // Resumes right after the 15th trainer, the day is not marked done, and the lease is handed back.
    expect(run.savedCursors.at(-1)).toMatchObject({ pk: 'TRAINER#t_15' });
    expect(run.complete).not.toHaveBeenCalled();
    expect(run.releaseRunLease).toHaveBeenCalledTimes(1);

    const second = await runOn(run);

    expect(second).toMatchObject({ status: 'quota-exhausted', continued: false, emailsSent: 0 });
    expect(sentToday).toBe(95);
    expect(run.metrics.filter((name) => name === SEND_QUOTA_REACHED_METRIC)).toHaveLength(2);
    expect(run.releaseRunLease).toHaveBeenCalledTimes(2);
  });

  it('makes no SES call after SES halts sending, though other trainers were in flight, and resumes before the first halted one', async () => {
    const dailyQuota = Object.assign(new Error('Daily message quota exceeded.'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    const run = fakeRun({
      due: 12,
      sendQuota: configuredSendQuota(),
      send: async (trainerId) => {
        if (trainerId === 't_4') throw classifySendError(dailyQuota);
      },
    });

    const summary = await runOn(run);

    expect(summary).toMatchObject({ status: 'halted', halted: true, emailsSent: 3 });
    expect(run.sesCalls).toEqual(['t_1', 't_2', 't_3', 't_4']);
    expect(run.metrics).toEqual(['SendingHalted']);
    // The trainers that were in flight when SES refused are left PENDING, the 4th first among them.
    expect(run.pendingMarked).toContain('t_4');
    expect(run.pendingMarked.every((id) => Number(id.slice(2)) >= 4)).toBe(true);
    expect(run.savedCursors.at(-1)).toMatchObject({ pk: 'TRAINER#t_3' });
  });

  it('counts every throttled send as a fault (metric), and still sends the email on a retry', async () => {
    let calls = 0;
    const run = fakeRun({
      due: 2,
      sendQuota: configuredSendQuota(),
      send: async () => {
        calls += 1;
        if (calls === 1) throw new SendThrottledError('rate', { awsErrorName: 'Throttling', cause: null });
      },
    });

    const summary = await runOn(run);

    expect(summary).toMatchObject({ status: 'completed', emailsSent: 2, pending: 0 });
    expect(run.metrics.filter((name) => name === SES_SEND_THROTTLED_METRIC)).toHaveLength(1);
  });

  it('sends nothing unpaced: a quota SES refuses to tell halts the run, any other failure fails the invocation', async () => {
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    const refused = fakeRun({ due: 3, sendQuota: () => Promise.reject(denied) });

    expect(await runOn(refused)).toMatchObject({ status: 'halted', emailsSent: 0 });
    expect(refused.metrics).toEqual(['SendingHalted']);
    expect(refused.releaseRunLease).toHaveBeenCalledTimes(1);

    const down = fakeRun({ due: 3, sendQuota: () => Promise.reject(new Error('socket hang up')) });

    await expect(runOn(down)).rejects.toThrow('socket hang up');
    expect(down.sentAt).toEqual([]);
    expect(down.releaseRunLease).toHaveBeenCalledTimes(1);
  });
});

describe('pacing configuration', () => {
  it('reads the rate fraction, the daily reserve and the trainers in flight from the environment, refusing nonsense by name', () => {
    expect(runOptionsFromEnv({}).pacing).toEqual(DEFAULT_SEND_PACING);
    expect(runOptionsFromEnv({ REMINDER_SEND_RATE_FRACTION: '0.5', REMINDER_DAILY_QUOTA_RESERVE: '0' }).pacing).toEqual(
      { rateFraction: 0.5, dailyReserveFraction: 0, maxTrainersInFlight: 1 },
    );
    expect(runOptionsFromEnv({ REMINDER_MAX_TRAINERS_IN_FLIGHT: '16' }).pacing.maxTrainersInFlight).toBe(16);
    expect(() => runOptionsFromEnv({ REMINDER_MAX_TRAINERS_IN_FLIGHT: '2.5' })).toThrow(/IN_FLIGHT/);
    expect(() => runOptionsFromEnv({ REMINDER_SEND_RATE_FRACTION: '1.5' })).toThrow(
      /REMINDER_SEND_RATE_FRACTION.*"1.5"/,
    );
    expect(() => runOptionsFromEnv({ REMINDER_DAILY_QUOTA_RESERVE: 'x' })).toThrow(/REMINDER_DAILY_QUOTA_RESERVE/);
  });

  it('uses the configured quota against the local emulator only, never against AWS', async () => {
    const local = { AWS_REGION: 'us-east-1', SES_ENDPOINT: 'http://127.0.0.1:8005' };
    expect(await sendQuotaFor(local, { SES_LOCAL_MAX_SEND_RATE: '2', SES_LOCAL_MAX_24_HOUR_SEND: '10' })()).toEqual({
      maxSendRate: 2,
      max24HourSend: 10,
      sentLast24Hours: 0,
      source: 'configured',
    });
    expect((await sendQuotaFor(local, {})()).maxSendRate).toBe(14);
    expect(() => sendQuotaFor(local, { SES_LOCAL_MAX_24_HOUR_SEND: '-1' })).toThrow(/SES_LOCAL_MAX_24_HOUR_SEND/);
    // In AWS the local variables change nothing: the quota is SES's (read lazily, so nothing is called here).
    const aws = sendQuotaFor({ AWS_REGION: 'us-east-1' }, { SES_LOCAL_MAX_SEND_RATE: '1000' });
    expect(aws).not.toBe(undefined);
  });
});
