/**
 * Provider webhook secrets in AWS: one Secrets Manager secret (`PROVIDER_SECRETS_ARN`, created by the stateful
 * stack) holding `{ "<providerId>": ["whsec_…", …] }`, newest last. The table still holds each provider's name and
 * course map; locally (no ARN) the table's secrets are used instead. See docs/webhooks.md and ADR 0009.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Provider } from '../adapters/dynamodb/provider-repository.js';
import type { Config } from '../common/config.js';
import { logger } from '../common/logger.js';
import { MetricUnit, metrics } from '../common/metrics.js';
import * as z from '../common/zod.js';
import { WebhookAuthenticationError } from './webhook-errors.js';
import { isValidSecret } from './webhook-signature.js';

/** A rotation lands within this long without a redeploy; removing a leaked secret takes effect as fast. */
export const PROVIDER_SECRETS_REFRESH_MS = 5 * 60 * 1000;
/** Two during a rotation, as in the table (provider-repository.ts). */
export const MAX_SECRETS_PER_PROVIDER = 2;
/** Emitted on every fail-closed answer; the stateless stack alarms on it (a 5xx response is not a Lambda error). */
export const PROVIDER_SECRETS_UNAVAILABLE_METRIC = 'ProviderSecretsUnavailable';

/** The secret could not be read or is malformed: the webhook fails closed (generic 5xx, provider retries). */
export class ProviderSecretsUnavailableError extends Error {
  override readonly name = 'ProviderSecretsUnavailableError';
  readonly code = 'webhook.provider-secrets-unavailable';
}

const ProviderEntrySchema = z
  .array(z.string().check(z.refine(isValidSecret, `not a "whsec_" secret of at least 24 bytes`)))
  .check(z.minLength(1), z.maxLength(MAX_SECRETS_PER_PROVIDER));

