/**
 * The two items behind the public intake's limits (ADR 0024), against dynalite or DynamoDB Local: the sign-up email
 * hold a mailbox's variants share, and the per-network request counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, sha256Hex } from '../../../functions/adapters/dynamodb/keys.js';
import { createSignupEmailHoldRepository } from '../../../functions/adapters/dynamodb/signup-email-hold-repository.js';
import { createSourceIpWindowRepository } from '../../../functions/adapters/dynamodb/source-ip-window-repository.js';
import { type LocalDynamo, startLocalDynamo } from '../../helpers/local-dynamodb.js';
import { allItems, NOW, plusSeconds } from './fixtures.js';

let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => {
  await db?.stop();
});

const HOUR = 3600;
const itemsUnder = async (pk: string) => (await allItems(db)).filter((item) => item.pk === pk);

describe('sign-up email holds', () => {
  it('give one mailbox one hold for 24 h, whichever variant asks, and keep no address in clear', async () => {
    const holds = createSignupEmailHoldRepository(db);
    const variants = ['sam.lee@gmail.com', 'Sam.Lee+x@gmail.com', 'samlee@googlemail.com', 's.a.m.lee+y@gmail.com'];

    const results = await Promise.all(variants.map((email, i) => holds.claim(email, `nonce${i}`, NOW)));

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await holds.claim('samlee@gmail.com', 'later', plusSeconds(NOW, 24 * HOUR - 1))).toBe(false);
    const [item] = await itemsUnder(keys.signupEmailHold('samlee@gmail.com').pk);
    expect(item).toMatchObject({ entity: 'SignupEmailHold', expiresAt: NOW.getTime() / 1000 + 24 * HOUR });
    expect(JSON.stringify(item)).not.toMatch(/sam/i);
    expect(await holds.claim('samlee@gmail.com', 'next-day', plusSeconds(NOW, 24 * HOUR))).toBe(true);
  });

  it('are given back or shortened only by the request that took them', async () => {
    const holds = createSignupEmailHoldRepository(db);
    await holds.claim('kim@example.com', 'mine', NOW);

    expect(await holds.release('kim+other@example.com', 'not-mine', NOW)).toBe(false);
    expect(await holds.claim('kim@example.com', 'second', plusSeconds(NOW, 60))).toBe(false);

    expect(await holds.shorten('kim@example.com', 'mine', NOW)).toBe(true);
    expect(await holds.claim('kim@example.com', 'early', plusSeconds(NOW, 15 * 60 - 1))).toBe(false);
    expect(await holds.claim('kim@example.com', 'after', plusSeconds(NOW, 15 * 60))).toBe(true);

    expect(await holds.release('kim@example.com', 'after', plusSeconds(NOW, 15 * 60))).toBe(true);
    expect(await holds.claim('Kim+again@example.com', 'again', plusSeconds(NOW, 15 * 60))).toBe(true);
  });
});

describe('source network windows', () => {
  const policy = { windowSeconds: 600, limit: 10 };

  it('admit exactly the limit of concurrent requests from one network, and no more', async () => {
    const windows = createSourceIpWindowRepository(db);

    const answers = await Promise.all(Array.from({ length: 14 }, () => windows.admit('203.0.113.9', NOW, policy)));

    expect(answers.filter((answer) => answer.admitted)).toHaveLength(10);
    expect(new Set(answers.map((answer) => answer.windowEndsAt.toISOString()))).toEqual(
      new Set(['2026-11-20T10:10:00.000Z']),
    );
    expect((await windows.admit('203.0.113.10', NOW, policy)).admitted).toBe(true);
  });

  it('start counting again in the next window, and keep one short-lived item per window without the address', async () => {
    const windows = createSourceIpWindowRepository(db);
    for (let i = 0; i < 10; i++) await windows.admit('198.51.100.7', NOW, policy);

    expect((await windows.admit('198.51.100.7', plusSeconds(NOW, 599), policy)).admitted).toBe(false);
    expect((await windows.admit('198.51.100.7', plusSeconds(NOW, 600), policy)).admitted).toBe(true);

    const items = await itemsUnder(`SOURCEIP#${sha256Hex('198.51.100.7')}`);
    expect(items.map((item) => [item.sk, item.requests, item.expiresAt])).toEqual([
      [`WINDOW#${NOW.getTime() / 1000}`, 10, NOW.getTime() / 1000 + 600],
      [`WINDOW#${NOW.getTime() / 1000 + 600}`, 1, NOW.getTime() / 1000 + 1200],
    ]);
    expect(JSON.stringify(items)).not.toContain('198.51');
  });
});
