import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import type { ItemKey } from './keys.js';
import { epochSeconds } from './ttl.js';

/**
 * A request counter per fixed window: one item per subject and window, raised by a conditional update, so concurrent
 * requests never count past the limit. The window is part of the key, so an old window's item is never read or
 * written again and its TTL (the window's end) only tidies up. Used by the per-network intake limit (ADR 0024) and
 * the per-link share limit (ADR 0031).
 */
export interface WindowPolicy {
  readonly windowSeconds: number;
  readonly limit: number;
}

export interface WindowAnswer {
  /** True: counted, go ahead. False: the window is full; nothing was written. */
  readonly admitted: boolean;
  /** When the current window ends, so a refusal can say when to come back. */
  readonly windowEndsAt: Date;
}

export interface WindowItem {
  /** The key of the window starting at `windowStart` (epoch seconds). */
  readonly keyOf: (windowStart: number) => ItemKey;
  readonly entity: string;
  readonly version: number;
}

/** Counts one request in the window holding `now`, unless `policy.limit` were already counted in it. */
export async function admitInWindow(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: WindowItem,
  now: Date,
  policy: WindowPolicy,
): Promise<WindowAnswer> {
  const windowStart = Math.floor(epochSeconds(now) / policy.windowSeconds) * policy.windowSeconds;
  const windowEnd = windowStart + policy.windowSeconds;
  const windowEndsAt = new Date(windowEnd * 1000);
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: item.keyOf(windowStart),
        UpdateExpression: 'SET entity = :entity, version = :version, expiresAt = :expiresAt ADD requests :one',
        ConditionExpression: 'attribute_not_exists(pk) OR requests < :limit',
        ExpressionAttributeValues: {
          ':entity': item.entity,
          ':version': item.version,
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
