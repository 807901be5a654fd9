/**
 * The account's SES sending quota: how many emails per second SES accepts, how many in any 24 hours, and how many
 * went out in the last 24 hours. The reminder run reads it once per invocation and paces itself under it
 * (functions/features/reminders/send-pacing.ts), so throttling is a fault and not the way the run finds its speed.
 */
import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';

export interface SendQuota {
  /** Emails per second SES accepts from the account. */
  readonly maxSendRate: number;
  /** Emails in any rolling 24 hours; `Number.POSITIVE_INFINITY` only when SES itself says "unlimited" (-1). */
  readonly max24HourSend: number;
  /** Emails the whole account sent in the last 24 hours (every function, not only the run). */
  readonly sentLast24Hours: number;
  /** Where the figures come from: SES itself, or the local configuration (the emulator has no quota). */
  readonly source: 'ses' | 'configured';
}

/** Reads the quota once; the run calls it at the start of every invocation, continuations included. */
export type ReadSendQuota = () => Promise<SendQuota>;

/** SES reads "-1" as "no 24-hour limit" (GetSendQuota's own documentation). */
const UNLIMITED = -1;

function finite(name: string, value: number | undefined): number {
  // A missing figure must not turn into "no limit": the caller stops instead of sending unpaced.
  if (value === undefined || !Number.isFinite(value) || value < UNLIMITED) {
    throw new TypeError(`SES GetSendQuota answered without a usable ${name} (${String(value)})`);
  }
  return value;
}

/**
 * SES v1 `GetSendQuota`. The client may retry (the call reads, it never sends), unlike the mailer's. Throws the SDK
 * error unchanged (the caller classifies it) or a TypeError when a figure is missing.
 */
export function sesSendQuota(client: SESClient): ReadSendQuota {
  return async () => {
    const out = await client.send(new GetSendQuotaCommand({}));
    const max24HourSend = finite('Max24HourSend', out.Max24HourSend);
    return {
      maxSendRate: finite('MaxSendRate', out.MaxSendRate),
      max24HourSend: max24HourSend === UNLIMITED ? Number.POSITIVE_INFINITY : max24HourSend,
      sentLast24Hours: finite('SentLast24Hours', out.SentLast24Hours),
      source: 'ses',
    };
  };
}

/**
 * The quota of a new SES production account in most regions (14 emails/s, 50,000 a day): what the local runtime
 * assumes, since the emulator (aws-ses-v2-local) answers no GetSendQuota at all (the request hangs).
 */
export const LOCAL_SEND_QUOTA = { maxSendRate: 14, max24HourSend: 50_000 } as const;

/**
 * A fixed quota for the local emulator: `limits` (default `LOCAL_SEND_QUOTA`), nothing sent in the last 24 hours
 * (the emulator counts nothing). Never used against AWS: see `runDependencies`.
 */
export function configuredSendQuota(
  limits: { readonly maxSendRate: number; readonly max24HourSend: number } = LOCAL_SEND_QUOTA,
): ReadSendQuota {
  return async () => ({ ...limits, sentLast24Hours: 0, source: 'configured' });
}
