import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { PublishedStatus } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, TEAM_MEMBER_PREFIX, TEAM_WEBHOOK_LOG_PREFIX, TEAM_WEBHOOK_PREFIX } from './keys.js';
import { queryAll } from './query-all.js';
import { epochSecondsFrom, isLive } from './ttl.js';

/**
 * A team's status-change webhooks (ADR 0035), all in the team's partition so deleting the team deletes them:
 * - endpoints (`WEBHOOK#<id>`): URL, signing secret (and the previous one during a rotation), active or disabled;
 *   a pointer `WEBHOOKENDPOINT#<id>` names the team, so the CLI needs only the endpoint id;
 * - each member's last published status and sequence, on the team's side of the membership (`MEMBER#<trainerId>`),
 *   so a member who leaves takes them along;
 * - the outbox: an event committed in the same single-item write as its member's new snapshot, parked on that item
 *   until the queue has it;
 * - the delivery log (`WHLOG#<endpointId>#<eventId>`), 30 days.
 */

const VERSION = 1;
/** How long the previous secret still signs after a rotation. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;
/** How long the delivery log keeps an entry. */
export const WEBHOOK_LOG_DAYS = 30;

/** `we_` + 16 hex characters (64 random bits): an identifier, not a capability. */
export const ENDPOINT_ID_PATTERN = /^we_[0-9a-f]{16}$/;

export function newEndpointId(): string {
  return `we_${randomBytes(8).toString('hex')}`;
}

export const ENDPOINT_STATES = ['active', 'disabled'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

const endpointSchema = z.object({
  entity: z.literal(ENTITY.teamWebhookEndpoint),
  version: z.literal(VERSION),
  teamId: z.string(),
  endpointId: z.string().check(z.regex(ENDPOINT_ID_PATTERN, 'not an endpoint id')),
  url: z.string().check(z.minLength(1)),
  secret: z.string().check(z.minLength(1)),
  /** The secret before the last rotation: it still signs until `previousSecretUntil` (ISO instant). */
  previousSecret: z.exactOptional(z.string()),
  previousSecretUntil: z.exactOptional(isoInstant),
  state: z.enum(ENDPOINT_STATES),
  createdAt: isoInstant,
  disabledAt: z.exactOptional(isoInstant),
});

export type WebhookEndpoint = Readonly<Omit<z.output<typeof endpointSchema>, 'entity' | 'version'>>;

function endpointFromItem(item: unknown): WebhookEndpoint {
  const { entity: _e, version: _v, ...endpoint } = parseItem(endpointSchema, ENTITY.teamWebhookEndpoint, item);
  return endpoint;
}

/** The secrets that sign a delivery at `now`: the current one, and the previous one during its overlap. */
export function signingSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
  const previousLive =
    endpoint.previousSecret !== undefined &&
    endpoint.previousSecretUntil !== undefined &&
    Date.parse(endpoint.previousSecretUntil) > now.getTime();
  return previousLive && endpoint.previousSecret ? [endpoint.secret, endpoint.previousSecret] : [endpoint.secret];
}

/** What the team's side of a membership holds about publishing (absent before the first event). */
export interface MemberPublication {
  readonly joinedAt: string;
  readonly sequence: number;
  readonly published: PublishedStatus | undefined;
}

const publishedSchema: z.ZodMiniType<PublishedStatus> = z.object({
  certifications: z.array(
    z.object({
      code: z.string(),
      phase: z.enum(['current', 'late-window', 'lapsed']),
      expiresOn: z.string(),
    }),
  ),
  cprAed: z.object({ current: z.boolean() }),
});

const memberPublicationSchema = z.object({
  joinedAt: isoInstant,
  statusSequence: z.exactOptional(z.number().check(z.int())),
  publishedStatus: z.exactOptional(publishedSchema),
});

/** One event, exactly as it is signed and sent: `body` never changes for its `eventId`. */
export interface OutboxEvent {
  readonly eventId: string;
  readonly type: string;
  readonly sequence: number;
  /** The member it is about; internal (the delivery re-checks membership), never in the body. */
  readonly trainerId: string;
  readonly body: string;
}

/** An unsent event parked on its member's item (see commitEvent). */
const OUTBOX_SLOT_PREFIX = 'outbox_';
const outboxSlot = (eventId: string) => `${OUTBOX_SLOT_PREFIX}${eventId}`;

const outboxSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  sequence: z.number().check(z.int()),
  trainerId: z.string(),
  body: z.string(),
  createdAt: isoInstant,
});

