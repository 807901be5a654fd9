import { randomBytes } from 'node:crypto';
import { createRepositories } from '../../functions/wiring/dependencies.js';
import { CAPTCHA_VARIABLES } from '../../scripts/local/local-env.js';
import { type LocalDynamo, startLocalDynamo } from './local-dynamodb.js';
import { type SesLocal, startSesLocal } from './ses-local.js';

export interface LocalAws {
  readonly dynamo: LocalDynamo;
  readonly ses: SesLocal;
  readonly repositories: ReturnType<typeof createRepositories>;
  readonly tokenSigningKey: string;
  stop(): Promise<void>;
}

export const TEST_BASE_URL = 'http://localhost:3000';

/**
 * Starts a local DynamoDB (dynalite, or DynamoDB Local with RECERT_DDB_BACKEND=dynamodb-local) and the SES
 * emulator on loopback, and points `process.env` at them, so handlers run unchanged: only endpoints differ.
 * Call it before the first handler invocation in a test file (handlers build their dependencies lazily).
 */
export async function startLocalAws(): Promise<LocalAws> {
  const [dynamo, ses] = await Promise.all([startLocalDynamo(), startSesLocal()]);
  const tokenSigningKey = randomBytes(32).toString('hex');
  // The CAPTCHA stays off unless a test turns it on itself (a developer's shell must not flip the suite).
  for (const name of CAPTCHA_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: dynamo.tableName,
    BASE_URL: TEST_BASE_URL,
    SENDER_ADDRESS: 'Recert <reminders@recert.example.com>',
    POSTAL_ADDRESS: 'Recert, 100 Main Street, Springfield, IL 62701, USA',
    TOKEN_SIGNING_KEY: tokenSigningKey,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SES_ENDPOINT: ses.endpoint,
    RECERT_LOG_LEVEL: process.env.RECERT_DEBUG_LOGS ? 'info' : 'silent',
  });
  return {
    dynamo,
    ses,
    repositories: createRepositories({ client: dynamo.client, tableName: dynamo.tableName }),
    tokenSigningKey,
    async stop() {
      await Promise.all([dynamo.stop(), ses.stop()]);
    },
  };
}
