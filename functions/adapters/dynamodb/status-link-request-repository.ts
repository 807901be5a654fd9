import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import { ENTITY, keys } from './keys.js';
import { claimTimedHold } from './timed-hold.js';
import { epochSeconds } from './ttl.js';

/**
 * "Email me my link": at most one status-link email per address per hour. One item per address, keyed by the hash
 * of the normalised address (keys.ts), holding only when the last link went out and when the hold ends; its TTL
 * removes it, so it keeps no address in clear and erasure has nothing to delete.
 */
const STATUS_LINK_REQUEST_VERSION = 1;

/** How long one emailed status link holds the address: a second request within it sends nothing. */
export const STATUS_LINK_INTERVAL_SECONDS = 3600;

export function createStatusLinkRequestRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /**
   * "May I email a status link to this address now?" One conditional put: true when no link went to it in the last
   * hour (the hold is recorded), false otherwise (nothing changed). A hold past its end counts as absent, because
   * DynamoDB removes expired items up to two days late (and dynalite never does).
   */
  function claim(email: string, now: Date): Promise<boolean> {
    return claimTimedHold(
      client,
      tableName,
      {
        ...keys.statusLinkRequest(email),
        entity: ENTITY.statusLinkRequest,
        version: STATUS_LINK_REQUEST_VERSION,
        sentAt: now.toISOString(),
        expiresAt: epochSeconds(now) + STATUS_LINK_INTERVAL_SECONDS,
      },
      now,
    );
  }

  /**
   * Undoes `claim` when SES certainly sent nothing, so the trainer may ask again at once. Only the hold taken at
   * `claimedAt` is removed: a later one belongs to another request.
   */
  async function release(email: string, claimedAt: Date): Promise<boolean> {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.statusLinkRequest(email),
          ConditionExpression: 'sentAt = :sentAt',
          ExpressionAttributeValues: { ':sentAt': claimedAt.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  return { claim, release };
}

export type StatusLinkRequestRepository = ReturnType<typeof createStatusLinkRequestRepository>;
