/**
 * `npm run recert -- backfill-ledger-ttl` (issue 12, ADR 0023): reminder-ledger rows written before the TTL existed
 * get the `expiresAt` that `ledger.claim` writes; nothing else changes, twice is the same as once, a stopped run
 * resumes from its cursor, and a row a live run claims (or an erasure deletes) meanwhile is left alone.
 */
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailClaimRepository } from '../../../functions/adapters/dynamodb/email-claim-repository.js';
import { keys, type ReminderKey } from '../../../functions/adapters/dynamodb/keys.js';
import {
  createReminderLedgerRepository,
  ledgerExpiresAt,
} from '../../../functions/adapters/dynamodb/reminder-ledger-repository.js';
import { createSuppressionRepository } from '../../../functions/adapters/dynamodb/suppression-repository.js';
import { createTrainerRepository } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { backfillLedgerTtl, runBackfillLedgerTtlCli } from '../../../scripts/backfill-ledger-ttl.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { runCli } from '../../helpers/run-cli.js';
import { allItems, NOW, PROFILE, plusSeconds } from './fixtures.js';

/** When the operator runs the backfill: long after the rows were written. */
const LATER = new Date('2028-06-01T12:00:00.000Z');

let db: LocalDynamo | undefined;
const open: LocalDynamo[] = [];

async function freshTable(): Promise<LocalDynamo> {
  const started = await startLocalDynamo();
  open.push(started);
  return started;
}

afterAll(async () => {
  for (const started of open) await started.stop();
});

/** What a row written before ADR 0023 looks like: everything a claim writes, but no `expiresAt`. */
async function rowWithoutTtl(table: LocalDynamo, key: ReminderKey, claimedAt: Date, sent = true): Promise<void> {
  const ledger = createReminderLedgerRepository(table);
  await ledger.claim(key, { runId: `run-${key.milestoneId}`, now: claimedAt });
  if (sent) await ledger.markSent(key, { messageId: `ses-${key.milestoneId}`, now: plusSeconds(claimedAt, 2) });
  await table.client.send(
    new UpdateCommand({ TableName: table.tableName, Key: keys.reminder(key), UpdateExpression: 'REMOVE expiresAt' }),
  );
}

const reminder = (trainerId: string, milestoneId: string, cycleExpiresOn = '2027-06-30'): ReminderKey => ({
  trainerId,
  code: 'NASM-CPT',
  cycleExpiresOn,
  milestoneId,
});

/** Every item as stored, keyed `pk sk`, for before/after comparisons. */
async function snapshot(table: LocalDynamo): Promise<Map<string, Record<string, unknown>>> {
  return new Map((await allItems(table)).map((item) => [`${String(item.pk)} ${String(item.sk)}`, item]));
}

/** A population: 25 old ledger rows, 3 rows claimed since (TTL set by the claim), and items of other families. */
async function arrange(table: LocalDynamo) {
  const old: { key: ReminderKey; claimedAt: Date }[] = [];
  for (let i = 0; i < 25; i += 1) {
    const key = reminder(`t_old${i % 5}`, `m${i}`, i % 2 === 0 ? '2027-06-30' : '2026-01-31');
    const claimedAt = plusSeconds(NOW, -86_400 * (i + 1));
    await rowWithoutTtl(table, key, claimedAt, i % 3 !== 0);
    old.push({ key, claimedAt });
  }
  const ledger = createReminderLedgerRepository(table);
  for (let i = 0; i < 3; i += 1) await ledger.claim(reminder('t_new', `n${i}`), { runId: 'run-new', now: NOW });
  await createEmailClaimRepository(table).claim('pat@example.com', 't_pat', NOW);
  await createTrainerRepository(table).create({
    trainerId: 't_pat',
    email: 'pat@example.com',
    name: 'Pat',
    profile: PROFILE,
    nextReminderOn: '2026-12-01',
    now: NOW,
  });
  await createSuppressionRepository(table).add('quiet@example.com', 'unsubscribed', NOW);
  return old;
}