export interface ProviderSecrets {
  /**
   * The provider's current secrets (newest last), or undefined when the secret has no entry for it. Throws
   * `ProviderSecretsUnavailableError` when the secret cannot be read, is not a JSON object, or the entry is malformed.
   */
  readonly secretsFor: (providerId: string) => Promise<readonly string[] | undefined>;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * Reads the secret on first use (the cold start), keeps it for `refreshAfterMs`, then reads it again on the next
 * request. A failed read is never cached and never falls back to the previous value: a removed secret must stop
 * verifying within `refreshAfterMs`, so when the current value is unknown nothing is accepted.
 */
export function createProviderSecrets(input: {
  readonly client: Pick<SecretsManagerClient, 'send'>;
  readonly secretId: string;
  readonly refreshAfterMs?: number;
  /** Wall clock for the cache age (not the request time: a replayed old event must not pin an old value). */
  readonly clock?: () => number;
}): ProviderSecrets {
  const refreshAfterMs = input.refreshAfterMs ?? PROVIDER_SECRETS_REFRESH_MS;
  const clock = input.clock ?? (() => Date.now());
  let cached: { readonly registry: Readonly<Record<string, unknown>>; readonly readAt: number } | undefined;
  let reading: Promise<Readonly<Record<string, unknown>>> | undefined;

  async function read(): Promise<Readonly<Record<string, unknown>>> {
    let text: string | undefined;
    try {
      ({ SecretString: text } = await input.client.send(new GetSecretValueCommand({ SecretId: input.secretId })));
    } catch (error) {
      throw new ProviderSecretsUnavailableError(`provider secrets: GetSecretValue failed (${errorName(error)})`, {
        cause: error,
      });
    }
    let registry: unknown;
    try {
      registry = JSON.parse(text ?? '');
    } catch {
      // Never the text itself in the message: it holds every provider's secret.
      throw new ProviderSecretsUnavailableError('provider secrets: SecretString is not JSON');
    }
    if (typeof registry !== 'object' || registry === null || Array.isArray(registry)) {
      throw new ProviderSecretsUnavailableError('provider secrets: SecretString is not a JSON object');
    }
    return registry as Record<string, unknown>;
  }

  async function registry(): Promise<Readonly<Record<string, unknown>>> {
    if (cached && clock() - cached.readAt < refreshAfterMs) return cached.registry;
    reading ??= read()
      .then((value) => {
        cached = { registry: value, readAt: clock() };
        return value;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  }

  return {
    async secretsFor(providerId) {
      const current = await registry();
      // Own keys only: a provider id such as "constructor" must not find Object.prototype.
      if (!Object.hasOwn(current, providerId)) return undefined;
      const entry = ProviderEntrySchema.safeParse(current[providerId]);
      if (!entry.success) {
        const problems = entry.error.issues
          .map((issue) => `${[providerId, ...issue.path].join('.')}: ${issue.message}`)
          .join('; ');
        throw new ProviderSecretsUnavailableError(`provider secrets: ${problems}`);
      }
      return entry.data;
    },
  };
}

/** The Secrets Manager source when `PROVIDER_SECRETS_ARN` is set (AWS); undefined locally (table secrets). */
export function providerSecretsFromConfig(
  cfg: Pick<Config, 'PROVIDER_SECRETS_ARN' | 'AWS_REGION' | 'SECRETS_ENDPOINT'>,
): ProviderSecrets | undefined {
  if (!cfg.PROVIDER_SECRETS_ARN) return undefined;
  const client = new SecretsManagerClient({
    region: cfg.AWS_REGION,
    ...(cfg.SECRETS_ENDPOINT ? { endpoint: cfg.SECRETS_ENDPOINT } : {}),
  });
  return createProviderSecrets({ client, secretId: cfg.PROVIDER_SECRETS_ARN });
}

export type FindProvider = (providerId: string) => Promise<Provider | undefined>;

/**
 * The provider as the webhook verifies it: name and course map from the table; secrets from `secrets` when given
 * (AWS), else the table's (local). A provider in the table but absent from the secret is refused (401), and an
 * unreadable secret throws (5xx) after `onUnavailable` — never a fallback to the table's secrets.
 */
export function createProviderLookup(input: {
  readonly findProvider: FindProvider;
  readonly secrets: ProviderSecrets | undefined;
  readonly onUnavailable: (error: ProviderSecretsUnavailableError) => void;
}): FindProvider {
  const { findProvider, secrets } = input;
  if (!secrets) return findProvider;
  return async (providerId) => {
    const provider = await findProvider(providerId);
    if (!provider) return undefined;
    let current: readonly string[] | undefined;
    try {
      current = await secrets.secretsFor(provider.providerId);
    } catch (error) {
      if (error instanceof ProviderSecretsUnavailableError) input.onUnavailable(error);
      throw error;
    }
    if (!current) throw new WebhookAuthenticationError('provider-not-in-secrets');
    return { ...provider, secrets: current };
  };
}

/**
 * The webhook Lambda's provider lookup, built on the first delivery (the cold start) from configuration: with
 * `PROVIDER_SECRETS_ARN` the secrets come from Secrets Manager (cached, refreshed every 5 minutes), without it from
 * the table (local runtime).
 */
export function lazyProviderLookup(
  load: () => Promise<{
    readonly config: Config;
    readonly repositories: { readonly providers: { get: FindProvider } };
  }>,
): FindProvider {
  let lookup: FindProvider | undefined;
  return async (providerId) => {
    const deps = await load();
    lookup ??= createProviderLookup({
      findProvider: deps.repositories.providers.get,
      secrets: providerSecretsFromConfig(deps.config),
      onUnavailable: (error) => {
        logger.error('provider secrets unavailable; refusing webhooks', { providerId, reason: error.message });
        metrics.addMetric(PROVIDER_SECRETS_UNAVAILABLE_METRIC, MetricUnit.Count, 1);
      },
    });
    return lookup(providerId);
  };
}
