import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createCalendarFeedRepository } from '../adapters/dynamodb/calendar-feed-repository.js';
import { createDataSubjectOperations } from '../adapters/dynamodb/data-subject.js';
import { createDeliveryRepository } from '../adapters/dynamodb/delivery-repository.js';
import { createEmailClaimRepository } from '../adapters/dynamodb/email-claim-repository.js';
import { createPendingSignupRepository } from '../adapters/dynamodb/pending-signup-repository.js';
import { createProviderRepository } from '../adapters/dynamodb/provider-repository.js';
import { createQuarantineRepository } from '../adapters/dynamodb/quarantine-repository.js';
import { createReminderLedgerRepository } from '../adapters/dynamodb/reminder-ledger-repository.js';
import { createRunCheckpointRepository } from '../adapters/dynamodb/run-checkpoint-repository.js';
import { createShareLinkRepository } from '../adapters/dynamodb/share-link-repository.js';
import { createShareViewWindowRepository } from '../adapters/dynamodb/share-view-window-repository.js';
import { createSignupEmailHoldRepository } from '../adapters/dynamodb/signup-email-hold-repository.js';
import { createSourceIpWindowRepository } from '../adapters/dynamodb/source-ip-window-repository.js';
import { createStatusLinkRequestRepository } from '../adapters/dynamodb/status-link-request-repository.js';
import { createSuppressionRepository } from '../adapters/dynamodb/suppression-repository.js';
import { createTeamDigestLedger } from '../adapters/dynamodb/team-digest-ledger.js';
import { createTeamRepository } from '../adapters/dynamodb/team-repository.js';
import { createTeamRosterRepository } from '../adapters/dynamodb/team-roster-repository.js';
import { createTeamWebhookRepository } from '../adapters/dynamodb/team-webhook-repository.js';
import { createTrainerRepository } from '../adapters/dynamodb/trainer-repository.js';
import { createUnclaimedCompletionRepository } from '../adapters/dynamodb/unclaimed-completion-repository.js';
import { createUsedTokenRepository } from '../adapters/dynamodb/used-token-repository.js';
import type { SenderConfig } from '../adapters/email/message.js';
import { type StatusEventPorts, type WebhookQueue, webhookQueueFor } from '../adapters/queue/webhook-queue.js';
import { createDocumentClient } from '../common/clients.js';
import { type Config, ConfigurationError, config as readConfig } from '../common/config.js';
import { readSecretString } from '../common/secrets.js';
import { createTokenService, type TokenService } from '../common/tokens.js';

/**
 * Everything a handler needs, built once per cold start from configuration. Sending email is separate
 * (`mailing-dependencies.ts`), so the functions that never send do not bundle the MIME library.
 */
export interface Dependencies {
  readonly config: Config;
  readonly client: DynamoDBDocumentClient;
  readonly repositories: ReturnType<typeof createRepositories>;
  readonly tokens: TokenService;
  readonly sender: SenderConfig;
  readonly links: Links;
  /** The status-change queue (ADR 0035), in functions deployed with WEBHOOK_QUEUE_URL. */
  readonly webhookQueue?: WebhookQueue | undefined;
}

export interface Links {
  readonly confirm: (token: string) => string;
  readonly status: (token: string) => string;
  readonly unsubscribe: (token: string) => string;
  readonly resubscribe: (token: string) => string;
  /** A reminder's action link ("I renewed my card", "I completed this"): a page that asks, then a form that acts. */
  readonly reminderAction: (token: string) => string;
}

