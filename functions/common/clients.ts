import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from './config.js';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Bounds on one DynamoDB HTTP attempt (the SDK's standard retries still apply): a hung call must not hang a run. */
export const DYNAMODB_HTTP_TIMEOUTS = { connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 } as const;

/** A document client; locally it points at dynalite with dummy credentials. */
export function createDocumentClient(
  cfg: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
  timeouts: { readonly connectionTimeoutMs: number; readonly requestTimeoutMs: number } = DYNAMODB_HTTP_TIMEOUTS,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: cfg.AWS_REGION,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Without it this SDK version only logs a warning when requestTimeout passes, and the call keeps hanging.
      throwOnRequestTimeout: true,
    },
    ...(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT, credentials: localCredentials } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
