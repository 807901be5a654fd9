import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailClaimRepository } from '../../../functions/adapters/dynamodb/email-claim-repository.js';
import { createPendingSignupRepository } from '../../../functions/adapters/dynamodb/pending-signup-repository.js';
import { createSuppressionRepository } from '../../../functions/adapters/dynamodb/suppression-repository.js';
import { createTrainerRepository, newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { createUsedTokenRepository } from '../../../functions/adapters/dynamodb/used-token-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, PROFILE, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

const HOUR = 3600;

describe('email claims', () => {
  it('gives an address to exactly one trainer, whatever its case and spacing', async () => {
    const claims = createEmailClaimRepository(db);
    const results = await Promise.all(
      ['Kim@Example.com', ' kim@example.com', 'KIM@EXAMPLE.COM ', 'kim@example.com'].map((email, i) =>
        claims.claim(email, `t_${i}`, NOW),
      ),
    );
    const winners = results.filter((r) => r.outcome === 'claimed');
    expect(winners).toHaveLength(1);
    const owner = winners[0]?.trainerId;
    expect(results.filter((r) => r.outcome === 'taken').every((r) => r.trainerId === owner)).toBe(true);
    expect(await claims.find('kim@EXAMPLE.com')).toBe(owner);
  });

  it('releases only its own claim', async () => {
    const claims = createEmailClaimRepository(db);
    await claims.claim('lee@example.com', 't_lee', NOW);
    expect(await claims.release('lee@example.com', 't_other')).toBe(false);
    expect(await claims.release('lee@example.com', 't_lee')).toBe(true);
    expect(await claims.find('lee@example.com')).toBeUndefined();
  });
});

describe('pending sign-ups', () => {
  it('keeps the reserved trainer id and the stored data across re-submissions, refreshing the TTL', async () => {
    const pending = createPendingSignupRepository(db);
    const first = await pending.save({ email: 'Ana@example.com', name: 'Ana', profile: PROFILE, now: NOW });
    const second = await pending.save({
      email: 'ana@example.com',
      name: 'Ana B',
      profile: { credentials: [], activities: [] },
      now: plusSeconds(NOW, 60),
    });
    expect(second.trainerId).toBe(first.trainerId);
    expect(second).toMatchObject({
      name: 'Ana',
      profile: PROFILE,
      email: 'ana@example.com',
      createdAt: first.createdAt,
    });
    expect(second.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 60 + 7 * 86_400);
  });

  it('replaces the name and profile only together with a claimed confirmation email (the link binds the data)', async () => {
    const pending = createPendingSignupRepository(db);
    const email = 'bound@example.com';
    const empty = { credentials: [], activities: [] };
    await pending.save({ email, name: 'Owner', profile: PROFILE, now: NOW });
    expect(await pending.claimConfirmationEmail(email, 'n1', NOW, { name: 'Owner', profile: PROFILE })).toBe(true);
    const later = plusSeconds(NOW, HOUR);
    expect(await pending.claimConfirmationEmail(email, 'n2', later, { name: 'Other', profile: empty })).toBe(false);
    expect(await pending.get(email, later)).toMatchObject({ name: 'Owner', profile: PROFILE, nonceHash: 'n1' });
    const nextDay = plusSeconds(NOW, 24 * HOUR);
    expect(await pending.claimConfirmationEmail(email, 'n3', nextDay, { name: 'New', profile: empty })).toBe(true);
    expect(await pending.get(email, nextDay)).toMatchObject({ name: 'New', profile: empty, nonceHash: 'n3' });
  });

  it('allows one confirmation email per address per 24 h however many submissions arrive', async () => {
    const pending = createPendingSignupRepository(db);
    const email = 'flood@example.com';
    const decisions: boolean[] = [];
    for (let i = 0; i < 5; i += 1) {
      const now = plusSeconds(NOW, i * HOUR);
      await pending.save({ email, name: 'F', profile: PROFILE, now });
      decisions.push(await pending.claimConfirmationEmail(email, `nonce-${i}`, now));
    }
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pending.claimConfirmationEmail(email, `race-${i}`, plusSeconds(NOW, 2 * HOUR)),
      ),
    );
    expect(decisions).toEqual([true, false, false, false, false]);
    expect(concurrent.filter(Boolean)).toHaveLength(0);
    expect((await pending.get(email, NOW))?.nonceHash).toBe('nonce-0');
    // 24 h after the first send, a new submission may send again; exactly one of ten racers wins.
    await pending.save({ email, name: 'F', profile: PROFILE, now: plusSeconds(NOW, 24 * HOUR) });
    const nextDay = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pending.claimConfirmationEmail(email, `day2-${i}`, plusSeconds(NOW, 24 * HOUR)),
      ),
    );
    expect(nextDay.filter(Boolean)).toHaveLength(1);
  });

  it('lets the sender give the slot back when the send failed', async () => {
    const pending = createPendingSignupRepository(db);
    const email = 'bounce-once@example.com';
    await pending.save({ email, name: 'G', profile: PROFILE, now: NOW });
    expect(await pending.claimConfirmationEmail(email, 'n1', NOW)).toBe(true);
    expect(await pending.releaseConfirmationEmail(email, 'n1')).toBe(true);
    expect(await pending.claimConfirmationEmail(email, 'n2', plusSeconds(NOW, 5))).toBe(true);
  });

  it('ignores an expired pending sign-up on read and replaces it on the next submission', async () => {
    const pending = createPendingSignupRepository(db);
    const email = 'late@example.com';
    const first = await pending.save({ email, name: 'Old', profile: PROFILE, now: NOW });
    await pending.claimConfirmationEmail(email, 'old-nonce', NOW);
    const eightDaysLater = plusSeconds(NOW, 8 * 24 * HOUR);
    expect(await pending.get(email, eightDaysLater)).toBeUndefined();
    expect(await pending.claimConfirmationEmail(email, 'n', eightDaysLater)).toBe(false);
    const fresh = await pending.save({ email, name: 'New', profile: PROFILE, now: eightDaysLater });
    expect(fresh.trainerId).not.toBe(first.trainerId);
    expect(fresh).not.toHaveProperty('nonceHash');
    expect(await pending.get(email, eightDaysLater)).toMatchObject({ name: 'New' });
  });

  it('sends no confirmation for an address nobody submitted', async () => {
    const pending = createPendingSignupRepository(db);
    expect(await pending.claimConfirmationEmail('ghost@example.com', 'n', NOW)).toBe(false);
  });
});