describe('backfill-ledger-ttl', () => {
  beforeEach(async () => {
    db = await freshTable();
  });

  it('sets on each old ledger row the TTL a claim writes, and changes nothing else', async () => {
    const table = db as LocalDynamo;
    const old = await arrange(table);
    const before = await snapshot(table);
    expect(
      [...before.values()].filter((item) => item.entity === 'ReminderLedgerEntry' && !('expiresAt' in item)),
    ).toHaveLength(25);

    const summary = await backfillLedgerTtl(table.client, table.tableName, {
      dryRun: false,
      pageSize: 1000,
      now: LATER,
    });

    expect(summary).toMatchObject({
      dryRun: false,
      complete: true,
      missing: 25,
      set: 25,
      changedMeanwhile: 0,
      unreadable: 0,
    });
    const after = await snapshot(table);
    expect(after.size).toBe(before.size);
    for (const { key, claimedAt } of old) {
      const { pk, sk } = keys.reminder(key);
      const { expiresAt, ...rest } = after.get(`${pk} ${sk}`) ?? {};
      expect(expiresAt).toBe(ledgerExpiresAt(key, claimedAt));
      expect(rest).toEqual(before.get(`${pk} ${sk}`));
    }
    for (const [id, item] of before) {
      if (!old.some(({ key }) => `${keys.reminder(key).pk} ${keys.reminder(key).sk}` === id)) {
        expect(after.get(id), id).toEqual(item);
      }
    }
    // Cycles that ended on 31 Jan 2026 and were claimed in 2026: their TTL (Jan 2028) is already past in June 2028.
    expect(summary.expiringAtOnce).toBe(12);

    const again = await backfillLedgerTtl(table.client, table.tableName, { dryRun: false, pageSize: 1000, now: LATER });
    expect(again).toMatchObject({ missing: 0, set: 0 });
    expect(await snapshot(table)).toEqual(after);
  });

  it('with --dry-run counts the same rows and writes nothing', async () => {
    const table = db as LocalDynamo;
    await arrange(table);
    const before = await snapshot(table);

    const summary = await backfillLedgerTtl(table.client, table.tableName, {
      dryRun: true,
      pageSize: 1000,
      now: LATER,
    });

    expect(summary).toMatchObject({ dryRun: true, missing: 25, set: 25, expiringAtOnce: 12 });
    expect(await snapshot(table)).toEqual(before);
  });

  it('stops after --max-pages with a cursor, and resuming from it finishes the same job', async () => {
    const table = db as LocalDynamo;
    await arrange(table);
    const pages: { read: number; cursor?: string }[] = [];

    const first = await backfillLedgerTtl(table.client, table.tableName, {
      dryRun: false,
      pageSize: 7,
      maxPages: 2,
      now: LATER,
      onPage: (page) => pages.push(page),
    });
    expect(first).toMatchObject({ pages: 2, complete: false });
    expect(first.cursor).toBe(pages.at(-1)?.cursor);
    expect(pages.every((page) => page.read <= 7)).toBe(true);

    const { decodeCursor } = await import('../../../scripts/backfill-ledger-ttl.js');
    const rest = await backfillLedgerTtl(table.client, table.tableName, {
      dryRun: false,
      pageSize: 7,
      startAfter: decodeCursor(String(first.cursor)),
      now: LATER,
    });
    expect(rest.complete).toBe(true);
    expect(first.set + rest.set).toBe(25);
    const ledgerRows = (await allItems(table)).filter((item) => item.entity === 'ReminderLedgerEntry');
    expect(ledgerRows.filter((item) => typeof item.expiresAt !== 'number')).toEqual([]);
  });

  it('leaves alone a row a live run claims, or an erasure deletes, between the read and the write', async () => {
    const table = db as LocalDynamo;
    const claimedMeanwhile = reminder('t_live', 'live');
    const erasedMeanwhile = reminder('t_gone', 'gone');
    await rowWithoutTtl(table, claimedMeanwhile, NOW, false);
    await rowWithoutTtl(table, erasedMeanwhile, NOW, true);
    const liveClaim = plusSeconds(NOW, 90 * 86_400);
    let race: Promise<void> | undefined;
    // The race, made certain: before the backfill's first write goes out, the run re-claims one row and the other's
    // trainer is erased; every write (they go out several at a time) waits for both.
    const racing = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
          if (command instanceof UpdateCommand) {
            race ??= (async () => {
              await createReminderLedgerRepository(table).claim(claimedMeanwhile, {
                runId: 'live-run',
                now: liveClaim,
                leaseSeconds: 1,
              });
              await table.client.send(
                new DeleteCommand({ TableName: table.tableName, Key: keys.reminder(erasedMeanwhile) }),
              );
            })();
            await race;
          }
          return target.send(command as never);
        };
      },
    });

    const summary = await backfillLedgerTtl(racing, table.tableName, { dryRun: false, pageSize: 1000, now: LATER });

    expect(summary).toMatchObject({ missing: 2, set: 0, changedMeanwhile: 2 });
    const items = await allItems(table);
    expect(items.find((item) => item.trainerId === 't_gone')).toBeUndefined();
    expect(items.find((item) => item.trainerId === 't_live')?.expiresAt).toBe(
      ledgerExpiresAt(claimedMeanwhile, liveClaim),
    );
  });
});

