import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarDate } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { ItemValidationError } from './errors.js';
import { dueShardKey } from './keys.js';
import { DUE_INDEX_NAME, DUE_INDEX_SHARD_COUNT } from './table-definition.js';
import { type TrainerRecord, trainerFromItem } from './trainer-repository.js';

/** The `LastEvaluatedKey` of a `byDue` query: table keys plus index keys. */
export interface DueIndexKey {
  readonly pk: string;
  readonly sk: string;
  readonly dueShard: string;
  readonly dueOn: string;
}

/** A shard's position: resume after this key, or `done`. */
export type DueCursor = DueIndexKey | 'done';

export const dueCursorSchema: z.ZodMiniType<DueCursor> = z.union([
  z.literal('done'),
  z.object({ pk: z.string(), sk: z.string(), dueShard: z.string(), dueOn: z.string() }),
]);

export interface DuePage {
  readonly shard: number;
  readonly trainers: readonly TrainerRecord[];
  /** Where this shard stands after the page: save it, and pass it back as `shardCursors[shard]` to resume. */
  readonly cursor: DueCursor;
  /** Items DynamoDB read for this page (ScannedCount): the numerator of read amplification. */
  readonly itemsRead: number;
  /** Index items that are not valid trainers (skipped, so one bad item cannot block every later run). */
  readonly invalid: readonly { readonly pk: string; readonly problem: string }[];
}

export interface DueTrainersInput {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Everyone with `nextReminderOn <= asOf` (catch-up included), never only "due today". */
  readonly asOf: CalendarDate;
  readonly shardCursors?: Readonly<Partial<Record<number, DueCursor>>>;
  readonly pageSize?: number;
}

/**
 * Reads the sparse, write-sharded due index: every shard is queried in parallel (`dueShard = DUE#n AND
 * dueOn <= asOf`), page by page, and pages are yielded as they arrive, each with the shard's cursor after it so the
 * caller can checkpoint. Never a Scan: reads grow with the number of trainers due, not with the table.
 */
export async function* dueTrainers(input: DueTrainersInput): AsyncGenerator<DuePage, void, undefined> {
  const pageSize = input.pageSize ?? 100;

  const fetchPage = async (shard: number, after: DueIndexKey | undefined): Promise<DuePage> => {
    const { Items, LastEvaluatedKey, ScannedCount } = await input.client.send(
      new QueryCommand({
        TableName: input.tableName,
        IndexName: DUE_INDEX_NAME,
        KeyConditionExpression: 'dueShard = :shard AND dueOn <= :asOf',
        ExpressionAttributeValues: { ':shard': dueShardKey(shard), ':asOf': input.asOf },
        Limit: pageSize,
        ...(after ? { ExclusiveStartKey: { ...after } } : {}),
      }),
    );
    const trainers: TrainerRecord[] = [];
    const invalid: { pk: string; problem: string }[] = [];
    for (const item of Items ?? []) {
      try {
        trainers.push(trainerFromItem(item));
      } catch (error) {
        if (!(error instanceof ItemValidationError)) throw error;
        invalid.push({ pk: String(item.pk), problem: error.problems });
      }
    }
    const cursor: DueCursor = LastEvaluatedKey ? dueCursorSchema.parse(LastEvaluatedKey) : 'done';
    return { shard, trainers, cursor, itemsRead: ScannedCount ?? Items?.length ?? 0, invalid };
  };

  const inFlight = new Map<number, Promise<DuePage>>();
  const start = (shard: number, after: DueIndexKey | undefined) => {
    const page = fetchPage(shard, after);
    page.catch(() => undefined); // surfaced through Promise.race below; avoids an unhandled rejection meanwhile
    inFlight.set(shard, page);
  };

  for (let shard = 0; shard < DUE_INDEX_SHARD_COUNT; shard += 1) {
    const cursor = input.shardCursors?.[shard];
    if (cursor !== 'done') start(shard, cursor);
  }
  while (inFlight.size > 0) {
    const page = await Promise.race(inFlight.values());
    inFlight.delete(page.shard);
    if (page.cursor !== 'done') start(page.shard, page.cursor);
    yield page;
  }
}
