import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../../functions/adapters/dynamodb/create-table.js';
import { createDeliveryRepository } from '../../../functions/adapters/dynamodb/delivery-repository.js';
import { createPendingSignupRepository } from '../../../functions/adapters/dynamodb/pending-signup-repository.js';
import { createQuarantineRepository } from '../../../functions/adapters/dynamodb/quarantine-repository.js';
import { createRunCheckpointRepository } from '../../../functions/adapters/dynamodb/run-checkpoint-repository.js';
import { RECERT_TABLE } from '../../../functions/adapters/dynamodb/table-definition.js';
import { createUnclaimedCompletionRepository } from '../../../functions/adapters/dynamodb/unclaimed-completion-repository.js';
import { createUsedTokenRepository } from '../../../functions/adapters/dynamodb/used-token-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { allItems, NOW, PROFILE, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

describe('table', () => {
  it('is created once with the sparse byDue index; ensureTable is idempotent', async () => {
    expect(await ensureTable(db.client, RECERT_TABLE, db.tableName)).toMatchObject({ created: false });
    const { Table } = await db.rawClient.send(new DescribeTableCommand({ TableName: db.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'byDue',
      KeySchema: [
        { AttributeName: 'dueShard', KeyType: 'HASH' },
        { AttributeName: 'dueOn', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
  });
});

describe('TTL', () => {
  it('writes every ephemeral family with a whole-second TTL between now and now + 400 days', async () => {
    await createPendingSignupRepository(db).save({ email: 'p@example.com', name: 'P', profile: PROFILE, now: NOW });
    await createUsedTokenRepository(db).consume({
      tokenId: 'tok',
      purpose: 'confirm',
      tokenExpiresAt: plusSeconds(NOW, 900),
      now: NOW,
    });
    await createDeliveryRepository(db).claim({ providerId: 'acme', webhookId: 'w', now: NOW });
    await createQuarantineRepository(db).add({
      providerId: 'acme',
      webhookId: 'w',
      receivedAt: NOW,
      body: '{}',
      headers: {},
      reason: 'bad shape',
    });
    await createUnclaimedCompletionRepository(db).add({
      email: 'u@example.com',
      providerId: 'acme',
      webhookId: 'w',
      credit: { kind: 'activity', activity: { title: 'T', completedOn: '2026-11-19', units: { ACE: 1 } } },
      now: NOW,
    });
    await createRunCheckpointRepository(db).acquireRunLease({
      runDate: '2026-11-20',
      runId: 'e',
      holder: 'h',
      leaseUntil: plusSeconds(NOW, 60),
      now: NOW,
    });
    const items = await allItems(db);
    const nowSeconds = NOW.getTime() / 1000;
    const withTtl = items.filter((item) => 'expiresAt' in item);
    expect(new Set(withTtl.map((item) => item.entity))).toEqual(
      new Set([
        'PendingSignup',
        'UsedToken',
        'WebhookDelivery',
        'QuarantinedDelivery',
        'UnclaimedCompletion',
        'RunCheckpoint',
      ]),
    );
    for (const item of withTtl) {
      const ttl = item.expiresAt as number;
      expect(Number.isInteger(ttl), `${String(item.entity)} TTL ${ttl}`).toBe(true);
      expect(ttl).toBeGreaterThan(nowSeconds);
      expect(ttl).toBeLessThanOrEqual(nowSeconds + 400 * 86_400);
    }
  });
});
