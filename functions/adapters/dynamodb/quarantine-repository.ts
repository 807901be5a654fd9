import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys } from './keys.js';
import { epochSecondsFrom, isLive, TTL_DAYS } from './ttl.js';

/**
 * Correctly signed deliveries that could not be applied, kept verbatim for an operator (never silently dropped).
 * The signature header is never stored. Kept 90 days: the body holds a learner's data.
 */
export interface QuarantinedDelivery {
  readonly providerId: string;
  readonly webhookId: string;
  readonly receivedAt: string;
  /** The raw request body, byte for byte as received (as a UTF-8 string). */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string;
  readonly expiresAt: number;
}

const QUARANTINE_VERSION = 1;
const SIGNATURE_HEADERS = new Set(['webhook-signature', 'authorization']);

const quarantineSchema = z.object({
  entity: z.literal(ENTITY.quarantine),
  version: z.literal(QUARANTINE_VERSION),
  providerId: z.string(),
  webhookId: z.string(),
  receivedAt: isoInstant,
  body: z.string(),
  headers: z.record(z.string(), z.string()),
  reason: z.string(),
  expiresAt: epochSecondsSchema,
});

export interface QuarantineInput {
  readonly providerId: string;
  readonly webhookId: string;
  readonly receivedAt: Date;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly reason: string;
}

export interface QuarantinePage {
  readonly items: readonly QuarantinedDelivery[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  readonly cursor?: Record<string, unknown>;
}

export function createQuarantineRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /** Idempotent for the same (provider, receivedAt, webhook id). */
  async function add(input: QuarantineInput): Promise<QuarantinedDelivery> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.headers)) {
      if (value !== undefined && !SIGNATURE_HEADERS.has(name.toLowerCase())) headers[name] = value;
    }
    const record: QuarantinedDelivery = {
      providerId: input.providerId,
      webhookId: input.webhookId,
      receivedAt: input.receivedAt.toISOString(),
      body: input.body,
      headers,
      reason: input.reason,
      expiresAt: epochSecondsFrom(input.receivedAt, TTL_DAYS.quarantine),
    };
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.quarantine(input.providerId, input.receivedAt, input.webhookId),
            entity: ENTITY.quarantine,
            version: QUARANTINE_VERSION,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    return record;
  }

  /** Newest first, live items only. */
  async function list(
    providerId: string,
    options: { readonly now: Date; readonly limit?: number; readonly cursor?: Record<string, unknown> },
  ): Promise<QuarantinePage> {
    const { Items, LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.quarantinePartition(providerId) },
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ...(options.cursor ? { ExclusiveStartKey: options.cursor } : {}),
      }),
    );
    const items = (Items ?? [])
      .map((item) => {
        const { entity: _entity, version: _version, ...record } = parseItem(quarantineSchema, ENTITY.quarantine, item);
        return record;
      })
      .filter((record) => isLive(record.expiresAt, options.now));
    return LastEvaluatedKey ? { items, cursor: LastEvaluatedKey } : { items };
  }

  return { add, list };
}

export type QuarantineRepository = ReturnType<typeof createQuarantineRepository>;
