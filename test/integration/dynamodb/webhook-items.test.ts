import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRepository } from '../../../functions/adapters/dynamodb/delivery-repository.js';
import { ItemAlreadyExistsError } from '../../../functions/adapters/dynamodb/errors.js';
import { createProviderRepository } from '../../../functions/adapters/dynamodb/provider-repository.js';
import { createQuarantineRepository } from '../../../functions/adapters/dynamodb/quarantine-repository.js';
import { createUnclaimedCompletionRepository } from '../../../functions/adapters/dynamodb/unclaimed-completion-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { NOW, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

describe('webhook delivery dedupe', () => {
  it('lets exactly one of ten concurrent deliveries of the same id claim it', async () => {
    const deliveries = createDeliveryRepository(db);
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => deliveries.claim({ providerId: 'acme', webhookId: 'msg_1', now: NOW })),
    );
    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'duplicate' && c.status === 'IN_PROGRESS')).toHaveLength(9);
  });

  it('answers a redelivery days later as an applied duplicate, and remembers the id for 7 days', async () => {
    const deliveries = createDeliveryRepository(db);
    const ref = { providerId: 'acme', webhookId: 'msg_2' };
    expect((await deliveries.claim({ ...ref, now: NOW })).outcome).toBe('claimed');
    await deliveries.markApplied({ ...ref, outcome: 'applied', now: NOW });
    const threeDaysLater = plusSeconds(NOW, 72 * 3600);
    const again = await deliveries.claim({ ...ref, now: threeDaysLater });
    expect(again).toMatchObject({ outcome: 'duplicate', status: 'APPLIED', record: { outcome: 'applied' } });
    expect((await deliveries.get(ref, NOW))?.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 7 * 86_400);
  });

  it('lets the provider retry re-claim after the claimer crashed and its lease ran out', async () => {
    const deliveries = createDeliveryRepository(db);
    const ref = { providerId: 'acme', webhookId: 'msg_3' };
    await deliveries.claim({ ...ref, now: NOW, leaseSeconds: 60 });
    expect((await deliveries.claim({ ...ref, now: plusSeconds(NOW, 30) })).outcome).toBe('duplicate');
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => deliveries.claim({ ...ref, now: plusSeconds(NOW, 61) })),
    );
    const winners = retries.filter((c) => c.outcome === 'claimed');
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ attempt: 2 });
  });

  it('frees a claim released after a transient failure, but only for its holder', async () => {
    const deliveries = createDeliveryRepository(db);
    const ref = { providerId: 'acme', webhookId: 'msg_4' };
    const first = await deliveries.claim({ ...ref, now: NOW });
    if (first.outcome !== 'claimed') throw new Error('expected a claim');
    expect(await deliveries.release({ ...ref, claimToken: 'someone-else' })).toBe(false);
    expect(await deliveries.release({ ...ref, claimToken: first.claimToken })).toBe(true);
    expect((await deliveries.claim({ ...ref, now: plusSeconds(NOW, 1) })).outcome).toBe('claimed');
  });

  it('keeps the same webhook id from two providers apart', async () => {
    const deliveries = createDeliveryRepository(db);
    const a = await deliveries.claim({ providerId: 'acme', webhookId: 'shared', now: NOW });
    const b = await deliveries.claim({ providerId: 'other', webhookId: 'shared', now: NOW });
    expect([a.outcome, b.outcome]).toEqual(['claimed', 'claimed']);
  });
});

describe('quarantine', () => {
  it('stores the raw body verbatim without the signature and lists newest first', async () => {
    const quarantine = createQuarantineRepository(db);
    const body = '{"type":"course.completed",  "data": {"course":{"code":"NOPE"}}}\n';
    for (const [i, reason] of ['unknown course NOPE', 'data.completedOn: not a calendar date'].entries()) {
      await quarantine.add({
        providerId: 'acme',
        webhookId: `q_${i}`,
        receivedAt: plusSeconds(NOW, i),
        body,
        headers: {
          'webhook-id': `q_${i}`,
          'Webhook-Signature': 'v1,secret-looking',
          'content-type': 'application/json',
        },
        reason,
      });
    }
    const { items } = await quarantine.list('acme', { now: NOW });
    expect(items.map((item) => item.webhookId)).toEqual(['q_1', 'q_0']);
    expect(items[1]).toMatchObject({ body, reason: 'unknown course NOPE' });
    expect(items[1]?.headers).toEqual({ 'webhook-id': 'q_0', 'content-type': 'application/json' });
    expect((await quarantine.list('acme', { now: plusSeconds(NOW, 91 * 86_400) })).items).toEqual([]);
  });
});

describe('unclaimed completions', () => {
  it('stores each delivery once per address and deletes it after attach', async () => {
    const unclaimed = createUnclaimedCompletionRepository(db);
    const credit = {
      kind: 'activity',
      activity: {
        title: 'Performance Enhancement',
        completedOn: '2026-11-19',
        units: { NASM: 1.9 },
        courseCode: 'NASM-PES',
      },
    } as const;
    const input = {
      email: 'New@Example.com',
      providerId: 'acme',
      webhookId: 'w1',
      credit,
      certificateId: 'PES-1',
      now: NOW,
    };
    expect(await unclaimed.add(input)).toBe(true);
    expect(await unclaimed.add(input)).toBe(false);
    await unclaimed.add({
      ...input,
      webhookId: 'w2',
      credit: { kind: 'specialization', credential: { code: 'NASM-PES', earnedOn: '2026-11-19' } },
    });
    const listed = await unclaimed.listForEmail('new@example.com', NOW);
    expect(listed.map((c) => c.credit.kind)).toEqual(['activity', 'specialization']);
    expect(listed[0]).toMatchObject({ email: 'new@example.com', certificateId: 'PES-1', credit });
    await unclaimed.delete({ email: 'new@example.com', providerId: 'acme', webhookId: 'w1' });
    expect((await unclaimed.listForEmail('new@example.com', NOW)).map((c) => c.webhookId)).toEqual(['w2']);
  });
});

describe('provider registry', () => {
  it('creates, rotates to at most two secrets and lists without secrets', async () => {
    const providers = createProviderRepository(db);
    await providers.create({
      providerId: 'demo',
      name: 'Demo Academy',
      secret: 'whsec_one',
      courseMap: { 'c-1': 'NASM-PES', 'c-2': { title: 'Kettlebells', units: { ACE: 0.5 } } },
      now: NOW,
    });
    await expect(providers.create({ providerId: 'demo', name: 'x', secret: 's', now: NOW })).rejects.toBeInstanceOf(
      ItemAlreadyExistsError,
    );
    await providers.addSecret('demo', 'whsec_two', NOW);
    const rotated = await providers.addSecret('demo', 'whsec_three', NOW);
    expect(rotated.secrets).toEqual(['whsec_two', 'whsec_three']);
    expect((await providers.retireOldSecrets('demo', NOW)).secrets).toEqual(['whsec_three']);
    expect((await providers.get('demo'))?.courseMap['c-2']).toEqual({ title: 'Kettlebells', units: { ACE: 0.5 } });
    const listed = await providers.list();
    expect(listed).toEqual([expect.objectContaining({ providerId: 'demo', name: 'Demo Academy', secretCount: 1 })]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
  });

  it('treats a malformed provider id from a URL as unknown and refuses it on create', async () => {
    const providers = createProviderRepository(db);
    expect(await providers.get('../etc#x')).toBeUndefined();
    await expect(providers.create({ providerId: 'Bad#Id', name: 'x', secret: 's', now: NOW })).rejects.toThrow(
      /providerId/,
    );
  });
});
