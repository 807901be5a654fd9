import { classifySendError, SendThrottledError } from './send-errors.js';

export interface ThrottleRetryOptions {
  /** Total attempts, the first one included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** Upper bound for one wait; 20 s unless said otherwise. */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); injected so tests are deterministic. */
  readonly random?: () => number;
  /**
   * Told of every throttled attempt, the retried ones included: a run paced under the quota is never throttled,
   * so each one is a fault to count (the reminder run emits a metric with an alarm on it).
   */
  readonly onThrottled?: (attempt: number) => void;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry `retry` (1-based): "full jitter" exponential back-off. */
export function throttleDelayMs(retry: number, options: ThrottleRetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs ?? 20_000, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Retries `fn` only while it fails with SES rate throttling, where nothing was sent. Every other failure — above
 * all an unknown outcome — is rethrown at once, because a retry could send the email twice. When the attempts run
 * out the last SendThrottledError is thrown and the caller leaves the reminder PENDING.
 */
export async function withThrottleRetry<T>(fn: () => Promise<T>, options: ThrottleRetryOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const throttled = classifySendError(err) instanceof SendThrottledError;
      if (throttled) options.onThrottled?.(attempt);
      if (!throttled || attempt >= options.attempts) throw err;
      await sleep(throttleDelayMs(attempt, options));
    }
  }
}
