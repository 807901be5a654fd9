import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemNotFoundError, LeaseLostError } from '../../../functions/adapters/dynamodb/errors.js';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import {
  createReminderLedgerRepository,
  LEDGER_KEEP_AFTER_CLAIM_DAYS,
  LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS,
} from '../../../functions/adapters/dynamodb/reminder-ledger-repository.js';
import { createRunCheckpointRepository } from '../../../functions/adapters/dynamodb/run-checkpoint-repository.js';
import { RECERT_TABLE } from '../../../functions/adapters/dynamodb/table-definition.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

const key = (trainerId: string, milestoneId = 'd60') => ({
  trainerId,
  code: 'NASM-CPT',
  cycleExpiresOn: '2027-06-30',
  milestoneId,
});

/** The attribute the table's TTL is enabled on. */
const TTL = RECERT_TABLE.timeToLiveAttribute;

describe('reminder ledger', () => {
  it('lets exactly one of ten racing runs claim a reminder, and nobody after it is SENT', async () => {
    const ledger = createReminderLedgerRepository(db);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ledger.claim(key('t_race'), { runId: `run-${i}`, now: NOW })),
    );
    expect(claims.filter((c) => c.claimed)).toEqual([{ claimed: true, attempt: 1 }]);
    await ledger.markSent(key('t_race'), { messageId: 'ses-1', now: NOW });
    const later = await ledger.claim(key('t_race'), { runId: 'next-day', now: plusSeconds(NOW, 86_400) });
    expect(later).toMatchObject({ claimed: false, current: { status: 'SENT', messageId: 'ses-1', attempts: 1 } });
  });

  it('keeps a claimed row out of the due index, so a claim and its settling are one write unit each (ADR 0032)', async () => {
    const ledger = createReminderLedgerRepository(db);
    await ledger.claim(key('t_unindexed'), { runId: 'r1', now: NOW });
    const { Item } = await db.client.send(
      new GetCommand({ TableName: db.tableName, Key: keys.reminder(key('t_unindexed')) }),
    );
    expect(Item).toMatchObject({ status: 'SENDING' });
    expect(Item).not.toHaveProperty('dueShard');
    expect(Item).not.toHaveProperty('dueOn');
  });

  it('re-claims a PENDING row only once its retryAfter has passed', async () => {
    const ledger = createReminderLedgerRepository(db);
    await ledger.claim(key('t_pending'), { runId: 'r1', now: NOW });
    await ledger.markPending(key('t_pending'), {
      retryAfter: plusSeconds(NOW, 300),
      reason: 'ses.throttled',
      now: NOW,
    });
    expect((await ledger.claim(key('t_pending'), { runId: 'r1', now: plusSeconds(NOW, 60) })).claimed).toBe(false);
    const retry = await ledger.claim(key('t_pending'), { runId: 'r1', now: plusSeconds(NOW, 301) });
    // The throttled claim sent nothing, so it gave its attempt back: this is the first send that may reach SES.
    expect(retry).toEqual({ claimed: true, previous: 'PENDING', attempt: 1 });
    expect(await ledger.get(key('t_pending'))).not.toHaveProperty('retryAfter');
  });

  it('re-claims a SENDING row whose run crashed only after its lease expired', async () => {
    const ledger = createReminderLedgerRepository(db);
    await ledger.claim(key('t_crash'), { runId: 'crashed', now: NOW, leaseSeconds: 600 });
    expect((await ledger.claim(key('t_crash'), { runId: 'r2', now: plusSeconds(NOW, 599) })).claimed).toBe(false);
    const reclaimed = await ledger.claim(key('t_crash'), { runId: 'r2', now: plusSeconds(NOW, 601) });
    expect(reclaimed).toEqual({ claimed: true, previous: 'SENDING', attempt: 2 });
  });

  it('never re-claims FAILED and never downgrades SENT', async () => {
    const ledger = createReminderLedgerRepository(db);
    await ledger.claim(key('t_failed'), { runId: 'r', now: NOW });
    await ledger.markFailed(key('t_failed'), { reason: 'ses.message-rejected', now: NOW });
    expect(await ledger.claim(key('t_failed'), { runId: 'r', now: plusSeconds(NOW, 86_400) })).toMatchObject({
      claimed: false,
      current: { status: 'FAILED', lastError: 'ses.message-rejected' },
    });
    await ledger.claim(key('t_sent'), { runId: 'r', now: NOW });
    await ledger.markSent(key('t_sent'), { messageId: 'm', now: NOW });
    await expect(
      ledger.markPending(key('t_sent'), { retryAfter: NOW, reason: 'late', now: NOW }),
    ).rejects.toBeInstanceOf(ItemNotFoundError);
    expect((await ledger.get(key('t_sent')))?.status).toBe('SENT');
  });

  it('gives every new row the table TTL two years after its cycle expiry, kept through send and settle', async () => {
    const ledger = createReminderLedgerRepository(db);
    const raw = async (k: ReturnType<typeof key>) =>
      (await db.client.send(new GetCommand({ TableName: db.tableName, Key: keys.reminder(k), ConsistentRead: true })))
        .Item;
    const cycleTtl = Date.parse('2027-06-30T00:00:00Z') / 1000 + LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS * 86_400;

    await ledger.claim(key('t_ttl', 'd60'), { runId: 'r', now: NOW });
    expect((await raw(key('t_ttl', 'd60')))?.[TTL]).toBe(cycleTtl);
    await ledger.markSent(key('t_ttl', 'd60'), { messageId: 'ses-ttl', now: NOW });
    await ledger.claim(key('t_ttl', 'd30'), { runId: 'r', now: NOW });
    await ledger.markPending(key('t_ttl', 'd30'), { retryAfter: NOW, reason: 'ses.throttled', now: NOW });
    await ledger.claim(key('t_ttl', 'd30'), { runId: 'r', now: plusSeconds(NOW, 1) });
    await ledger.markFailed(key('t_ttl', 'd30'), { reason: 'ses.message-rejected', now: plusSeconds(NOW, 1) });
    for (const milestoneId of ['d60', 'd30']) {
      const item = await raw(key('t_ttl', milestoneId));
      expect(item, milestoneId).toMatchObject({ entity: 'ReminderLedgerEntry', [TTL]: cycleTtl });
    }
    // The row still reads as before: the TTL is storage, not part of the entry.
    expect(await ledger.get(key('t_ttl', 'd60'))).toMatchObject({ status: 'SENT', messageId: 'ses-ttl' });
  });

  it('keeps a row claimed for a cycle that ended long ago for 90 days after the claim', async () => {
    const ledger = createReminderLedgerRepository(db);
    const old = { trainerId: 't_old_cycle', code: 'NASM-CPT', cycleExpiresOn: '2019-03-31', milestoneId: 'lapsed' };

    await ledger.claim(old, { runId: 'r', now: NOW });

    const { Item } = await db.client.send(new GetCommand({ TableName: db.tableName, Key: keys.reminder(old) }));
    expect(Item?.[TTL]).toBe(Math.floor(NOW.getTime() / 1000) + LEDGER_KEEP_AFTER_CLAIM_DAYS * 86_400);
  });

  it('lists a trainer’s ledger rows', async () => {
    const ledger = createReminderLedgerRepository(db);
    await ledger.claim(key('t_list', 'd90'), { runId: 'r', now: NOW });
    await ledger.claim(key('t_list', 'd30'), { runId: 'r', now: NOW });
    const rows = await ledger.listForTrainer('t_list');
    expect(rows.map((row) => row.key.milestoneId).sort()).toEqual(['d30', 'd90']);
  });
});

