/**
 * TTL values are epoch SECONDS (DynamoDB ignores millisecond values silently, deleting nothing for 50,000 years).
 * DynamoDB deletes expired items lazily, up to about two days late, and dynalite never does, so every read of an
 * ephemeral item also checks `isLive`.
 */

const SECONDS_PER_DAY = 86_400;

/** `now` plus `days` (may be fractional) as whole epoch seconds. */
export function epochSecondsFrom(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + Math.round(days * SECONDS_PER_DAY);
}

export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** True while the item's TTL lies in the future; items without a TTL never expire. */
export function isLive(expiresAt: number | undefined, now: Date): boolean {
  return expiresAt === undefined || expiresAt > epochSeconds(now);
}

/** How long each ephemeral family is kept, in days. */
export const TTL_DAYS = {
  /** Pending sign-ups: at most 7 days (confirmed opt-in, reliability item 27). */
  pendingSignup: 7,
  /** Webhook delivery ids: providers retry for up to ~3 days, so 7 covers the retry horizon with margin. */
  delivery: 7,
  /** Quarantined deliveries wait for an operator; they hold raw learner data, so they do not live forever. */
  quarantine: 90,
  /** Completions for addresses nobody has confirmed yet. */
  unclaimedCompletion: 365,
  /** Daily run checkpoints are only useful on the day and the day after. */
  runCheckpoint: 30,
} as const;
