import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import { ENTITY, keys } from './keys.js';
import { epochSeconds } from './ttl.js';

/**
 * Requests per source network per fixed window (ADR 0024): one item per network and window, a counter raised by a
 * conditional update, so concurrent requests never count past the limit. The window is part of the key, so an old
 * window's item is never read or written again and its TTL (the window's end) only tidies up.
 */
const SOURCE_IP_WINDOW_VERSION = 1;

export interface SourceWindowPolicy {
  readonly windowSeconds: number;
  readonly limit: number;
}

export interface SourceWindowAnswer {
  /** True: counted, go ahead. False: the window is full; nothing was written. */
  readonly admitted: boolean;
  /** When the current window ends, so a refusal can say when to come back. */
  readonly windowEndsAt: Date;
}

export function createSourceIpWindowRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /** Counts one request from `network` in the window holding `now`, unless `limit` were already counted. */
  async function admit(network: string, now: Date, policy: SourceWindowPolicy): Promise<SourceWindowAnswer> {
    const windowStart = Math.floor(epochSeconds(now) / policy.windowSeconds) * policy.windowSeconds;
    const windowEnd = windowStart + policy.windowSeconds;
    const windowEndsAt = new Date(windowEnd * 1000);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.sourceIpWindow(network, windowStart),
          UpdateExpression: 'SET entity = :entity, version = :version, expiresAt = :expiresAt ADD requests :one',
          ConditionExpression: 'attribute_not_exists(pk) OR requests < :limit',
          ExpressionAttributeValues: {
            ':entity': ENTITY.sourceIpWindow,
            ':version': SOURCE_IP_WINDOW_VERSION,
            ':expiresAt': windowEnd,
            ':one': 1,
            ':limit': policy.limit,
          },
        }),
      );
      return { admitted: true, windowEndsAt };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { admitted: false, windowEndsAt };
      throw error;
    }
  }

  return { admit };
}

export type SourceIpWindowRepository = ReturnType<typeof createSourceIpWindowRepository>;
