import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { createEmailClaimRepository } from './email-claim-repository.js';
import { isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, normaliseEmail } from './keys.js';
import { createTrainerRepository } from './trainer-repository.js';

export type SuppressionReason = 'unsubscribed' | 'bounce' | 'complaint';

export interface Suppression {
  readonly email: string;
  readonly reason: SuppressionReason;
  readonly suppressedAt: string;
}

const SUPPRESSION_VERSION = 1;

const suppressionSchema = z.object({
  entity: z.literal(ENTITY.suppression),
  version: z.literal(SUPPRESSION_VERSION),
  email: z.string().check(z.minLength(1)),
  reason: z.enum(['unsubscribed', 'bounce', 'complaint']),
  suppressedAt: isoInstant,
});

export interface AddSuppressionResult {
  /** False when the address was already suppressed (the first reason and time are kept). */
  readonly added: boolean;
  /** The confirmed trainer with this address, now flagged suppressed and out of the due index. */
  readonly trainerId?: string;
}

/**
 * The app's suppression list. `add` also flags the address's trainer and removes them from the due index, so
 * callers (unsubscribe, bounce/complaint handler) make one call and the daily run never selects them again.
 */
export function createSuppressionRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const emailClaims = createEmailClaimRepository({ client, tableName });
  const trainers = createTrainerRepository({ client, tableName });

  /** Idempotent: repeated events for the same address change nothing but still (re)flag the trainer. */
  async function add(email: string, reason: SuppressionReason, now: Date): Promise<AddSuppressionResult> {
    let added = true;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.suppression(email),
            entity: ENTITY.suppression,
            version: SUPPRESSION_VERSION,
            email: normaliseEmail(email),
            reason,
            suppressedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      added = false;
    }
    // Re-run even when already suppressed: a crash after the put above must not leave the trainer in the index.
    const trainerId = await emailClaims.find(email);
    if (trainerId !== undefined && (await trainers.markSuppressed(trainerId, now))) return { added, trainerId };
    return { added };
  }

  async function get(email: string): Promise<Suppression | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.suppression(email), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { entity: _entity, version: _version, ...record } = parseItem(suppressionSchema, ENTITY.suppression, Item);
    return record;
  }

  async function isSuppressed(email: string): Promise<boolean> {
    return (await get(email)) !== undefined;
  }

  /** Takes the address off the list (the trainer confirmed they want reminders again); idempotent. */
  async function remove(email: string): Promise<void> {
    await client.send(new DeleteCommand({ TableName: tableName, Key: keys.suppression(email) }));
  }

  return { add, get, isSuppressed, remove };
}

export type SuppressionRepository = ReturnType<typeof createSuppressionRepository>;
