import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DueCursor, type DuePage, dueTrainers } from '../../../functions/adapters/dynamodb/due-index.js';
import { createTrainerRepository } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, PROFILE } from './fixtures.js';

let db: LocalDynamo;
const ASOF = '2026-11-20';
const dueIds = new Set<string>();

beforeAll(async () => {
  db = await startLocalDynamo();
  const trainers = createTrainerRepository(db);
  // 120 due (today, and earlier days a missed run must catch up), 60 due later, 30 with nothing scheduled,
  // 30 suppressed though due: only the first group may be read.
  const population = [
    ...Array.from({ length: 120 }, (_, i) => ({
      id: `t_due${i}`,
      next: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`,
      suppressed: false,
    })),
    ...Array.from({ length: 60 }, (_, i) => ({ id: `t_later${i}`, next: '2026-11-21', suppressed: false })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: `t_none${i}`, next: null, suppressed: false })),
    ...Array.from({ length: 30 }, (_, i) => ({ id: `t_supp${i}`, next: '2026-11-02', suppressed: true })),
  ];
  for (const t of population) if (t.next !== null && t.next <= ASOF && !t.suppressed) dueIds.add(t.id);
  await Promise.all(
    population.map((t) =>
      trainers.create({
        trainerId: t.id,
        email: `${t.id}@example.com`,
        name: t.id,
        profile: PROFILE,
        nextReminderOn: t.next,
        suppressed: t.suppressed,
        now: NOW,
      }),
    ),
  );
});
afterAll(async () => {
  await db?.stop();
});

async function drain(pages: AsyncIterable<DuePage>, stopAfter = Number.POSITIVE_INFINITY) {
  const seen: string[] = [];
  const cursors: Partial<Record<number, DueCursor>> = {};
  let itemsRead = 0;
  let pageCount = 0;
  const shards = new Set<number>();
  for await (const page of pages) {
    pageCount += 1;
    itemsRead += page.itemsRead;
    seen.push(...page.trainers.map((t) => t.trainerId));
    if (page.trainers.length > 0) shards.add(page.shard);
    cursors[page.shard] = page.cursor;
    if (pageCount >= stopAfter) break;
  }
  return { seen, cursors, itemsRead, pageCount, shards };
}

describe('due index', () => {
  it('reads exactly the due trainers (catch-up included) across all 8 shards, one item read per due trainer', async () => {
    const { seen, itemsRead, pageCount, shards } = await drain(
      dueTrainers({ client: db.client, tableName: db.tableName, asOf: ASOF, pageSize: 7 }),
    );
    expect(new Set(seen)).toEqual(dueIds);
    expect(seen).toHaveLength(dueIds.size);
    expect(itemsRead).toBe(dueIds.size);
    expect(shards).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(pageCount).toBeGreaterThan(8 * 2);
  });

  it('resumes from saved cursors after an interruption with no duplicate and none missing', async () => {
    const first = await drain(dueTrainers({ client: db.client, tableName: db.tableName, asOf: ASOF, pageSize: 5 }), 6);
    const rest = await drain(
      dueTrainers({ client: db.client, tableName: db.tableName, asOf: ASOF, pageSize: 5, shardCursors: first.cursors }),
    );
    const all = [...first.seen, ...rest.seen];
    expect(all).toHaveLength(dueIds.size);
    expect(new Set(all)).toEqual(dueIds);
  });

  it('reads nothing before the earliest due date', async () => {
    const { seen, itemsRead } = await drain(
      dueTrainers({ client: db.client, tableName: db.tableName, asOf: '2026-10-31' }),
    );
    expect(seen).toEqual([]);
    expect(itemsRead).toBe(0);
  });

  it('skips and reports an index item that is not a valid trainer instead of failing the run', async () => {
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: 'TRAINER#t_broken',
          sk: 'PROFILE',
          entity: 'Trainer',
          version: 1,
          dueShard: 'DUE#0',
          dueOn: '2026-11-01',
        },
      }),
    );
    const invalid: string[] = [];
    let count = 0;
    for await (const page of dueTrainers({ client: db.client, tableName: db.tableName, asOf: ASOF })) {
      invalid.push(...page.invalid.map((entry) => entry.pk));
      count += page.trainers.length;
    }
    expect(invalid).toEqual(['TRAINER#t_broken']);
    expect(count).toBe(dueIds.size);
  });
});
