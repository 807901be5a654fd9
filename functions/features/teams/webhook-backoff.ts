/**
 * When a failed delivery is tried again (ADR 0035): exponential, then flat at 8 hours, about 24 hours in all. The
 * n-th entry is the wait after the n-th failed attempt; after the last attempt fails the endpoint is turned off.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
  30,
  2 * 60,
  10 * 60,
  30 * 60,
  3_600,
  2 * 3_600,
  4 * 3_600,
  8 * 3_600,
  8 * 3_600,
];

/** Attempts in all: the first and one after each delay. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/**
 * The wait (seconds) after failed attempt `attempt` (1 = the first), scaled (locally shortened), or undefined: that
 * was the last attempt.
 */
export function retryDelaySeconds(attempt: number, scale = 1): number | undefined {
  const delay = RETRY_DELAYS_SECONDS[attempt - 1];
  return delay === undefined ? undefined : Math.round(delay * scale);
}
