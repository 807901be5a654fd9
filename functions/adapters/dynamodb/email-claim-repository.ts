import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, normaliseEmail } from './keys.js';

/**
 * One item per normalised address pointing at its trainer. The conditional put is what makes an address belong to
 * at most one trainer (no transactions needed).
 */
const EMAIL_CLAIM_VERSION = 1;

const emailClaimSchema = z.object({
  entity: z.literal(ENTITY.emailClaim),
  version: z.literal(EMAIL_CLAIM_VERSION),
  trainerId: z.string().check(z.minLength(1)),
  claimedAt: isoInstant,
});

export type EmailClaimResult =
  | { readonly outcome: 'claimed'; readonly trainerId: string }
  /** The address already belongs to `trainerId` (which may be the caller's own id on a retried confirmation). */
  | { readonly outcome: 'taken'; readonly trainerId: string };

export function createEmailClaimRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function claim(email: string, trainerId: string, now: Date): Promise<EmailClaimResult> {
    // Two rounds cover a release racing the claim; a third collision would mean churn we should not hide.
    for (let round = 0; ; round += 1) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.emailClaim(email),
              entity: ENTITY.emailClaim,
              version: EMAIL_CLAIM_VERSION,
              email: normaliseEmail(email),
              trainerId,
              claimedAt: now.toISOString(),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { outcome: 'claimed', trainerId };
      } catch (error) {
        if (!isConditionalCheckFailed(error) || round >= 1) throw error;
      }
      // dynalite ignores ReturnValuesOnConditionCheckFailure, so the owner is read back with a consistent read.
      const owner = await find(email);
      if (owner !== undefined) return { outcome: 'taken', trainerId: owner };
    }
  }

  /** The trainer id owning the address, if any. */
  async function find(email: string): Promise<string | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.emailClaim(email), ConsistentRead: true }),
    );
    return Item ? parseItem(emailClaimSchema, ENTITY.emailClaim, Item).trainerId : undefined;
  }

  /** Frees the address, but only if it still belongs to `trainerId`. */
  async function release(email: string, trainerId: string): Promise<boolean> {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.emailClaim(email),
          ConditionExpression: 'trainerId = :trainerId',
          ExpressionAttributeValues: { ':trainerId': trainerId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  return { claim, find, release };
}

export type EmailClaimRepository = ReturnType<typeof createEmailClaimRepository>;
