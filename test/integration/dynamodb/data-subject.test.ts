import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSubjectOperations } from '../../../functions/adapters/dynamodb/data-subject.js';
import { createEmailClaimRepository } from '../../../functions/adapters/dynamodb/email-claim-repository.js';
import { createPendingSignupRepository } from '../../../functions/adapters/dynamodb/pending-signup-repository.js';
import { createProviderRepository } from '../../../functions/adapters/dynamodb/provider-repository.js';
import { createQuarantineRepository } from '../../../functions/adapters/dynamodb/quarantine-repository.js';
import { createReminderLedgerRepository } from '../../../functions/adapters/dynamodb/reminder-ledger-repository.js';
import { createSuppressionRepository } from '../../../functions/adapters/dynamodb/suppression-repository.js';
import { createTrainerRepository } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { createUnclaimedCompletionRepository } from '../../../functions/adapters/dynamodb/unclaimed-completion-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { allItems, at, NOW, PROFILE } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
  for (const who of ['alex', 'blair']) await seedTrainer(`t_${who}`, `${who}@example.com`);
  await seedQuarantine();
});
afterAll(async () => {
  await db?.stop();
});

/** Every family a trainer can have items in: profile, 30 ledger rows, claim, pending, suppression, unclaimed. */
async function seedTrainer(trainerId: string, email: string) {
  await createEmailClaimRepository(db).claim(email, trainerId, NOW);
  await createTrainerRepository(db).create({
    trainerId,
    email,
    name: trainerId,
    profile: PROFILE,
    nextReminderOn: '2026-12-01',
    now: NOW,
  });
  const ledger = createReminderLedgerRepository(db);
  for (let i = 0; i < 30; i += 1) {
    await ledger.claim(
      { trainerId, code: 'NASM-CPT', cycleExpiresOn: '2027-06-30', milestoneId: `m${i}` },
      { runId: 'r', now: NOW },
    );
  }
  await createPendingSignupRepository(db).save({ email, name: 'resubmitted', profile: PROFILE, now: NOW });
  await createUnclaimedCompletionRepository(db).add({
    email,
    providerId: 'acme',
    webhookId: `w-${trainerId}`,
    credit: { kind: 'specialization', credential: { code: 'NASM-PES', earnedOn: '2026-11-19' } },
    now: NOW,
  });
  await createSuppressionRepository(db).add(email, 'unsubscribed', NOW);
}

const completion = (email: string) =>
  JSON.stringify({ type: 'course.completed', data: { learner: { email }, courseId: 'unmapped-course' } });

/**
 * Quarantined deliveries live in per-provider partitions, not under any trainer: alex is mentioned in two (one in
 * another case, one past its TTL but not yet removed, so still held), blair in one, nobody in the fourth.
 */
async function seedQuarantine() {
  const providers = createProviderRepository(db);
  const quarantine = createQuarantineRepository(db);
  for (const providerId of ['acme', 'globex']) {
    await providers.create({ providerId, name: providerId, secret: 'whsec_dGVzdA==', now: NOW });
  }
  const deliveries = [
    { providerId: 'acme', webhookId: 'q-alex', receivedAt: NOW, body: completion('alex@example.com') },
    {
      providerId: 'globex',
      webhookId: 'q-alex-old',
      receivedAt: at('2026-08-01T09:00:00.000Z'),
      body: completion('Alex@Example.COM'),
    },
    { providerId: 'globex', webhookId: 'q-blair', receivedAt: NOW, body: completion('blair@example.com') },
    { providerId: 'acme', webhookId: 'q-nobody', receivedAt: NOW, body: '{"type":"course.completed","data":{}}' },
  ];
  for (const delivery of deliveries) {
    await quarantine.add({ ...delivery, headers: { 'webhook-id': delivery.webhookId }, reason: 'unknown course' });
  }
}

/** Case-insensitive, as the lookup is: a quarantined body may spell the address in any case. */
const mentions = (item: Record<string, unknown>, trainerId: string, email: string) => {
  const text = JSON.stringify(item).toLowerCase();
  return text.includes(trainerId) || text.includes(email);
};