describe('single-use tokens', () => {
  it('consumes a token exactly once, even under ten concurrent attempts', async () => {
    const tokens = createUsedTokenRepository(db);
    const input = { tokenId: 'nonce-abc', purpose: 'confirm', tokenExpiresAt: plusSeconds(NOW, 900), now: NOW };
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.consume(input)));
    expect(results.filter((r) => r === 'consumed')).toHaveLength(1);
    expect(await tokens.consume(input)).toBe('already-used');
    expect(await tokens.consume({ ...input, tokenId: 'nonce-def' })).toBe('consumed');
  });

  it('refuses a token expiry outside (now, now + 90 days], so the TTL stays sane', async () => {
    const tokens = createUsedTokenRepository(db);
    await expect(tokens.consume({ tokenId: 'x', purpose: 'confirm', tokenExpiresAt: NOW, now: NOW })).rejects.toThrow(
      /tokenExpiresAt/,
    );
  });
});

describe('suppression list', () => {
  it('adds idempotently, keeps the first reason and takes a known trainer out of the due index', async () => {
    const suppression = createSuppressionRepository(db);
    const trainers = createTrainerRepository(db);
    const claims = createEmailClaimRepository(db);
    const trainerId = newTrainerId();
    await claims.claim('Pat@example.com', trainerId, NOW);
    await trainers.create({
      trainerId,
      email: 'Pat@example.com',
      name: 'Pat',
      profile: PROFILE,
      nextReminderOn: '2026-12-01',
      now: NOW,
    });
    expect(await suppression.isSuppressed('pat@example.com')).toBe(false);
    const results = await Promise.all([
      suppression.add('PAT@example.com', 'unsubscribed', NOW),
      suppression.add('pat@example.com', 'complaint', NOW),
    ]);
    expect(results.filter((r) => r.added)).toHaveLength(1);
    expect(results.every((r) => r.trainerId === trainerId)).toBe(true);
    expect(await suppression.isSuppressed(' pat@EXAMPLE.com')).toBe(true);
    expect((await trainers.get(trainerId))?.suppressed).toBe(true);
    expect(await suppression.add('pat@example.com', 'bounce', plusSeconds(NOW, 60))).toMatchObject({ added: false });
  });

  it('covers every spelling of the mailbox (ADR 0027): +tags everywhere, dots and googlemail.com on Gmail', async () => {
    const suppression = createSuppressionRepository(db);
    await suppression.add('Sam.Lee+News@gmail.com', 'bounce', NOW);
    await suppression.add('kim+promo@example.com', 'unsubscribed', NOW);

    for (const variant of ['samlee@gmail.com', 's.a.m.lee@googlemail.com', 'sam.lee+other@gmail.com']) {
      expect(await suppression.get(variant), variant).toEqual({
        email: 'sam.lee+news@gmail.com',
        reason: 'bounce',
        suppressedAt: NOW.toISOString(),
      });
    }
    expect(await suppression.isSuppressed('kim@example.com')).toBe(true);
    expect(await suppression.isSuppressed('KIM+work@example.com')).toBe(true);
    // Outside Gmail a dot makes another address, maybe another person's.
    expect(await suppression.isSuppressed('k.im@example.com')).toBe(false);
    expect(await suppression.isSuppressed('sam.lee@example.com')).toBe(false);
  });

  it('answers with the strongest reason of the mailbox: a bounce or complaint anywhere outranks an unsubscribe', async () => {
    const suppression = createSuppressionRepository(db);
    await suppression.add('lee+a@example.com', 'unsubscribed', NOW);
    await suppression.add('lee+b@example.com', 'complaint', plusSeconds(NOW, 60));

    expect(await suppression.get('lee@example.com')).toMatchObject({ email: 'lee+b@example.com', reason: 'complaint' });
    expect(await suppression.add('lee+a@example.com', 'bounce', plusSeconds(NOW, 120))).toEqual({ added: false });
  });

  it('flags the trainer of the exact address suppressed, and leaves a variant trainer to the run', async () => {
    const suppression = createSuppressionRepository(db);
    const trainers = createTrainerRepository(db);
    const claims = createEmailClaimRepository(db);
    const [exact, variant] = [newTrainerId(), newTrainerId()];
    for (const [trainerId, email] of [
      [exact, 'mia@example.com'],
      [variant, 'mia+work@example.com'],
    ] as const) {
      await claims.claim(email, trainerId, NOW);
      await trainers.create({
        trainerId,
        email,
        name: 'Mia',
        profile: PROFILE,
        nextReminderOn: '2026-12-01',
        now: NOW,
      });
    }

    expect(await suppression.add('mia@example.com', 'unsubscribed', NOW)).toEqual({ added: true, trainerId: exact });
    expect((await trainers.get(exact))?.suppressed).toBe(true);
    expect(await suppression.isSuppressed('mia+work@example.com')).toBe(true);
  });

  it('keeps honouring suppressions stored under the old key form, and lifts them with the rest on a resubscribe', async () => {
    const suppression = createSuppressionRepository(db);
    const oldForm = (email: string, reason: string) =>
      db.client.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            pk: `SUPPRESSION#${email}`,
            sk: 'SUPPRESSION',
            entity: 'Suppression',
            version: 1,
            email,
            reason,
            suppressedAt: NOW.toISOString(),
          },
        }),
      );
    await oldForm('noa+old@example.com', 'complaint');
    await oldForm('ola@example.com', 'bounce');

    expect(await suppression.get('noa+old@example.com')).toMatchObject({ reason: 'complaint' });
    // An old row of an address that is its own mailbox already sits where every spelling looks.
    expect(await suppression.get('ola+new@example.com')).toMatchObject({ email: 'ola@example.com', reason: 'bounce' });

    await suppression.add('noa@example.com', 'unsubscribed', NOW);
    await suppression.remove('noa+old@example.com');
    expect(await suppression.isSuppressed('noa+old@example.com')).toBe(false);
    expect(await suppression.isSuppressed('noa@example.com')).toBe(false);
    await suppression.remove('ola+new@example.com');
    expect(await suppression.isSuppressed('ola@example.com')).toBe(false);
  });

  it('suppresses an address with no trainer', async () => {
    const suppression = createSuppressionRepository(db);
    expect(await suppression.add('stranger@example.com', 'bounce', NOW)).toEqual({ added: true });
    expect(await suppression.get('stranger@example.com')).toEqual({
      email: 'stranger@example.com',
      reason: 'bounce',
      suppressedAt: NOW.toISOString(),
    });
  });
});
