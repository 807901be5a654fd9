import type { Config } from './config.js';

/**
 * One Secrets Manager secret's string, read at cold start (the token-signing key, the Turnstile secret). The SDK
 * client is loaded here and only when a secret is read, so functions that read none never pay for it. Errors
 * propagate: a caller that cannot read its secret fails closed.
 */
export async function readSecretString(
  cfg: Pick<Config, 'AWS_REGION' | 'SECRETS_ENDPOINT'>,
  secretId: string,
): Promise<string | undefined> {
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const secrets = new SecretsManagerClient({
    region: cfg.AWS_REGION,
    ...(cfg.SECRETS_ENDPOINT ? { endpoint: cfg.SECRETS_ENDPOINT } : {}),
  });
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString;
  } finally {
    secrets.destroy();
  }
}
