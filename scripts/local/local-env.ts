import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_WEBHOOK_QUEUE_URL } from '../../functions/adapters/queue/webhook-queue.js';
import { TURNSTILE_SITE_KEY_PATTERN } from '../../functions/common/config.js';

/** Where the local runtime keeps state by default: git-ignored, survives restarts. */
export const DEFAULT_STATE_DIR = '.recert';
export const LOCAL_TABLE_NAME = 'recert-local';
export const LOCAL_SENDER_ADDRESS = 'Recert <reminders@recert.local>';
/** A sample postal address for the CAN-SPAM footer of locally sent email. */
export const LOCAL_POSTAL_ADDRESS = 'Recert (local), 100 Example Street, Springfield, IL 62701, USA';

export interface LocalEndpoints {
  readonly baseUrl: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  readonly sesEndpoint: string;
}

/**
 * The local token-signing key: generated once, kept in `<stateDir>/token-key` (git-ignored) so links in emails
 * keep working across restarts. `wx` makes concurrent first starts agree on one key.
 */
export function readOrCreateTokenKey(stateDir: string): string {
  const file = join(stateDir, 'token-key');
  mkdirSync(stateDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

/** The sign-up CAPTCHA of a local run: off unless both keys are given (ADR 0015). */
export interface LocalCaptcha {
  readonly siteKey: string;
  readonly secretKey: string;
  /** A stand-in for Cloudflare's siteverify (tests); Cloudflare's own otherwise. */
  readonly siteverifyUrl?: string;
}

/** Every variable that turns the CAPTCHA on: cleared before a local stack sets its own, so none leaks in unasked. */
export const CAPTCHA_VARIABLES = [
  'TURNSTILE_SITE_KEY',
  'TURNSTILE_SECRET_KEY',
  'TURNSTILE_SECRET_ARN',
  'TURNSTILE_SITEVERIFY_URL',
] as const;

export class InvalidLocalCaptchaError extends Error {
  override readonly name = 'InvalidLocalCaptchaError';
  readonly code = 'local.captcha-invalid';
}

/**
 * `npm start` keeps the CAPTCHA off unless TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY are both set (Cloudflare's
 * public test keys work on localhost, in a browser with internet access). One without the other is a mistake, said
 * at start rather than as a 503 at the first sign-up.
 */
export function captchaFromEnv(env: NodeJS.ProcessEnv): LocalCaptcha | undefined {
  const siteKey = env.TURNSTILE_SITE_KEY?.trim() || undefined;
  const secretKey = env.TURNSTILE_SECRET_KEY?.trim() || undefined;
  if (siteKey === undefined && secretKey === undefined) return undefined;
  if (siteKey === undefined || secretKey === undefined) {
    throw new InvalidLocalCaptchaError(
      'Set both TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY to turn the sign-up CAPTCHA on, or neither to keep it off.',
    );
  }
  if (!TURNSTILE_SITE_KEY_PATTERN.test(siteKey)) {
    throw new InvalidLocalCaptchaError(`TURNSTILE_SITE_KEY is not a Turnstile site key: ${JSON.stringify(siteKey)}`);
  }
  const siteverifyUrl = env.TURNSTILE_SITEVERIFY_URL?.trim() || undefined;
  return { siteKey, secretKey, ...(siteverifyUrl ? { siteverifyUrl } : {}) };
}

function captchaEnvironment(captcha: LocalCaptcha | undefined): Record<string, string> {
  if (!captcha) return {};
  return {
    TURNSTILE_SITE_KEY: captcha.siteKey,
    TURNSTILE_SECRET_KEY: captcha.secretKey,
    ...(captcha.siteverifyUrl ? { TURNSTILE_SITEVERIFY_URL: captcha.siteverifyUrl } : {}),
  };
}

/** The environment handlers read (functions/common/config.ts), pointed at the local emulators. */
export function localEnvironment(
  endpoints: LocalEndpoints,
  tokenSigningKey: string,
  captcha?: LocalCaptcha,
): Record<string, string> {
  return {
    ...captchaEnvironment(captcha),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: endpoints.tableName,
    BASE_URL: endpoints.baseUrl,
    SENDER_ADDRESS: LOCAL_SENDER_ADDRESS,
    POSTAL_ADDRESS: LOCAL_POSTAL_ADDRESS,
    TOKEN_SIGNING_KEY: tokenSigningKey,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    // Clients built without an explicit endpoint still reach the emulators, never AWS.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SES: endpoints.sesEndpoint,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesEndpoint,
    // Team webhooks (ADR 0035): the local stack's in-process queue, a test receiver on loopback, and retries a
    // hundred times sooner (30 s → 0.3 s, 8 h → under 5 min).
    WEBHOOK_QUEUE_URL: LOCAL_WEBHOOK_QUEUE_URL,
    RECERT_ALLOW_LOOPBACK_WEBHOOKS: '1',
    RECERT_WEBHOOK_RETRY_SCALE: '0.01',
  };
}

export function applyEnvironment(env: Readonly<Record<string, string>>, target: NodeJS.ProcessEnv = process.env): void {
  for (const name of CAPTCHA_VARIABLES) delete target[name];
  for (const [name, value] of Object.entries(env)) target[name] = value;
}