describe('run checkpoint', () => {
  const runDate = '2026-11-20';
  const lease = (holder: string, seconds = 300, now = NOW) => ({
    runDate,
    holder,
    runId: 'evt-1',
    leaseUntil: plusSeconds(now, seconds),
    now,
  });

  it('gives the day to one of two concurrent invocations and resumes the cursors in a continuation', async () => {
    const runs = createRunCheckpointRepository(db);
    const [a, b] = await Promise.all([runs.acquireRunLease(lease('inv-a')), runs.acquireRunLease(lease('inv-b'))]);
    expect([a.acquired, b.acquired].filter(Boolean)).toHaveLength(1);
    const winner = a.acquired ? 'inv-a' : 'inv-b';
    const loser = a.acquired ? 'inv-b' : 'inv-a';
    const loserResult = a.acquired ? b : a;
    expect(loserResult).toMatchObject({ acquired: false, reason: 'held' });

    const cursor = { pk: 'TRAINER#t_1', sk: 'PROFILE', dueShard: 'DUE#3', dueOn: '2026-11-19' };
    await runs.saveCursor({ runDate, holder: winner, shard: 3, cursor, now: NOW });
    await runs.saveCursor({ runDate, holder: winner, shard: 5, cursor: 'done', now: NOW });
    await expect(
      runs.saveCursor({ runDate, holder: loser, shard: 1, cursor: 'done', now: NOW }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await runs.releaseRunLease({ runDate, holder: winner, now: NOW });

    const continuation = await runs.acquireRunLease(lease('inv-c', 300, plusSeconds(NOW, 1)));
    expect(continuation).toMatchObject({ acquired: true, checkpoint: { cursors: { 3: cursor, 5: 'done' } } });
    await runs.complete({ runDate, holder: 'inv-c', now: plusSeconds(NOW, 2) });
    expect(await runs.acquireRunLease(lease('inv-d', 300, plusSeconds(NOW, 3600)))).toMatchObject({
      acquired: false,
      reason: 'completed',
    });
  });

  it('hands an abandoned lease to the next invocation once it expired', async () => {
    const runs = createRunCheckpointRepository(db);
    const day = { ...lease('inv-1', 60), runDate: '2026-11-21' };
    expect((await runs.acquireRunLease(day)).acquired).toBe(true);
    expect((await runs.acquireRunLease({ ...day, holder: 'inv-2', now: plusSeconds(NOW, 30) })).acquired).toBe(false);
    expect((await runs.acquireRunLease({ ...day, holder: 'inv-2', now: plusSeconds(NOW, 61) })).acquired).toBe(true);
    await expect(runs.complete({ runDate: '2026-11-21', holder: 'inv-1', now: NOW })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
  });
});
