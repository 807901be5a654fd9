import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CompletionCredit } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { activitySchema, credentialSchema, epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, normaliseEmail, UNCLAIMED_COMPLETION_PREFIX } from './keys.js';
import { queryAll } from './query-all.js';
import { epochSecondsFrom, isLive, TTL_DAYS } from './ttl.js';

/** A course completion for an address with no confirmed trainer yet; attached when that address confirms. */
export interface UnclaimedCompletion {
  readonly email: string;
  readonly providerId: string;
  readonly webhookId: string;
  readonly credit: CompletionCredit;
  readonly certificateId?: string;
  readonly receivedAt: string;
  readonly expiresAt: number;
}

const UNCLAIMED_VERSION = 1;

const creditSchema: z.ZodMiniType<CompletionCredit> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('specialization'), credential: credentialSchema }),
  z.object({ kind: z.literal('activity'), activity: activitySchema }),
]);

const unclaimedSchema = z.object({
  entity: z.literal(ENTITY.unclaimedCompletion),
  version: z.literal(UNCLAIMED_VERSION),
  email: z.string(),
  providerId: z.string(),
  webhookId: z.string(),
  credit: creditSchema,
  certificateId: z.exactOptional(z.string()),
  receivedAt: isoInstant,
  expiresAt: epochSecondsSchema,
});

export interface AddUnclaimedInput {
  readonly email: string;
  readonly providerId: string;
  readonly webhookId: string;
  readonly credit: CompletionCredit;
  readonly certificateId?: string;
  readonly now: Date;
}

export function createUnclaimedCompletionRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /** Idempotent per (address, provider, webhook id): returns false when it was already stored. */
  async function add(input: AddUnclaimedInput): Promise<boolean> {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.unclaimedCompletion(input.email, input.providerId, input.webhookId),
            entity: ENTITY.unclaimedCompletion,
            version: UNCLAIMED_VERSION,
            email: normaliseEmail(input.email),
            providerId: input.providerId,
            webhookId: input.webhookId,
            credit: input.credit,
            ...(input.certificateId !== undefined ? { certificateId: input.certificateId } : {}),
            receivedAt: input.now.toISOString(),
            expiresAt: epochSecondsFrom(input.now, TTL_DAYS.unclaimedCompletion),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Every live unclaimed completion for the address, oldest webhook id order (all pages). */
  async function listForEmail(email: string, now: Date): Promise<UnclaimedCompletion[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.unclaimedPartition(email), ':prefix': UNCLAIMED_COMPLETION_PREFIX },
      ConsistentRead: true,
    });
    const out: UnclaimedCompletion[] = [];
    for (const item of items) {
      const { entity: _e, version: _v, ...record } = parseItem(unclaimedSchema, ENTITY.unclaimedCompletion, item);
      if (isLive(record.expiresAt, now)) out.push(record);
    }
    return out;
  }

  /** After the completion was attached to the new trainer. */
  async function remove(ref: { readonly email: string; readonly providerId: string; readonly webhookId: string }) {
    await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.unclaimedCompletion(ref.email, ref.providerId, ref.webhookId),
      }),
    );
  }

  return { add, listForEmail, delete: remove };
}

export type UnclaimedCompletionRepository = ReturnType<typeof createUnclaimedCompletionRepository>;
