import type { SESClient } from '@aws-sdk/client-ses';
import type { RenderPng } from '../../adapters/cycle-timeline/index.js';
import { timelineRasteriser } from '../../adapters/cycle-timeline/timeline-png.js';
import { type DuePage, type DueTrainersInput, dueTrainers } from '../../adapters/dynamodb/due-index.js';
import type { ReminderLedgerRepository } from '../../adapters/dynamodb/reminder-ledger-repository.js';
import type { RunCheckpointRepository } from '../../adapters/dynamodb/run-checkpoint-repository.js';
import type { SuppressionRepository } from '../../adapters/dynamodb/suppression-repository.js';
import type { TrainerRepository } from '../../adapters/dynamodb/trainer-repository.js';
import type { SenderConfig } from '../../adapters/email/index.js';
import {
  configuredSendQuota,
  createSesClient,
  LOCAL_SEND_QUOTA,
  type Mailer,
  type ReadSendQuota,
  sesSendQuota,
  type ThrottleRetryOptions,
} from '../../adapters/ses/index.js';
import type { Config } from '../../common/config.js';
import { logger } from '../../common/logger.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import type { TokenService } from '../../common/tokens.js';
import type { Links } from '../../wiring/dependencies.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { DEFAULT_SEND_PACING, type PacingClock, REAL_PACING_CLOCK, type SendPacingOptions } from './send-pacing.js';

