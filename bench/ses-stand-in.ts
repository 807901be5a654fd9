/**
 * An SES stand-in for the pacing bench: accepts at most `maxSendRate` emails in any sliding second (the 15th inside
 * one second of the first is refused with SES's own "Throttling / Maximum sending rate exceeded" error) and answers
 * GetSendQuota from what it accepted. Stricter than SES, which tolerates short bursts: zero throttles here means zero
 * against SES. Nothing is rendered to MIME or stored; the run still renders every email before it sends.
 */
import { performance } from 'node:perf_hooks';
import { classifySendError, type Mailer, type ReadSendQuota } from '../functions/adapters/ses/index.js';

export interface SesStandIn {
  readonly mailer: Mailer;
  readonly sendQuota: ReadSendQuota;
  /** `performance.now()` of every accepted email. */
  readonly acceptedAt: readonly number[];
  /** Sends refused as over the rate. */
  throttled(): number;
}

export function createSesStandIn(limits: {
  readonly maxSendRate: number;
  readonly max24HourSend: number;
  readonly sentLast24Hours?: number;
  /** Added before SES "accepts": the round trip a real SendRawEmail takes. */
  readonly latencyMs?: number;
}): SesStandIn {
  const acceptedAt: number[] = [];
  let throttled = 0;
  // Index of the oldest accepted send still inside the sliding second.
  let windowStart = 0;
  return {
    acceptedAt,
    throttled: () => throttled,
    sendQuota: async () => ({
      maxSendRate: limits.maxSendRate,
      max24HourSend: limits.max24HourSend,
      sentLast24Hours: (limits.sentLast24Hours ?? 0) + acceptedAt.length,
      source: 'ses',
    }),
    mailer: {
      async send() {
        // The request reaches SES half-way through the round trip, the answer comes back after the rest.
        const half = (limits.latencyMs ?? 0) / 2;
        if (half > 0) await new Promise((resolve) => setTimeout(resolve, half));
        const now = performance.now();
        while (windowStart < acceptedAt.length && (acceptedAt[windowStart] ?? 0) <= now - 1_000) windowStart += 1;
        if (acceptedAt.length - windowStart >= limits.maxSendRate) {
          throttled += 1;
          // Shaped like the SDK's error, so the mailer's own classification (SendThrottledError) applies.
          throw classifySendError(
            Object.assign(new Error('Maximum sending rate exceeded.'), {
              name: 'Throttling',
              $metadata: { httpStatusCode: 400 },
            }),
          );
        }
        acceptedAt.push(now);
        const messageId = `stand-in-${acceptedAt.length}`;
        if (half > 0) await new Promise((resolve) => setTimeout(resolve, half));
        return { messageId };
      },
    },
  };
}
