import { type DuePage, type DueTrainersInput, dueTrainers } from '../../adapters/dynamodb/due-index.js';
import type { ReminderLedgerRepository } from '../../adapters/dynamodb/reminder-ledger-repository.js';
import type { RunCheckpointRepository } from '../../adapters/dynamodb/run-checkpoint-repository.js';
import type { SuppressionRepository } from '../../adapters/dynamodb/suppression-repository.js';
import type { TrainerRepository } from '../../adapters/dynamodb/trainer-repository.js';
import type { SenderConfig } from '../../adapters/email/index.js';
import type { Mailer, ThrottleRetryOptions } from '../../adapters/ses/index.js';
import { emitMetric, logger } from '../../common/logger.js';
import type { TokenService } from '../../common/tokens.js';
import type { Links } from '../../wiring/dependencies.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';

/** Log sink of the run (the shared logger fits); fields never hold a full address. */
export interface RunLogger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** Everything the reminder run touches, injected so tests can wrap any of it (crash after k sends …). */
export interface ReminderRunDependencies {
  readonly trainers: Pick<TrainerRepository, 'get' | 'update' | 'markSuppressed'>;
  readonly reminderLedger: Pick<
    ReminderLedgerRepository,
    'claim' | 'markSent' | 'markPending' | 'markFailed' | 'release' | 'listStuckSending'
  >;
  readonly runCheckpoints: Pick<
    RunCheckpointRepository,
    'acquireRunLease' | 'saveCursor' | 'releaseRunLease' | 'complete'
  >;
  readonly suppressions: Pick<SuppressionRepository, 'isSuppressed'>;
  /** `dueTrainers` bound to the table: shard by shard, paginated, in parallel. */
  readonly readDue: (input: Pick<DueTrainersInput, 'asOf' | 'shardCursors'>) => AsyncIterable<DuePage>;
  readonly mailer: Mailer;
  readonly tokens: Pick<TokenService, 'issue'>;
  readonly links: Pick<Links, 'status' | 'unsubscribe'>;
  readonly sender: SenderConfig;
  /** Wall clock for leases and ledger timestamps (a replayed event must still see real lease expiry). */
  readonly clock: () => Date;
  readonly logger: RunLogger;
  readonly metric: (name: string, value: number) => void;
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
}

export const DEFAULT_RUN_OPTIONS: ReminderRunOptions = {
  throttleRetry: { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 },
  pendingRetrySeconds: 300,
  ledgerLeaseSeconds: 600,
  maxSendAttempts: 2,
  runLeaseSeconds: 900,
  minRemainingMs: 60_000,
};

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
    tokens: deps.tokens,
    links: deps.links,
    sender: deps.sender,
    clock: () => new Date(),
    logger,
    metric: emitMetric,
  };
}
