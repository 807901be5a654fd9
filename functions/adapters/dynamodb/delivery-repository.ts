import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { ItemNotFoundError, isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys } from './keys.js';
import { epochSecondsFrom, isLive, TTL_DAYS } from './ttl.js';

/**
 * Webhook delivery dedupe (claim, then apply). The first delivery of a `webhook-id` claims it IN_PROGRESS with a
 * lease; when its business write is done it marks the delivery APPLIED (final). A concurrent or later delivery gets
 * `duplicate`. If the claimer dies before APPLIED, the lease runs out and the provider's retry re-claims it, so the
 * business write still happens. The record lives 7 days, past any provider's retry horizon.
 */
export type DeliveryStatus = 'IN_PROGRESS' | 'APPLIED';
/** What the applied delivery did, for operators and for answering duplicates consistently. */
export type DeliveryOutcome = 'applied' | 'quarantined' | 'unclaimed';

export interface DeliveryRecord {
  readonly providerId: string;
  readonly webhookId: string;
  readonly status: DeliveryStatus;
  readonly outcome?: DeliveryOutcome;
  readonly attempts: number;
  readonly leaseUntil?: string;
  readonly firstClaimedAt: string;
  readonly appliedAt?: string;
  readonly expiresAt: number;
}

export type DeliveryClaim =
  /** You own it: apply, then `markApplied` (or `release` on a transient failure). */
  | { readonly outcome: 'claimed'; readonly claimToken: string; readonly attempt: number }
  /** Someone else has it: APPLIED (answer 2xx) or IN_PROGRESS under a live lease (a retry later will settle it). */
  | { readonly outcome: 'duplicate'; readonly status: DeliveryStatus; readonly record: DeliveryRecord };

const DELIVERY_VERSION = 1;
const DEFAULT_LEASE_SECONDS = 120;

const deliverySchema = z.object({
  entity: z.literal(ENTITY.delivery),
  version: z.literal(DELIVERY_VERSION),
  providerId: z.string(),
  webhookId: z.string(),
  status: z.enum(['IN_PROGRESS', 'APPLIED']),
  outcome: z.exactOptional(z.enum(['applied', 'quarantined', 'unclaimed'])),
  attempts: z.number().check(z.int()),
  leaseUntil: z.exactOptional(isoInstant),
  claimToken: z.exactOptional(z.string()),
  firstClaimedAt: isoInstant,
  appliedAt: z.exactOptional(isoInstant),
  expiresAt: epochSecondsSchema,
});

function deliveryFromItem(item: unknown): DeliveryRecord {
  const {
    entity: _entity,
    version: _version,
    claimToken: _claimToken,
    ...record
  } = parseItem(deliverySchema, ENTITY.delivery, item);
  return record;
}

export interface DeliveryRef {
  readonly providerId: string;
  readonly webhookId: string;
}

export function createDeliveryRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  async function claim(
    ref: DeliveryRef & { readonly now: Date; readonly leaseSeconds?: number },
  ): Promise<DeliveryClaim> {
    const claimToken = randomUUID();
    const leaseUntil = new Date(ref.now.getTime() + (ref.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
    for (let round = 0; ; round += 1) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.delivery(ref.providerId, ref.webhookId),
            UpdateExpression:
              'SET entity = :entity, version = :version, providerId = :providerId, webhookId = :webhookId, ' +
              '#status = :inProgress, claimToken = :claimToken, leaseUntil = :leaseUntil, ' +
              'firstClaimedAt = if_not_exists(firstClaimedAt, :now), expiresAt = :expiresAt ADD attempts :one',
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':entity': ENTITY.delivery,
              ':version': DELIVERY_VERSION,
              ':providerId': ref.providerId,
              ':webhookId': ref.webhookId,
              ':inProgress': 'IN_PROGRESS',
              ':claimToken': claimToken,
              ':leaseUntil': leaseUntil.toISOString(),
              ':now': ref.now.toISOString(),
              ':expiresAt': epochSecondsFrom(ref.now, TTL_DAYS.delivery),
              ':one': 1,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { outcome: 'claimed', claimToken, attempt: deliveryFromItem(Attributes).attempts };
      } catch (error) {
        if (!isConditionalCheckFailed(error) || round >= 1) throw error;
      }
      // The condition failed, so an item existed; read it (dynalite returns no item with the failure).
      const record = await read(ref);
      if (record) return { outcome: 'duplicate', status: record.status, record };
    }
  }

  /** Final: the business write is done. Refreshes the TTL so the id is remembered 7 days from now. */
  async function markApplied(ref: DeliveryRef & { readonly outcome: DeliveryOutcome; readonly now: Date }) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.delivery(ref.providerId, ref.webhookId),
          UpdateExpression:
            'SET #status = :applied, outcome = :outcome, appliedAt = :now, expiresAt = :expiresAt ' +
            'REMOVE leaseUntil, claimToken',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':applied': 'APPLIED',
            ':outcome': ref.outcome,
            ':now': ref.now.toISOString(),
            ':expiresAt': epochSecondsFrom(ref.now, TTL_DAYS.delivery),
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ItemNotFoundError(ENTITY.delivery);
      throw error;
    }
  }

  /** Gives the claim back after a transient failure so the provider's next retry can apply at once. */
  async function release(ref: DeliveryRef & { readonly claimToken: string }): Promise<boolean> {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.delivery(ref.providerId, ref.webhookId),
          ConditionExpression: '#status = :inProgress AND claimToken = :claimToken',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':claimToken': ref.claimToken },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The stored row as it is, expired or not (the claim's own follow-up read after a failed condition). */
  async function read(ref: DeliveryRef): Promise<DeliveryRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: keys.delivery(ref.providerId, ref.webhookId),
        ConsistentRead: true,
      }),
    );
    return Item ? deliveryFromItem(Item) : undefined;
  }

  /** The delivery record while its TTL lasts (DynamoDB deletes expired items up to ~2 days late). */
  async function get(ref: DeliveryRef, now: Date): Promise<DeliveryRecord | undefined> {
    const record = await read(ref);
    return record && isLive(record.expiresAt, now) ? record : undefined;
  }

  return { claim, markApplied, release, get };
}

export type DeliveryRepository = ReturnType<typeof createDeliveryRepository>;
