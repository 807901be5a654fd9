import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { admitInWindow, type WindowAnswer, type WindowPolicy } from './fixed-window.js';
import { ENTITY, keys } from './keys.js';

/**
 * Requests per source network per fixed window (ADR 0024): one item per network and window (fixed-window.ts), so
 * concurrent requests never count past the limit.
 */
const SOURCE_IP_WINDOW_VERSION = 1;

export type SourceWindowPolicy = WindowPolicy;
export type SourceWindowAnswer = WindowAnswer;

export function createSourceIpWindowRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /** Counts one request from `network` in the window holding `now`, unless `limit` were already counted. */
  function admit(network: string, now: Date, policy: SourceWindowPolicy): Promise<SourceWindowAnswer> {
    const item = {
      keyOf: (windowStart: number) => keys.sourceIpWindow(network, windowStart),
      entity: ENTITY.sourceIpWindow,
      version: SOURCE_IP_WINDOW_VERSION,
    };
    return admitInWindow(client, tableName, item, now, policy);
  }

  return { admit };
}

export type SourceIpWindowRepository = ReturnType<typeof createSourceIpWindowRepository>;
