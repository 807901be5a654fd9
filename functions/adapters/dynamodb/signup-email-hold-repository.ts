import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from './errors.js';
import { ENTITY, keys } from './keys.js';
import { claimTimedHold } from './timed-hold.js';
import { epochSeconds } from './ttl.js';

/**
 * At most one sign-up email (a confirmation link or an "already signed up" notice) per mailbox per 24 h, whatever
 * variant of the address was typed (`+tag`, Gmail dots: keys.ts). The pending sign-up keeps its own 24-h slot per
 * address as typed; this item is the one its variants share. One item per mailbox, keyed by a hash, holding the nonce
 * hash of the link it was taken for and when the hold ends; its TTL removes it, so it keeps no address in clear and
 * erasure has nothing to delete.
 */
const SIGNUP_EMAIL_HOLD_VERSION = 1;

/** The sign-up limit: one email per mailbox per day (the same 24 h as the pending sign-up's own slot). */
export const SIGNUP_EMAIL_HOLD_SECONDS = 24 * 3600;

/** When SES may or may not have sent it: the same quarter of an hour as `UNKNOWN_OUTCOME_HOLD_MS`. */
export const SIGNUP_EMAIL_UNKNOWN_OUTCOME_SECONDS = 15 * 60;

export function createSignupEmailHoldRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /**
   * "May a sign-up email go to this mailbox now?" One conditional put: true when none went to it (under any variant)
   * in the last 24 h, and the hold is recorded for `nonceHash`; false otherwise, and nothing changed. A hold past its
   * end counts as absent, because DynamoDB removes expired items up to two days late (and dynalite never does).
   */
  function claim(email: string, nonceHash: string, now: Date): Promise<boolean> {
    return claimTimedHold(
      client,
      tableName,
      {
        ...keys.signupEmailHold(email),
        entity: ENTITY.signupEmailHold,
        version: SIGNUP_EMAIL_HOLD_VERSION,
        nonceHash,
        heldAt: now.toISOString(),
        expiresAt: epochSeconds(now) + SIGNUP_EMAIL_HOLD_SECONDS,
      },
      now,
    );
  }

  /** Moves the end of the hold taken for `nonceHash` (a later hold belongs to another request and is left alone). */
  async function endAt(email: string, nonceHash: string, expiresAt: number): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.signupEmailHold(email),
          UpdateExpression: 'SET expiresAt = :expiresAt',
          ConditionExpression: 'nonceHash = :nonceHash',
          ExpressionAttributeValues: { ':expiresAt': expiresAt, ':nonceHash': nonceHash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Gives the hold back at once: SES certainly sent nothing, or the address's own 24-h slot said no. An update, not a
   * delete: the public sign-up function may not delete items (least privilege, infra tests).
   */
  function release(email: string, nonceHash: string, now: Date): Promise<boolean> {
    return endAt(email, nonceHash, epochSeconds(now));
  }

  /** SES may or may not have sent it: hold the mailbox a quarter of an hour, not a day. */
  function shorten(email: string, nonceHash: string, now: Date): Promise<boolean> {
    return endAt(email, nonceHash, epochSeconds(now) + SIGNUP_EMAIL_UNKNOWN_OUTCOME_SECONDS);
  }

  return { claim, release, shorten };
}

export type SignupEmailHoldRepository = ReturnType<typeof createSignupEmailHoldRepository>;
