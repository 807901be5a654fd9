import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { type DueCursor, dueCursorSchema } from './due-index.js';
import { isConditionalCheckFailed, LeaseLostError } from './errors.js';
import { calendarDate, epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys } from './keys.js';
import { epochSecondsFrom, isLive, TTL_DAYS } from './ttl.js';

/**
 * One item per run date holding the per-shard due-index cursors and a lease. The lease holder is one invocation
 * (use the Lambda request id, not the event id: EventBridge may deliver the same event, with the same id, twice).
 * A continuation invocation acquires the released (or expired) lease and resumes from the saved cursors.
 */
export interface RunCheckpoint {
  readonly runDate: string;
  readonly runId: string;
  readonly holder: string;
  readonly leaseUntil: string;
  /** Per shard: absent = not started, a key = resume after it, `done` = finished. */
  readonly cursors: Readonly<Partial<Record<number, DueCursor>>>;
  readonly completedAt?: string;
  readonly expiresAt: number;
}

export type RunLease =
  | { readonly acquired: true; readonly checkpoint: RunCheckpoint }
  /** `completed`: the day's run finished. `held`: another invocation holds a live lease; exit without work. */
  | { readonly acquired: false; readonly reason: 'completed' | 'held'; readonly checkpoint: RunCheckpoint };

const CHECKPOINT_VERSION = 1;

const checkpointSchema = z.object({
  entity: z.literal(ENTITY.runCheckpoint),
  version: z.literal(CHECKPOINT_VERSION),
  runDate: calendarDate,
  runId: z.string(),
  holder: z.string(),
  leaseUntil: isoInstant,
  cursors: z.record(z.string().check(z.regex(/^\d+$/)), dueCursorSchema),
  completedAt: z.exactOptional(isoInstant),
  expiresAt: epochSecondsSchema,
});

function checkpointFromItem(item: unknown): RunCheckpoint {
  const { entity: _e, version: _v, cursors, ...rest } = parseItem(checkpointSchema, ENTITY.runCheckpoint, item);
  const byShard: Partial<Record<number, DueCursor>> = {};
  for (const [shard, cursor] of Object.entries(cursors)) byShard[Number(shard)] = cursor;
  return { ...rest, cursors: byShard };
}

export interface LeaseHolder {
  readonly runDate: string;
  readonly holder: string;
  readonly now: Date;
}

export function createRunCheckpointRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function acquireRunLease(
    input: LeaseHolder & { readonly runId: string; readonly leaseUntil: Date },
  ): Promise<RunLease> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.runCheckpoint(input.runDate),
          UpdateExpression:
            'SET entity = :entity, version = :version, runDate = :runDate, runId = :runId, holder = :holder, ' +
            'leaseUntil = :leaseUntil, cursors = if_not_exists(cursors, :noCursors), ' +
            'expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ConditionExpression:
            'attribute_not_exists(pk) OR (attribute_not_exists(completedAt) AND (holder = :holder OR leaseUntil < :now))',
          ExpressionAttributeValues: {
            ':entity': ENTITY.runCheckpoint,
            ':version': CHECKPOINT_VERSION,
            ':runDate': input.runDate,
            ':runId': input.runId,
            ':holder': input.holder,
            ':leaseUntil': input.leaseUntil.toISOString(),
            ':noCursors': {},
            ':expiresAt': epochSecondsFrom(input.now, TTL_DAYS.runCheckpoint),
            ':now': input.now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { acquired: true, checkpoint: checkpointFromItem(Attributes) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const checkpoint = await read(input.runDate);
    if (!checkpoint) throw new LeaseLostError(ENTITY.runCheckpoint); // only if deleted under us
    return { acquired: false, reason: checkpoint.completedAt ? 'completed' : 'held', checkpoint };
  }

  async function guarded(input: LeaseHolder, update: string, values: Record<string, unknown>, names = {}) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.runCheckpoint(input.runDate),
          UpdateExpression: update,
          ConditionExpression: 'holder = :holder AND attribute_not_exists(completedAt)',
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: { ':holder': input.holder, ...values },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new LeaseLostError(ENTITY.runCheckpoint);
      throw error;
    }
  }

  /** Records a shard's position after a processed page; optionally extends the lease. Throws LeaseLostError. */
  function saveCursor(
    input: LeaseHolder & { readonly shard: number; readonly cursor: DueCursor; readonly leaseUntil?: Date },
  ): Promise<void> {
    const extend = input.leaseUntil ? ', leaseUntil = :leaseUntil' : '';
    return guarded(
      input,
      `SET cursors.#shard = :cursor${extend}`,
      { ':cursor': input.cursor, ...(input.leaseUntil ? { ':leaseUntil': input.leaseUntil.toISOString() } : {}) },
      { '#shard': String(input.shard) },
    );
  }

  /** Hands the lease over at once (before scheduling a continuation invocation). */
  function releaseRunLease(input: LeaseHolder): Promise<void> {
    return guarded(input, 'SET leaseUntil = :now', { ':now': input.now.toISOString() });
  }

  /** Final: later acquisitions for the date get `completed`. */
  function complete(input: LeaseHolder): Promise<void> {
    return guarded(input, 'SET completedAt = :now', { ':now': input.now.toISOString() });
  }

  /** The stored row as it is, expired or not (the lease's own follow-up read after a failed condition). */
  async function read(runDate: string): Promise<RunCheckpoint | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.runCheckpoint(runDate), ConsistentRead: true }),
    );
    return Item ? checkpointFromItem(Item) : undefined;
  }

  /** The day's checkpoint while its TTL lasts (DynamoDB deletes expired items up to ~2 days late). */
  async function get(runDate: string, now: Date): Promise<RunCheckpoint | undefined> {
    const checkpoint = await read(runDate);
    return checkpoint && isLive(checkpoint.expiresAt, now) ? checkpoint : undefined;
  }

  return { acquireRunLease, saveCursor, releaseRunLease, complete, get };
}

export type RunCheckpointRepository = ReturnType<typeof createRunCheckpointRepository>;
