import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDataSubjectOperations } from '../adapters/dynamodb/data-subject.js';
import { createDeliveryRepository } from '../adapters/dynamodb/delivery-repository.js';
import { createEmailClaimRepository } from '../adapters/dynamodb/email-claim-repository.js';
import { createPendingSignupRepository } from '../adapters/dynamodb/pending-signup-repository.js';
import { createProviderRepository } from '../adapters/dynamodb/provider-repository.js';
import { createQuarantineRepository } from '../adapters/dynamodb/quarantine-repository.js';
import { createReminderLedgerRepository } from '../adapters/dynamodb/reminder-ledger-repository.js';
import { createRunCheckpointRepository } from '../adapters/dynamodb/run-checkpoint-repository.js';
import { createSuppressionRepository } from '../adapters/dynamodb/suppression-repository.js';
import { createTrainerRepository } from '../adapters/dynamodb/trainer-repository.js';
import { createUnclaimedCompletionRepository } from '../adapters/dynamodb/unclaimed-completion-repository.js';
import { createUsedTokenRepository } from '../adapters/dynamodb/used-token-repository.js';
import type { SenderConfig } from '../adapters/email/index.js';
import { createMailer, createSesClient, type Mailer } from '../adapters/ses/index.js';
import { createDocumentClient } from './clients.js';
import { type Config, ConfigurationError, config as readConfig } from './config.js';
import { createTokenService, type TokenService } from './tokens.js';

/** Everything a handler needs, built once per cold start from configuration. */
export interface Dependencies {
  readonly config: Config;
  readonly client: DynamoDBDocumentClient;
  readonly repositories: ReturnType<typeof createRepositories>;
  readonly tokens: TokenService;
  readonly mailer: Mailer;
  readonly sender: SenderConfig;
  readonly links: Links;
}

export interface Links {
  readonly confirm: (token: string) => string;
  readonly status: (token: string) => string;
  readonly unsubscribe: (token: string) => string;
}

export function createRepositories(deps: { client: DynamoDBDocumentClient; tableName: string }) {
  return {
    trainers: createTrainerRepository(deps),
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
    dataSubject: createDataSubjectOperations(deps),
  };
}

export function createLinks(baseUrl: string): Links {
  const link = (path: string) => (token: string) => `${baseUrl}${path}?token=${encodeURIComponent(token)}`;
  return { confirm: link('/confirm'), status: link('/status'), unsubscribe: link('/unsubscribe') };
}

/** The signing key: from Secrets Manager in AWS (fail closed if unreadable), from the environment locally. */
async function tokenSigningKey(cfg: Config): Promise<string> {
  if (cfg.TOKEN_SIGNING_KEY) return cfg.TOKEN_SIGNING_KEY;
  if (!cfg.TOKEN_KEY_SECRET_ARN) throw new ConfigurationError('set TOKEN_KEY_SECRET_ARN or TOKEN_SIGNING_KEY');
  const secrets = new SecretsManagerClient({
    region: cfg.AWS_REGION,
    ...(cfg.SECRETS_ENDPOINT ? { endpoint: cfg.SECRETS_ENDPOINT } : {}),
  });
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: cfg.TOKEN_KEY_SECRET_ARN }));
  if (!SecretString || SecretString.length < 32) throw new ConfigurationError('token signing secret is empty or short');
  return SecretString;
}

export async function buildDependencies(cfg: Config): Promise<Dependencies> {
  const client = createDocumentClient(cfg);
  const sesClient = createSesClient({
    region: cfg.AWS_REGION,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}),
  });
  return {
    config: cfg,
    client,
    repositories: createRepositories({ client, tableName: cfg.TABLE_NAME }),
    tokens: createTokenService(await tokenSigningKey(cfg)),
    mailer: createMailer({
      client: sesClient,
      fromAddress: cfg.SENDER_ADDRESS,
      ...(cfg.SES_CONFIGURATION_SET ? { configurationSetName: cfg.SES_CONFIGURATION_SET } : {}),
    }),
    sender: { fromAddress: cfg.SENDER_ADDRESS, postalAddress: cfg.POSTAL_ADDRESS },
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