export type PendingOutboxEvent = OutboxEvent & { readonly createdAt: string };

export const DELIVERY_STATUSES = ['delivered', 'retrying', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const logSchema = z.object({
  entity: z.literal(ENTITY.teamWebhookLog),
  version: z.literal(VERSION),
  endpointId: z.string(),
  eventId: z.string(),
  type: z.string(),
  sequence: z.number().check(z.int()),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().check(z.int()),
  /** In plain words: "answered 500", "timed out", "refused: private address". */
  lastError: z.exactOptional(z.string()),
  at: isoInstant,
  expiresAt: epochSecondsSchema,
});

export type DeliveryLogEntry = Readonly<Omit<z.output<typeof logSchema>, 'entity' | 'version' | 'expiresAt'>>;

export function createTeamWebhookRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const query = (teamId: string, prefix: string) =>
    queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.teamPartition(teamId), ':prefix': prefix },
      ConsistentRead: true,
    });
  const getItem = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** Registers an endpoint: the team's item, then the pointer (a pointer without its item finds nothing). */
  async function addEndpoint(
    teamId: string,
    input: { readonly url: string; readonly secret: string },
    now: Date,
  ): Promise<WebhookEndpoint> {
    const endpointId = newEndpointId();
    const item = {
      ...keys.teamWebhookEndpoint(teamId, endpointId),
      entity: ENTITY.teamWebhookEndpoint,
      version: VERSION,
      teamId,
      endpointId,
      url: input.url,
      secret: input.secret,
      state: 'active',
      createdAt: now.toISOString(),
    };
    await client.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.teamWebhookEndpointPointer(endpointId),
          entity: ENTITY.teamWebhookEndpointPointer,
          version: VERSION,
          teamId,
        },
      }),
    );
    return endpointFromItem(item);
  }

  async function endpointsOf(teamId: string): Promise<WebhookEndpoint[]> {
    return (await query(teamId, TEAM_WEBHOOK_PREFIX)).map(endpointFromItem);
  }

  async function getEndpoint(teamId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    if (!ENDPOINT_ID_PATTERN.test(endpointId)) return undefined;
    const item = await getItem(keys.teamWebhookEndpoint(teamId, endpointId));
    return item ? endpointFromItem(item) : undefined;
  }

  /** An endpoint by its id alone (the CLI's rotate, remove, enable). */
  async function findEndpoint(endpointId: string): Promise<WebhookEndpoint | undefined> {
    if (!ENDPOINT_ID_PATTERN.test(endpointId)) return undefined;
    const pointer = await getItem(keys.teamWebhookEndpointPointer(endpointId));
    return typeof pointer?.teamId === 'string' ? getEndpoint(pointer.teamId, endpointId) : undefined;
  }

  /** A new secret; the current one becomes the previous one and keeps signing for SECRET_OVERLAP_MS. */
  async function rotateSecret(endpoint: WebhookEndpoint, secret: string, now: Date): Promise<void> {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.teamWebhookEndpoint(endpoint.teamId, endpoint.endpointId),
        UpdateExpression: 'SET secret = :new, previousSecret = :old, previousSecretUntil = :until',
        ConditionExpression: 'attribute_exists(pk) AND secret = :old',
        ExpressionAttributeValues: {
          ':new': secret,
          ':old': endpoint.secret,
          ':until': new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString(),
        },
      }),
    );
  }

  /**
   * Turns an active endpoint off. True only for the call that did it, so exactly one caller emails the manager
   * however many failing events reach their limit at once.
   */
  async function disableEndpoint(teamId: string, endpointId: string, now: Date): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamWebhookEndpoint(teamId, endpointId),
          UpdateExpression: 'SET #state = :disabled, disabledAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND #state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':now': now.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Turns a disabled endpoint back on. False: it was already on. */
  async function enableEndpoint(teamId: string, endpointId: string): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamWebhookEndpoint(teamId, endpointId),
          UpdateExpression: 'SET #state = :active REMOVE disabledAt',
          ConditionExpression: 'attribute_exists(pk) AND #state = :disabled',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The endpoint first (nothing is delivered to it any more), then its pointer; its log ends with its TTL. */
  async function removeEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await client.send(
      new DeleteCommand({ TableName: tableName, Key: keys.teamWebhookEndpoint(endpoint.teamId, endpoint.endpointId) }),
    );
    await client.send(
      new DeleteCommand({ TableName: tableName, Key: keys.teamWebhookEndpointPointer(endpoint.endpointId) }),
    );
  }

  /** The team's side of the membership as publishing reads it; undefined: not (or no longer) a member. */
  async function memberPublication(teamId: string, trainerId: string): Promise<MemberPublication | undefined> {
    const item = await getItem(keys.teamMember(teamId, trainerId));
    if (!item) return undefined;
    const parsed = parseItem(memberPublicationSchema, ENTITY.teamMember, item);
    return { joinedAt: parsed.joinedAt, sequence: parsed.statusSequence ?? 0, published: parsed.publishedStatus };
  }

  /**
   * The outbox, atomically with the snapshot: one conditional UpdateItem of the team's side of the membership sets
   * the new snapshot and sequence and parks the event beside them (attribute `outbox_<eventId>`), only if they are
   * still a member and nobody published since `previousSequence`. One item, so no transaction (ADR 0006; dynalite
   * has none either), and a member who leaves takes their unsent events along. False: the condition failed.
   */
  async function commitEvent(
    teamId: string,
    previousSequence: number,
    published: PublishedStatus,
    event: OutboxEvent,
    now: Date,
  ): Promise<boolean> {
    const sequenceCondition =
      previousSequence === 0 ? 'attribute_not_exists(statusSequence)' : 'statusSequence = :previous';
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamMember(teamId, event.trainerId),
          UpdateExpression: 'SET publishedStatus = :published, statusSequence = :sequence, #slot = :event',
          ConditionExpression: `attribute_exists(pk) AND ${sequenceCondition}`,
          ExpressionAttributeNames: { '#slot': outboxSlot(event.eventId) },
          ExpressionAttributeValues: {
            ':published': published,
            ':sequence': event.sequence,
            ':event': { ...event, createdAt: now.toISOString() },
            ...(previousSequence === 0 ? {} : { ':previous': previousSequence }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** The queue has the event: it leaves the outbox (never recreating the item of a member who left meanwhile). */
  async function clearOutbox(teamId: string, event: Pick<OutboxEvent, 'eventId' | 'trainerId'>): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamMember(teamId, event.trainerId),
          UpdateExpression: 'REMOVE #slot',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#slot': outboxSlot(event.eventId) },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Events committed and not handed to the queue (a crash between the two), oldest first. */
  async function pendingOutbox(teamId: string): Promise<PendingOutboxEvent[]> {
    return (await query(teamId, TEAM_MEMBER_PREFIX))
      .flatMap((item) =>
        Object.entries(item)
          .filter(([name]) => name.startsWith(OUTBOX_SLOT_PREFIX))
          .map(([, value]) => parseItem(outboxSchema, ENTITY.teamMember, value)),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Records where one event's delivery to one endpoint stands. A `delivered` entry is final: a late duplicate of
   * the message (a re-sent outbox, SQS's at-least-once) never turns it back into anything else.
   */
  async function recordDelivery(teamId: string, entry: Omit<DeliveryLogEntry, 'at'>, now: Date): Promise<void> {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.teamWebhookLog(teamId, entry.endpointId, entry.eventId),
            entity: ENTITY.teamWebhookLog,
            version: VERSION,
            ...entry,
            at: now.toISOString(),
            expiresAt: epochSecondsFrom(now, WEBHOOK_LOG_DAYS),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status <> :delivered',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':delivered': 'delivered' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async function deliveryOf(teamId: string, endpointId: string, eventId: string) {
    const item = await getItem(keys.teamWebhookLog(teamId, endpointId, eventId));
    return item ? parseItem(logSchema, ENTITY.teamWebhookLog, item) : undefined;
  }

  /** The team's delivery log, newest first. */
  async function deliveryLog(teamId: string, now: Date): Promise<DeliveryLogEntry[]> {
    return (await query(teamId, TEAM_WEBHOOK_LOG_PREFIX))
      .map((item) => parseItem(logSchema, ENTITY.teamWebhookLog, item))
      .filter((entry) => isLive(entry.expiresAt, now))
      .map(({ entity: _e, version: _v, expiresAt: _x, ...entry }) => entry)
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  return {
    addEndpoint,
    endpointsOf,
    getEndpoint,
    findEndpoint,
    rotateSecret,
    disableEndpoint,
    enableEndpoint,
    removeEndpoint,
    memberPublication,
    commitEvent,
    clearOutbox,
    pendingOutbox,
    recordDelivery,
    deliveryOf,
    deliveryLog,
  };
}

export type TeamWebhookRepository = ReturnType<typeof createTeamWebhookRepository>;