/** Log sink of the run (the shared logger fits); fields never hold a full address. */
export interface RunLogger {
  info(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
  warn(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
  error(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
}

/** Everything the reminder run touches, injected so tests can wrap any of it (crash after k sends …). */
export interface ReminderRunDependencies {
  readonly trainers: Pick<TrainerRepository, 'get' | 'update' | 'markSuppressed'>;
  readonly reminderLedger: Pick<
    ReminderLedgerRepository,
    'claim' | 'markSent' | 'markPending' | 'markFailed' | 'release'
  >;
  readonly runCheckpoints: Pick<
    RunCheckpointRepository,
    'acquireRunLease' | 'saveCursor' | 'releaseRunLease' | 'complete'
  >;
  readonly suppressions: Pick<SuppressionRepository, 'isSuppressed'>;
  /** `dueTrainers` bound to the table: shard by shard, paginated, in parallel. */
  readonly readDue: (input: Pick<DueTrainersInput, 'asOf' | 'shardCursors'>) => AsyncIterable<DuePage>;
  readonly mailer: Mailer;
  /** The account's SES quota, read at the start of every invocation (send-pacing.ts). */
  readonly sendQuota: ReadSendQuota;
  /** Monotonic time and waits of the send pacing (a simulated clock in tests: no real timing). */
  readonly pacingClock: PacingClock;
  readonly tokens: Pick<TokenService, 'issue'>;
  readonly links: Pick<Links, 'status' | 'unsubscribe' | 'reminderAction'>;
  readonly sender: SenderConfig;
  /** Wall clock for leases and ledger timestamps (a replayed event must still see real lease expiry). */
  readonly clock: () => Date;
  readonly logger: RunLogger;
  readonly metric: (name: string, value: number) => void;
  /** What draws each reminder's cycle timeline as a PNG, loaded on first use; absent: reminders go without one. */
  readonly timelinePng?: () => Promise<RenderPng | undefined>;
}

export interface ReminderRunOptions {
  /** SES rate-throttling retries inside one send (attempts include the first). */
  readonly throttleRetry: ThrottleRetryOptions;
  /** A throttled reminder is re-claimable after this long (the next invocation or the next day's run). */
  readonly pendingRetrySeconds: number;
  /** Ledger lease: after it a SENDING row (crash between send and mark) may be re-claimed and re-sent once. */
  readonly ledgerLeaseSeconds: number;
  /** How many times a reminder whose outcome stayed unknown is sent before it is given up (FAILED). */
  readonly maxSendAttempts: number;
  /** Run lease, extended after every page. */
  readonly runLeaseSeconds: number;
  /** Below this much remaining Lambda time no new trainer is started: checkpoint and continue. */
  readonly minRemainingMs: number;
  /** How much of the SES quota the run uses (send-pacing.ts). */
  readonly pacing: SendPacingOptions;
}

export const DEFAULT_RUN_OPTIONS: ReminderRunOptions = {
  throttleRetry: { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 },
  pendingRetrySeconds: 300,
  ledgerLeaseSeconds: 600,
  maxSendAttempts: 2,
  runLeaseSeconds: 900,
  minRemainingMs: 60_000,
  pacing: DEFAULT_SEND_PACING,
};

/** Why a pacing variable is refused, naming it and its value (none of them is a secret). */
function numberFrom(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  accept: (value: number) => boolean,
  rule: string,
): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!accept(value)) throw new Error(`${name} must be ${rule}, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * The run options with the pacing variables applied: REMINDER_SEND_RATE_FRACTION (share of the max send rate,
 * default 0.95), REMINDER_DAILY_QUOTA_RESERVE (share of the 24-hour quota left for other mail, default 0.05) and
 * REMINDER_MAX_TRAINERS_IN_FLIGHT (default 1; the rate sets how many up to it, see send-pacing.ts).
 * A bad value throws, so the invocation fails loudly instead of sending at an unintended pace.
 */
export function runOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  base: ReminderRunOptions = DEFAULT_RUN_OPTIONS,
): ReminderRunOptions {
  const rateFraction = numberFrom(env, 'REMINDER_SEND_RATE_FRACTION', (v) => v > 0 && v <= 1, 'in (0, 1]');
  const dailyReserveFraction = numberFrom(env, 'REMINDER_DAILY_QUOTA_RESERVE', (v) => v >= 0 && v < 1, 'in [0, 1)');
  const maxTrainersInFlight = numberFrom(
    env,
    'REMINDER_MAX_TRAINERS_IN_FLIGHT',
    (v) => Number.isInteger(v) && v >= 1 && v <= 64,
    'an integer from 1 to 64',
  );
  return {
    ...base,
    pacing: {
      rateFraction: rateFraction ?? base.pacing.rateFraction,
      dailyReserveFraction: dailyReserveFraction ?? base.pacing.dailyReserveFraction,
      maxTrainersInFlight: maxTrainersInFlight ?? base.pacing.maxTrainersInFlight,
    },
  };
}

/**
 * Where the quota comes from. In AWS always from SES (GetSendQuota; never assumed). Against the local emulator,
 * which answers no GetSendQuota, from SES_LOCAL_MAX_SEND_RATE / SES_LOCAL_MAX_24_HOUR_SEND, by default those of a
 * new production account (LOCAL_SEND_QUOTA); those two variables are ignored when no SES_ENDPOINT is set.
 */
export function sendQuotaFor(
  cfg: Pick<Config, 'AWS_REGION' | 'SES_ENDPOINT'>,
  env: Readonly<Record<string, string | undefined>>,
): ReadSendQuota {
  if (cfg.SES_ENDPOINT) {
    const positive = (v: number) => v > 0 && Number.isFinite(v);
    return configuredSendQuota({
      maxSendRate:
        numberFrom(env, 'SES_LOCAL_MAX_SEND_RATE', positive, 'a positive number') ?? LOCAL_SEND_QUOTA.maxSendRate,
      max24HourSend:
        numberFrom(env, 'SES_LOCAL_MAX_24_HOUR_SEND', (v) => Number.isInteger(v) && v > 0, 'a positive integer') ??
        LOCAL_SEND_QUOTA.max24HourSend,
    });
  }
  // Reading the quota sends nothing, so this client may retry a throttled or dropped call (the mailer's never does).
  // One client per region for the life of the container, like the mailer's: runDependencies runs per invocation.
  let client = quotaClients.get(cfg.AWS_REGION);
  if (!client) {
    client = createSesClient({ region: cfg.AWS_REGION, maxAttempts: 3 });
    quotaClients.set(cfg.AWS_REGION, client);
  }
  return sesSendQuota(client);
}

const quotaClients = new Map<string, SESClient>();

/** The run's dependencies from the shared ones, as the Lambda builds them. */
export function runDependencies(deps: MailingDependencies): ReminderRunDependencies {
  const { repositories, client, config } = deps;
  return {
    trainers: repositories.trainers,
    reminderLedger: repositories.reminderLedger,
    runCheckpoints: repositories.runCheckpoints,
    suppressions: repositories.suppressions,
    readDue: (input) => dueTrainers({ client, tableName: config.TABLE_NAME, ...input }),
    mailer: deps.mailer,
    sendQuota: sendQuotaFor(config, process.env),
    pacingClock: REAL_PACING_CLOCK,
    tokens: deps.tokens,
    links: deps.links,
    sender: deps.sender,
    clock: () => new Date(),
    logger,
    metric: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
    timelinePng: () => timelineRasteriser(logger),
  };
}
