import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import { epochSeconds } from './ttl.js';

/**
 * Takes a hold (a rate-limit slot) with one conditional put: true when no live hold had the key and `item` is now
 * stored; false when one does, and nothing changed. A hold past its `expiresAt` counts as absent, because DynamoDB's
 * TTL removes expired items up to two days late (and dynalite never does).
 */
export async function claimTimedHold(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Readonly<Record<string, unknown>> & { readonly expiresAt: number },
  now: Date,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowEpoch',
        ExpressionAttributeValues: { ':nowEpoch': epochSeconds(now) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
