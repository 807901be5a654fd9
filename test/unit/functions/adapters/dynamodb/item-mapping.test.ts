import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataSubjectOperations } from '../../../../../functions/adapters/dynamodb/data-subject.js';
import { createDeliveryRepository } from '../../../../../functions/adapters/dynamodb/delivery-repository.js';
import { ItemValidationError, UnprocessedItemsError } from '../../../../../functions/adapters/dynamodb/errors.js';
import { trainerFromItem } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';

const VALID = {
  pk: 'TRAINER#t_1',
  sk: 'PROFILE',
  entity: 'Trainer',
  version: 1,
  trainerId: 't_1',
  email: 'sam@example.com',
  name: 'Sam',
  profile: { credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }], activities: [] },
  suppressed: false,
  remindersSent: [],
  revision: 3,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  dueShard: 'DUE#2',
  dueOn: '2026-12-01',
  nextReminderOn: '2026-12-01',
};

describe('trainerFromItem', () => {
  it('maps a stored item to a record without key or index attributes', () => {
    const record = trainerFromItem(VALID);
    expect(record).toMatchObject({ trainerId: 't_1', nextReminderOn: '2026-12-01', revision: 3 });
    expect(record).not.toHaveProperty('pk');
    expect(record).not.toHaveProperty('dueShard');
    expect(trainerFromItem({ ...VALID, nextReminderOn: undefined }).nextReminderOn).toBeNull();
  });

  it.each([
    ['another entity', { entity: 'Provider' }, 'entity'],
    ['a future version', { version: 2 }, 'version'],
    [
      'a bad date',
      { profile: { credentials: [{ code: 'X', expiresOn: '30/06/2027' }], activities: [] } },
      'profile.credentials.0.expiresOn',
    ],
    ['a missing revision', { revision: undefined }, 'revision'],
  ])('rejects %s, naming the field', (_case, patch, path) => {
    expect(() => trainerFromItem({ ...VALID, ...patch })).toThrow(ItemValidationError);
    expect(() => trainerFromItem({ ...VALID, ...patch })).toThrow(path);
  });
});

describe('error paths', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  afterEach(() => ddb.reset());

  it('retries BatchWriteItem UnprocessedItems until none are left', async () => {
    // The trainer partition Query returns one ledger row (no profile, so no address-keyed lookups follow).
    const key = { pk: 'TRAINER#t_1', sk: 'REMINDER#A#2027-01-01#m' };
    ddb.onAnyCommand().resolves({ Items: [key] });
    ddb
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { t: [{ DeleteRequest: { Key: key } }] } })
      .resolvesOnce({});
    const ops = createDataSubjectOperations({ client, tableName: 't', sleep: async () => {} });
    await expect(ops.deleteTrainer('t_1')).resolves.toBe(1);
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(2);
  });

  it('gives up with UnprocessedItemsError when DynamoDB keeps refusing', async () => {
    const key = { pk: 'TRAINER#t_1', sk: 'REMINDER#A#2027-01-01#m' };
    ddb.onAnyCommand().resolves({ Items: [key] });
    ddb.on(BatchWriteCommand).resolves({ UnprocessedItems: { t: [{ DeleteRequest: { Key: key } }] } });
    const ops = createDataSubjectOperations({ client, tableName: 't', sleep: async () => {} });
    await expect(ops.deleteTrainer('t_1')).rejects.toBeInstanceOf(UnprocessedItemsError);
  });

  it('lets a throttled claim fail loudly instead of reporting a duplicate', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    ddb.on(UpdateCommand).rejects(throttled);
    const deliveries = createDeliveryRepository({ client, tableName: 't' });
    await expect(deliveries.claim({ providerId: 'acme', webhookId: 'w', now: new Date(0) })).rejects.toThrow(
      'Rate exceeded',
    );
  });
});