describe('data-subject export and delete', () => {
  it('exports every item held about the trainer and nothing about anyone else', async () => {
    const { items } = await createDataSubjectOperations(db).exportTrainer('t_alex');
    const expected = (await allItems(db)).filter((item) => mentions(item, 't_alex', 'alex@example.com'));
    expect(items).toHaveLength(1 + 30 + 1 + 1 + 1 + 1 + 2);
    expect(items).toHaveLength(expected.length);
    expect(new Set(items.map((item) => item.entity))).toEqual(
      new Set([
        'Trainer',
        'ReminderLedgerEntry',
        'EmailClaim',
        'PendingSignup',
        'Suppression',
        'UnclaimedCompletion',
        'QuarantinedDelivery',
      ]),
    );
    const quarantined = items.filter((item) => item.entity === 'QuarantinedDelivery').map((item) => item.webhookId);
    expect(quarantined.sort()).toEqual(['q-alex', 'q-alex-old']);
    expect(items.some((item) => mentions(item, 't_blair', 'blair@example.com'))).toBe(false);
  });

  it('deletes them all, in batches, leaving zero items for the trainer and the other trainer intact', async () => {
    const before = (await allItems(db)).filter((item) => mentions(item, 't_blair', 'blair@example.com')).length;
    const deleted = await createDataSubjectOperations(db).deleteTrainer('t_alex');
    expect(deleted).toBe(37);
    const after = await allItems(db);
    expect(after.filter((item) => mentions(item, 't_alex', 'alex@example.com'))).toEqual([]);
    expect(after.filter((item) => mentions(item, 't_blair', 'blair@example.com'))).toHaveLength(before);
    const quarantineLeft = after.filter((item) => item.entity === 'QuarantinedDelivery').map((item) => item.webhookId);
    expect(quarantineLeft.sort()).toEqual(['q-blair', 'q-nobody']);
    expect(after.filter((item) => item.entity === 'Provider')).toHaveLength(2);
    expect((await createDataSubjectOperations(db).exportTrainer('t_alex')).items).toEqual([]);
  });
});

describe('erasure and a mailbox suppressed under several spellings (ADR 0027)', () => {
  it("deletes the suppressions recorded for the trainer's own address, old key form included, and keeps another spelling's", async () => {
    const suppressions = createSuppressionRepository(db);
    await createEmailClaimRepository(db).claim('casey+work@example.com', 't_casey', NOW);
    await createTrainerRepository(db).create({
      trainerId: 't_casey',
      email: 'casey+work@example.com',
      name: 'Casey',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    await suppressions.add('casey+work@example.com', 'unsubscribed', NOW);
    // Written before ADR 0027, under the address as typed.
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: 'SUPPRESSION#casey+work@example.com',
          sk: 'SUPPRESSION',
          entity: 'Suppression',
          version: 1,
          email: 'casey+work@example.com',
          reason: 'unsubscribed',
          suppressedAt: NOW.toISOString(),
        },
      }),
    );
    // The same inbox bounced under its plain spelling: that is about casey@example.com, not this trainer's address.
    await suppressions.add('casey@example.com', 'bounce', NOW);

    const exported = await createDataSubjectOperations(db).exportTrainer('t_casey');
    expect(exported.items.filter((item) => item.entity === 'Suppression').map((item) => [item.pk, item.sk])).toEqual(
      expect.arrayContaining([
        ['SUPPRESSION#casey+work@example.com', 'SUPPRESSION'],
        ['SUPPRESSION#casey@example.com', 'ADDRESS#casey+work@example.com'],
      ]),
    );
    expect(exported.items.filter((item) => item.entity === 'Suppression')).toHaveLength(2);

    await createDataSubjectOperations(db).deleteTrainer('t_casey');

    const left = await allItems(db);
    expect(left.filter((item) => JSON.stringify(item).includes('casey+work@example.com'))).toEqual([]);
    expect(await suppressions.get('casey@example.com')).toMatchObject({ email: 'casey@example.com', reason: 'bounce' });
    // The inbox still refuses mail: a new sign-up under the erased spelling is covered by the bounce.
    expect(await suppressions.isSuppressed('casey+work@example.com')).toBe(true);
  });
});
