import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** The environment handlers read (functions/shared/config.ts), pointed at the local emulators. */
export function localEnvironment(endpoints: LocalEndpoints, tokenSigningKey: string): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
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
  };
}

export function applyEnvironment(env: Readonly<Record<string, string>>, target: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) target[name] = value;
}