describe('npm run recert -- backfill-ledger-ttl', () => {
  it('prints a line per page with its resume cursor, then the summary; exit 0', async () => {
    const table = await freshTable();
    await arrange(table);
    const lines: string[] = [];

    const result = await runBackfillLedgerTtlCli(
      ['--endpoint', table.endpoint, '--table', table.tableName, '--page-size', '10', '--max-pages', '1'],
      { progress: (line) => lines.push(line), now: LATER },
    );

    expect(result.exitCode).toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^page 1: read 10, \d+ ledger rows without a TTL, set \d+.* · resume with --start-after \S+$/,
    );
    const cursor = /--start-after (\S+)$/.exec(lines[0] ?? '')?.[1];
    expect(JSON.parse(result.stdout)).toMatchObject({ complete: false, pages: 1, cursor });

    const resumed = await runBackfillLedgerTtlCli(
      ['--endpoint', table.endpoint, '--table', table.tableName, '--start-after', String(cursor)],
      { progress: () => undefined, now: LATER },
    );
    expect(JSON.parse(resumed.stdout)).toMatchObject({ complete: true });
    expect(
      (await allItems(table)).filter((item) => item.entity === 'ReminderLedgerEntry' && !('expiresAt' in item)),
    ).toEqual([]);
  });

  it('runs as the documented command (dry run against a local table)', async () => {
    const table = await freshTable();
    await arrange(table);
    const result = await runCli('scripts/recert.ts', [
      'backfill-ledger-ttl',
      '--dry-run',
      `--endpoint=${table.endpoint}`,
      `--table=${table.tableName}`,
    ]);
    expect(result.stderr).toMatch(
      /^page 1: read \d+, 25 ledger rows without a TTL, would set 25\b.* · end of table\n$/,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, complete: true, missing: 25, set: 25 });
    expect(result.code).toBe(0);
  });

  it.each([
    [[], '--table: required (the Recert table name)'],
    [['--table', 't', '--page-size', '0'], '--page-size: a whole number from 1 to 1000 (got "0")'],
    [['--table', 't', '--max-pages', 'two'], '--max-pages: a whole number from 1 to 1000000 (got "two")'],
    [['--table', 't', '--start-after', 'not-a-cursor'], '--start-after: not a cursor this command printed'],
    [['--table', 't', '--endpoint', 'localhost:8000'], '--endpoint: not an http(s) URL (got "localhost:8000")'],
    [['--table', 't', '--table', 'u'], '--table: given more than once'],
    [['--table', 't', '--dryrun'], 'unknown argument "--dryrun"'],
    [['--table', 't'], '--region: required (or set AWS_REGION)'],
  ])('refuses %j with exit 2, naming the flag, touching nothing', async (args, message) => {
    const result = await runBackfillLedgerTtlCli(args, {
      env: {},
      connect: () => {
        throw new Error('must not connect');
      },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`backfill-ledger-ttl: ${message}`);
  });
});
