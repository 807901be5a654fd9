import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRepository } from '../../../functions/adapters/dynamodb/delivery-repository.js';
import { createRunCheckpointRepository } from '../../../functions/adapters/dynamodb/run-checkpoint-repository.js';
import { TTL_DAYS } from '../../../functions/adapters/dynamodb/ttl.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, plusSeconds } from './fixtures.js';

/** DynamoDB deletes expired items up to ~2 days late (dynalite never does): reads must not see them (item 38). */
let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

const days = (n: number) => n * 86_400;

describe('reads of ephemeral items ignore expired ones still in the table', () => {
  it('a webhook delivery id is readable until its TTL, then reads as absent', async () => {
    const deliveries = createDeliveryRepository(db);
    const ref = { providerId: 'acme', webhookId: 'msg_expiring' };
    await deliveries.claim({ ...ref, now: NOW });

    expect(await deliveries.get(ref, plusSeconds(NOW, days(TTL_DAYS.delivery) - 1))).toBeDefined();
    expect(await deliveries.get(ref, plusSeconds(NOW, days(TTL_DAYS.delivery)))).toBeUndefined();
  });

  it('a run checkpoint is readable until its TTL, then reads as absent', async () => {
    const checkpoints = createRunCheckpointRepository(db);
    const holder = { runDate: '2026-11-21', holder: 'req-1' };
    await checkpoints.acquireRunLease({ ...holder, runId: 'evt-1', now: NOW, leaseUntil: plusSeconds(NOW, 900) });

    expect(await checkpoints.get(holder.runDate, plusSeconds(NOW, days(TTL_DAYS.runCheckpoint) - 1))).toBeDefined();
    expect(await checkpoints.get(holder.runDate, plusSeconds(NOW, days(TTL_DAYS.runCheckpoint)))).toBeUndefined();
  });
});
