/**
 * The run's pace under the account's SES quota (ADR 0025): read the quota once per invocation, send through a token
 * bucket at a fraction of the max send rate, and stop (with a continuation) before the run's share of the remaining
 * 24-hour quota is used up. SES throttling is then a fault, counted and alarmed, not how the run finds its speed.
 */
import {
  classifySendError,
  type Mailer,
  SendingHaltedError,
  SendOutcomeUnknownError,
  type SendQuota,
} from '../../adapters/ses/index.js';

/** Metric (count) of SES sends throttled by SES (retried ones included): a paced run has none; alarmed in infra. */
export const SES_SEND_THROTTLED_METRIC = 'SesSendThrottled';
/**
 * Emitted when an invocation stopped (or would not start) because the run's share of the 24-hour SES quota is used
 * up: the rest of the day's reminders wait for quota; alarmed in infra (raise the quota, ADR 0025).
 */
export const SEND_QUOTA_REACHED_METRIC = 'ReminderSendQuotaReached';

/** Monotonic time in milliseconds and a way to wait: real timers in Lambda, a simulated clock in tests. */
export interface PacingClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** How much earlier than asked a real sleep sets its timer (see `REAL_PACING_CLOCK`). */
const TIMER_MARGIN_MS = 2;

export const REAL_PACING_CLOCK: PacingClock = {
  // performance.now is monotonic: a wall-clock step (NTP) can neither stall the run nor let a burst through.
  now: () => performance.now(),
  // A timer fires a millisecond or two late, and every late send moves all later ones (the bucket never catches
  // up): at 75 ms between sends that alone would cost 2–3 % of the rate. So the timer is set a little early and
  // the rest is waited out one event-loop turn at a time, which lets the other trainers in flight run meanwhile.
  sleep: async (ms) => {
    const until = performance.now() + ms;
    if (ms > TIMER_MARGIN_MS) await new Promise<void>((resolve) => setTimeout(resolve, ms - TIMER_MARGIN_MS));
    while (performance.now() < until) await new Promise<void>((resolve) => setImmediate(resolve));
  },
};

export interface TokenBucket {
  readonly ratePerSecond: number;
  /** Resolves when the caller may send one email; concurrent callers are served one after another, in order. */
  take(): Promise<void>;
}

/**
 * A token bucket holding one token: each take is handed out at least `1/rate` after the previous one was, measured
 * when it was actually handed out. So no window of length w ever holds more than `1 + w × rate` sends, even when
 * a timer fires late or the event loop is busy with the other trainers in flight; time lost that way is not made up
 * in a burst (a late send only moves the next one later). At 14 × 0.95 per second that is at most 14 in any second.
 */
export function createTokenBucket(options: { readonly ratePerSecond: number }, clock: PacingClock): TokenBucket {
  const { ratePerSecond } = options;
  if (!(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${ratePerSecond}`);
  }
  const interval = 1000 / ratePerSecond;
  let last = Number.NEGATIVE_INFINITY;
  // Takes wait in line: each one starts counting only once the one before it was handed out.
  let line: Promise<void> = Promise.resolve();
  return {
    ratePerSecond,
    take() {
      const turn = line.then(async () => {
        for (let left = last + interval - clock.now(); left > 0; left = last + interval - clock.now()) {
          await clock.sleep(left);
        }
        last = clock.now();
      });
      line = turn;
      return turn;
    },
  };
}

export interface SendPacingOptions {
  /** Share of the account's max send rate the run uses; the rest is headroom for sign-up and credit emails. */
  readonly rateFraction: number;
  /** Share of the 24-hour quota the run leaves unused, so sign-up confirmations still go out on a full day. */
  readonly dailyReserveFraction: number;
  /**
   * Most trainers handled at once; the rate decides how many of them are used (`trainersInFlightFor`). 1 (the
   * default) keeps ADR 0010's bound of one email in doubt per crash; more lets the run reach the rate (ADR 0025).
   */
  readonly maxTrainersInFlight: number;
}

export const DEFAULT_SEND_PACING: SendPacingOptions = {
  rateFraction: 0.95,
  dailyReserveFraction: 0.05,
  maxTrainersInFlight: 1,
};

/**
 * What one trainer may take, reads and writes and the SES call together, for the run to still keep up with its
 * bucket: measured at 40–50 ms on DynamoDB Local (bench/reminder-pacing.ts), so this leaves room for AWS latency.
 */
export const TRAINER_TIME_ALLOWANCE_MS = 250;

/**
 * Trainers in flight so that one email can leave every `1/rate` while each trainer takes up to the allowance:
 * 1 at SES's sandbox rate (1/s), 4 at 14 × 0.95 per second, never more than `max`. One at a time could not keep
 * up: a trainer is a chain of DynamoDB and SES round trips longer than the 75 ms between two sends at 13.3/s.
 */
export function trainersInFlightFor(ratePerSecond: number, max: number): number {
  return Math.max(1, Math.min(max, Math.ceil((ratePerSecond * TRAINER_TIME_ALLOWANCE_MS) / 1000)));
}

export interface SendPlan {
  readonly quota: SendQuota;
  /** The bucket's rate: max send rate × `rateFraction`. */
  readonly ratePerSecond: number;
  /** Emails this invocation may hand to SES: the unused 24-hour quota minus the reserve (Infinity if SES has none). */
  readonly budget: number;
}

/** What this invocation may send, from the quota just read. `undefined` when SES grants no send rate at all. */
export function planSending(quota: SendQuota, options: SendPacingOptions): SendPlan | undefined {
  const ratePerSecond = quota.maxSendRate * options.rateFraction;
  if (!(ratePerSecond > 0)) return undefined;
  const reserve = Math.ceil(quota.max24HourSend * options.dailyReserveFraction);
  const budget = Number.isFinite(quota.max24HourSend)
    ? Math.max(0, Math.floor(quota.max24HourSend - reserve - quota.sentLast24Hours))
    : Number.POSITIVE_INFINITY;
  return { quota, ratePerSecond, budget };
}

export interface PacedMailer extends Mailer {
  /** Sends that may have reached SES so far (accepted, or outcome unknown): what counts against the budget. */
  used(): number;
}

/**
 * Every SES call through the bucket, retries after throttling included. A send counts against the 24-hour budget
 * unless SES certainly refused it; a doubtful one (outcome unknown) counts, so the budget is never overrun. Once SES
 * halts sending (quota, pause, suspension), the trainers still in flight get the same refusal without another
 * call, exactly as if they had been sent one at a time.
 */
export function pacedMailer(inner: Mailer, bucket: TokenBucket): PacedMailer {
  let used = 0;
  let halted: SendingHaltedError | undefined;
  return {
    used: () => used,
    async send(message, options) {
      if (halted) throw halted;
      await bucket.take();
      if (halted) throw halted;
      try {
        const result = await inner.send(message, options);
        used += 1;
        return result;
      } catch (error) {
        const failure = classifySendError(error);
        if (failure instanceof SendOutcomeUnknownError) used += 1;
        if (failure instanceof SendingHaltedError) halted ??= failure;
        throw error;
      }
    },
  };
}

/** Why a quota read leaves nothing to do: SES refuses the account or the caller, or grants no rate. */
export function quotaReadHalt(error: unknown): SendingHaltedError | undefined {
  const failure = classifySendError(error);
  return failure instanceof SendingHaltedError ? failure : undefined;
}