export function createRepositories(deps: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    // `statusEvents`: set by buildDependencies when the function publishes status-change events (ADR 0035).
    trainers: createTrainerRepository(deps) as ReturnType<typeof createTrainerRepository> & {
      readonly statusEvents?: StatusEventPorts;
    },
    emailClaims: createEmailClaimRepository(deps),
    pendingSignups: createPendingSignupRepository(deps),
    usedTokens: createUsedTokenRepository(deps),
    suppressions: createSuppressionRepository(deps),
    deliveries: createDeliveryRepository(deps),
    quarantine: createQuarantineRepository(deps),
    unclaimedCompletions: createUnclaimedCompletionRepository(deps),
    providers: createProviderRepository(deps),
    reminderLedger: createReminderLedgerRepository(deps),
    runCheckpoints: createRunCheckpointRepository(deps),
    statusLinkRequests: createStatusLinkRequestRepository(deps),
    signupEmailHolds: createSignupEmailHoldRepository(deps),
    sourceIpWindows: createSourceIpWindowRepository(deps),
    dataSubject: createDataSubjectOperations(deps),
    calendarFeeds: createCalendarFeedRepository(deps),
    shareLinks: createShareLinkRepository(deps),
    shareViewWindows: createShareViewWindowRepository(deps),
    teams: createTeamRepository(deps),
    teamRosters: createTeamRosterRepository(deps),
    teamDigests: createTeamDigestLedger(deps),
    teamWebhooks: createTeamWebhookRepository(deps),
  };
}

export function createLinks(baseUrl: string): Links {
  const link = (path: string) => (token: string) => `${baseUrl}${path}?token=${encodeURIComponent(token)}`;
  return {
    confirm: link('/confirm'),
    status: link('/status'),
    unsubscribe: link('/unsubscribe'),
    resubscribe: link('/resubscribe'),
    reminderAction: link('/act'),
  };
}

/**
 * The token service. The key comes from Secrets Manager in AWS (fail closed if unreadable) or from the
 * environment locally. Functions deployed without a key (they handle no links, e.g. the SES event handler) get a
 * service that refuses every use, so building their dependencies does not fail.
 */
async function tokenService(cfg: Config): Promise<TokenService> {
  if (cfg.TOKEN_SIGNING_KEY) return createTokenService(cfg.TOKEN_SIGNING_KEY);
  if (!cfg.TOKEN_KEY_SECRET_ARN) return TOKENS_NOT_CONFIGURED;
  const key = await readSecretString(cfg, cfg.TOKEN_KEY_SECRET_ARN);
  if (!key || key.length < 32) throw new ConfigurationError('token signing secret is empty or short');
  return createTokenService(key);
}

const refuse = (): never => {
  throw new ConfigurationError('this function has no token signing key: set TOKEN_KEY_SECRET_ARN or TOKEN_SIGNING_KEY');
};
const TOKENS_NOT_CONFIGURED: TokenService = { issue: refuse, verify: refuse };

export async function buildDependencies(cfg: Config): Promise<Dependencies> {
  const client = createDocumentClient(cfg);
  const repositories = createRepositories({ client, tableName: cfg.TABLE_NAME });
  const webhookQueue = webhookQueueFor(cfg);
  return {
    config: cfg,
    client,
    // With the queue, every record save tells the trainer's teams' webhooks what changed (record/save-profile.ts).
    repositories: webhookQueue
      ? {
          ...repositories,
          trainers: {
            ...repositories.trainers,
            statusEvents: {
              webhooks: repositories.teamWebhooks,
              memberships: repositories.teamRosters,
              queue: webhookQueue,
            },
          },
        }
      : repositories,
    webhookQueue,
    tokens: await tokenService(cfg),
    sender: {
      fromAddress: cfg.SENDER_ADDRESS,
      postalAddress: cfg.POSTAL_ADDRESS,
      privacyUrl: `${cfg.BASE_URL.replace(/\/+$/, '')}/privacy`,
    },
    links: createLinks(cfg.BASE_URL),
  };
}

let cached: Promise<Dependencies> | undefined;

/** The process-wide dependencies; a failed build is not cached, so the next invocation retries it. */
export function dependencies(): Promise<Dependencies> {
  cached ??= buildDependencies(readConfig()).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
