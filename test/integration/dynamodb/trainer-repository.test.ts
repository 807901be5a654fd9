import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemAlreadyExistsError, RevisionConflictError } from '../../../functions/adapters/dynamodb/errors.js';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import { createTrainerRepository, newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, PROFILE, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

async function rawTrainer(trainerId: string) {
  const { Item } = await db.client.send(new GetCommand({ TableName: db.tableName, Key: keys.trainer(trainerId) }));
  return Item;
}

describe('trainer repository', () => {
  it('stores a confirmed trainer with entity, version and the due-index attributes', async () => {
    const trainers = createTrainerRepository(db);
    const trainerId = newTrainerId();
    const created = await trainers.create({
      trainerId,
      email: ' Sam@Example.com ',
      name: 'Sam Lee',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    expect(created).toMatchObject({ trainerId, email: 'Sam@Example.com', revision: 1, nextReminderOn: '2026-12-01' });
    expect(await trainers.get(trainerId)).toEqual(created);
    expect(await rawTrainer(trainerId)).toMatchObject({
      entity: 'Trainer',
      version: 1,
      dueShard: expect.stringMatching(/^DUE#[0-7]$/),
      dueOn: '2026-12-01',
    });
  });

  it('refuses a second trainer with the same id', async () => {
    const trainers = createTrainerRepository(db);
    const input = { trainerId: newTrainerId(), email: 'a@example.com', name: 'A', profile: PROFILE, now: NOW };
    await trainers.create({ ...input, nextReminderOn: null });
    await expect(trainers.create({ ...input, nextReminderOn: null })).rejects.toBeInstanceOf(ItemAlreadyExistsError);
  });

  it.each([
    ['nothing scheduled', { nextReminderOn: null, suppressed: false }],
    ['suppressed', { nextReminderOn: '2026-12-01', suppressed: true }],
  ] as const)('keeps a trainer with %s out of the due index', async (_case, state) => {
    const trainers = createTrainerRepository(db);
    const trainerId = newTrainerId();
    await trainers.create({ trainerId, email: 'b@example.com', name: 'B', profile: PROFILE, now: NOW, ...state });
    const item = await rawTrainer(trainerId);
    expect(item).not.toHaveProperty('dueShard');
    expect(item).not.toHaveProperty('dueOn');
  });

  it('moves the trainer in the due index on update and removes them when nothing is scheduled', async () => {
    const trainers = createTrainerRepository(db);
    const trainerId = newTrainerId();
    const v1 = await trainers.create({
      trainerId,
      email: 'c@example.com',
      name: 'C',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    const v2 = await trainers.update(
      v1,
      { nextReminderOn: '2027-01-10', remindersSent: ['REMINDER#X#2027-06-30#d90'] },
      NOW,
    );
    expect(v2).toMatchObject({
      revision: 2,
      nextReminderOn: '2027-01-10',
      remindersSent: ['REMINDER#X#2027-06-30#d90'],
    });
    expect(await rawTrainer(trainerId)).toMatchObject({ dueOn: '2027-01-10' });
    const v3 = await trainers.update(v2, { nextReminderOn: null }, plusSeconds(NOW, 1));
    expect(v3.nextReminderOn).toBeNull();
    const item = await rawTrainer(trainerId);
    expect(item).not.toHaveProperty('dueOn');
    expect(item).not.toHaveProperty('nextReminderOn');
  });

  it('never loses a concurrent writer: the stale update fails with a revision conflict', async () => {
    const trainers = createTrainerRepository(db);
    const trainerId = newTrainerId();
    const base = await trainers.create({
      trainerId,
      email: 'd@example.com',
      name: 'D',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    const webhookCredit = {
      ...PROFILE,
      activities: [...PROFILE.activities, { title: 'PES', completedOn: '2026-11-19', units: { NASM: 1.9 } }],
    };
    const results = await Promise.allSettled([
      trainers.update(base, { profile: webhookCredit, nextReminderOn: '2027-02-01' }, NOW),
      trainers.update(base, { name: 'D renamed', nextReminderOn: '2026-12-01' }, NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(RevisionConflictError);
    // The loser re-reads and re-applies on top: both changes survive.
    const fresh = await trainers.get(trainerId);
    if (!fresh) throw new Error('trainer vanished');
    const loserWasRename = fresh.name === 'D';
    const final = loserWasRename
      ? await trainers.update(fresh, { name: 'D renamed', nextReminderOn: fresh.nextReminderOn }, NOW)
      : await trainers.update(fresh, { profile: webhookCredit, nextReminderOn: '2027-02-01' }, NOW);
    expect(final).toMatchObject({ name: 'D renamed', revision: 3 });
    expect(final.profile.activities).toHaveLength(2);
  });

  it('markSuppressed flags the trainer, leaves the due index and makes the next stale update conflict', async () => {
    const trainers = createTrainerRepository(db);
    const trainerId = newTrainerId();
    const v1 = await trainers.create({
      trainerId,
      email: 'e@example.com',
      name: 'E',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    expect(await trainers.markSuppressed(trainerId, NOW)).toBe(true);
    expect(await rawTrainer(trainerId)).not.toHaveProperty('dueShard');
    await expect(trainers.update(v1, { nextReminderOn: '2026-12-02' }, NOW)).rejects.toBeInstanceOf(
      RevisionConflictError,
    );
    const v2 = await trainers.get(trainerId);
    if (!v2) throw new Error('trainer vanished');
    expect(v2.suppressed).toBe(true);
    await trainers.update(v2, { nextReminderOn: '2026-12-02' }, NOW);
    expect(await rawTrainer(trainerId)).not.toHaveProperty('dueOn');
    expect(await trainers.markSuppressed('t_nobody', NOW)).toBe(false);
  });
});
