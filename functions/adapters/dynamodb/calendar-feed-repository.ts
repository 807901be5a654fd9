import { randomBytes } from 'node:crypto';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys } from './keys.js';

/**
 * A trainer's private calendar feed (ADR 0026). Two items, written with conditional single-item writes (no
 * transactions, ADR 0006):
 * - the pointer `CALFEED#<sha256(feed id)>` → trainer id, the one thing a `GET /calendar/{feed}` can look up;
 * - the trainer's side `TRAINER#<id>` / `CALENDAR_FEED`: the current feed id, and ids retired by a rotation whose
 *   pointers may not be deleted yet (a crash between the writes), so erasure and the next rotation find them.
 * A feed answers only while both agree: a rotation revokes the old id with its first write, whatever happens after.
 */

const FEED_VERSION = 1;

/** 32 characters of lower-case base32: 160 random bits, nothing derived from the trainer or any token. */
export const FEED_ID_PATTERN = /^[a-z2-7]{32}$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function newFeedId(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

const feedId = z.string().check(z.regex(FEED_ID_PATTERN, 'not a feed id'));

const pointerSchema = z.object({
  entity: z.literal(ENTITY.calendarFeed),
  version: z.literal(FEED_VERSION),
  trainerId: z.string().check(z.minLength(1)),
  createdAt: isoInstant,
});

const trainerSideSchema = z.object({
  entity: z.literal(ENTITY.trainerCalendarFeed),
  version: z.literal(FEED_VERSION),
  feedId,
  retiredFeedIds: z.array(feedId),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});

export type TrainerCalendarFeed = Readonly<z.output<typeof trainerSideSchema>>;

/** The trainer's side of the feed, read back from the trainer partition (erasure and export find it there). */
export function trainerCalendarFeedFromItem(item: unknown): TrainerCalendarFeed {
  return parseItem(trainerSideSchema, ENTITY.trainerCalendarFeed, item);
}

/** Every feed id whose pointer may exist for this trainer: the current one and any a rotation has not cleaned. */
export function feedIdsOf(side: TrainerCalendarFeed): string[] {
  return [side.feedId, ...side.retiredFeedIds];
}

const BATCH_LIMIT = 25;

export function createCalendarFeedRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function current(trainerId: string): Promise<TrainerCalendarFeed | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.trainerCalendarFeed(trainerId), ConsistentRead: true }),
    );
    return Item ? trainerCalendarFeedFromItem(Item) : undefined;
  }

  /** Idempotent: a pointer that is already there (a retry, a repair) keeps its creation time. */
  async function putPointer(id: string, trainerId: string, now: Date): Promise<void> {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.calendarFeed(id),
            entity: ENTITY.calendarFeed,
            version: FEED_VERSION,
            trainerId,
            createdAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** True when every pointer went; false leaves the ids listed, for the next rotation or the erasure to delete. */
  async function deletePointers(ids: readonly string[]): Promise<boolean> {
    let complete = true;
    for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
      const requests = ids.slice(i, i + BATCH_LIMIT).map((id) => ({ DeleteRequest: { Key: keys.calendarFeed(id) } }));
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      if ((UnprocessedItems?.[tableName]?.length ?? 0) > 0) complete = false;
    }
    return complete;
  }

  /**
   * The trainer's feed id, creating one on the first call. The trainer's side is written first, so whatever id a
   * pointer exists for, erasure can find it; a second call (a double click, or after a crash before the pointer)
   * puts the pointer again.
   */
  async function ensure(trainerId: string, now: Date): Promise<string> {
    const existing = await current(trainerId);
    if (existing) {
      await putPointer(existing.feedId, trainerId, now);
      return existing.feedId;
    }
    const id = newFeedId();
    const at = now.toISOString();
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.trainerCalendarFeed(trainerId),
            entity: ENTITY.trainerCalendarFeed,
            version: FEED_VERSION,
            feedId: id,
            retiredFeedIds: [],
            createdAt: at,
            updatedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Another request created it first: theirs is the feed.
      if (isConditionalCheckFailed(error)) return ensure(trainerId, now);
      throw error;
    }
    await putPointer(id, trainerId, now);
    return id;
  }

  /**
   * A new feed id; the old one stops answering with the first write (the feed checks the trainer's side), then its
   * pointer and any earlier leftovers are deleted and forgotten. Without a feed yet, the same as `ensure`.
   */
  async function rotate(trainerId: string, now: Date): Promise<string> {
    const existing = await current(trainerId);
    if (!existing) return ensure(trainerId, now);
    const id = newFeedId();
    const retired = feedIdsOf(existing);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.trainerCalendarFeed(trainerId),
          UpdateExpression: 'SET #feedId = :next, #retired = :retired, #updatedAt = :now',
          ConditionExpression: '#feedId = :previous',
          ExpressionAttributeNames: { '#feedId': 'feedId', '#retired': 'retiredFeedIds', '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: {
            ':next': id,
            ':previous': existing.feedId,
            ':retired': retired,
            ':now': now.toISOString(),
          },
        }),
      );
    } catch (error) {
      // A concurrent rotation won (a double click): the old link is revoked either way; its new id is the one.
      if (isConditionalCheckFailed(error)) return (await current(trainerId))?.feedId ?? ensure(trainerId, now);
      throw error;
    }
    await putPointer(id, trainerId, now);
    // The old ids answer nothing already (the feed checks the trainer's side); a throttled delete is not worth a 500.
    if (!(await deletePointers(retired))) return id;
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.trainerCalendarFeed(trainerId),
          UpdateExpression: 'SET #retired = :none',
          // A rotation that came in between keeps its own list; it deletes those pointers itself.
          ConditionExpression: '#feedId = :next',
          ExpressionAttributeNames: { '#feedId': 'feedId', '#retired': 'retiredFeedIds' },
          ExpressionAttributeValues: { ':next': id, ':none': [] },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    return id;
  }

  /**
   * The trainer a feed id belongs to, or undefined for an unknown, rotated or malformed id. Both items must agree:
   * a pointer a rotation has not deleted yet answers nothing.
   */
  async function trainerOf(id: string): Promise<string | undefined> {
    if (!FEED_ID_PATTERN.test(id)) return undefined;
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.calendarFeed(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { trainerId } = parseItem(pointerSchema, ENTITY.calendarFeed, Item);
    return (await current(trainerId))?.feedId === id ? trainerId : undefined;
  }

  return { current, ensure, rotate, trainerOf };
}

export type CalendarFeedRepository = ReturnType<typeof createCalendarFeedRepository>;
