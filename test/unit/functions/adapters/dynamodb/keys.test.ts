import { describe, expect, it } from 'vitest';
import {
  dueShardKey,
  dueShardNumber,
  KeySegmentError,
  keys,
  normaliseEmail,
  parseReminderSortKey,
  reminderSortKey,
  sha256Hex,
} from '../../../../../functions/adapters/dynamodb/keys.js';
import { DUE_INDEX_SHARD_COUNT } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import { newTrainerId } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';

describe('keys', () => {
  it.each([
    ['trainer', keys.trainer('t_abc'), 'TRAINER#t_abc', 'PROFILE'],
    ['email claim', keys.emailClaim(' Sam@Example.COM '), 'EMAIL#sam@example.com', 'TRAINER'],
    ['pending sign-up', keys.pendingSignup('Sam@example.com'), 'SIGNUP#sam@example.com', 'PENDING'],
    ['suppression', keys.suppression('SAM@example.com'), 'SUPPRESSION#sam@example.com', 'SUPPRESSION'],
    ['delivery', keys.delivery('acme', 'msg_1'), 'DELIVERY#acme#msg_1', 'DELIVERY'],
    ['provider', keys.provider('acme'), 'PROVIDERS', 'PROVIDER#acme'],
    ['run checkpoint', keys.runCheckpoint('2026-11-20'), 'RUN#2026-11-20', 'CHECKPOINT'],
    [
      'unclaimed completion',
      keys.unclaimedCompletion('A@b.com', 'acme', 'w1'),
      'UNCLAIMED#a@b.com',
      'COMPLETION#acme#w1',
    ],
    [
      'quarantine',
      keys.quarantine('acme', new Date('2026-11-20T10:00:00Z'), 'w1'),
      'QUARANTINE#acme',
      '2026-11-20T10:00:00.000Z#w1',
    ],
    [
      'reminder',
      keys.reminder({ trainerId: 't_1', code: 'NASM-CPT', cycleExpiresOn: '2027-06-30', milestoneId: 'd60' }),
      'TRAINER#t_1',
      'REMINDER#NASM-CPT#2027-06-30#d60',
    ],
  ])('builds the %s key', (_family, key, pk, sk) => {
    expect(key).toEqual({ pk, sk });
  });

  it('stores only a hash of a token id', () => {
    const key = keys.usedToken('secret-nonce');
    expect(key).toEqual({ pk: `TOKEN#${sha256Hex('secret-nonce')}`, sk: 'USED' });
    expect(key.pk).not.toContain('secret-nonce');
  });

  it('keys a status-link request by a hash of the normalised address, never the address', () => {
    const key = keys.statusLinkRequest(' Sam@Example.com ');
    expect(key).toEqual({ pk: `STATUSLINK#${sha256Hex('sam@example.com')}`, sk: 'LAST_SENT' });
    expect(keys.statusLinkRequest('sam@example.com')).toEqual(key);
    expect(key.pk.toLowerCase()).not.toContain('sam');
  });

  it('keys the status-link and sign-up email limits by the mailbox, so address variants share them', () => {
    expect(keys.statusLinkRequest('Sam+old@example.com')).toEqual(keys.statusLinkRequest('sam@example.com'));
    expect(keys.statusLinkRequest('s.am@gmail.com')).toEqual(keys.statusLinkRequest('sam@googlemail.com'));
    expect(keys.statusLinkRequest('s.am@example.com')).not.toEqual(keys.statusLinkRequest('sam@example.com'));
    const hold = keys.signupEmailHold(' S.am+x@GoogleMail.com');
    expect(hold).toEqual({ pk: `SIGNUPMAIL#${sha256Hex('sam@gmail.com')}`, sk: 'LAST_SENT' });
    expect(hold.pk.toLowerCase()).not.toContain('sam');
    // The address's own items keep it as typed.
    expect(keys.pendingSignup('Sam+x@example.com').pk).toBe('SIGNUP#sam+x@example.com');
  });

  it('keys a source network per window by a hash, never the address', () => {
    const key = keys.sourceIpWindow('203.0.113.9', 1_795_000_200);
    expect(key).toEqual({ pk: `SOURCEIP#${sha256Hex('203.0.113.9')}`, sk: 'WINDOW#1795000200' });
    expect(key.pk).not.toContain('203.0');
    expect(() => keys.sourceIpWindow('', 0)).toThrow(KeySegmentError);
  });

  it.each([
    [
      'a # in a reminder segment',
      () => keys.reminder({ trainerId: 't', code: 'A#B', cycleExpiresOn: 'x', milestoneId: 'm' }),
    ],
    ['an empty trainer id', () => keys.trainer('')],
    ['a # in a provider id', () => keys.delivery('ac#me', 'w')],
  ])('refuses %s, naming the field', (_case, build) => {
    expect(build).toThrow(KeySegmentError);
  });

  it('round-trips a reminder sort key and rejects foreign ones', () => {
    const parts = { code: 'CPR-AED', cycleExpiresOn: '2027-01-15', milestoneId: 'prereq-30' };
    expect(parseReminderSortKey(reminderSortKey(parts))).toEqual(parts);
    expect(parseReminderSortKey('PROFILE')).toBeUndefined();
    expect(parseReminderSortKey('REMINDER#only#two')).toBeUndefined();
  });

  it('normalises emails by trimming and lower-casing only', () => {
    expect(normaliseEmail('  Sam.Lee+CE@Example.COM ')).toBe('sam.lee+ce@example.com');
  });

  it('spreads trainers over every shard, stably', () => {
    const counts = new Array<number>(DUE_INDEX_SHARD_COUNT).fill(0);
    for (let i = 0; i < 8_000; i += 1) {
      const shard = dueShardNumber(`t_${i}`);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(850);
    expect(Math.max(...counts)).toBeLessThan(1150);
    expect(dueShardNumber('t_42')).toBe(dueShardNumber('t_42'));
    expect(dueShardKey(3)).toBe('DUE#3');
  });

  it('makes trainer ids of 100 random bits, t_ + 20 base32 characters, never repeated', () => {
    const ids = Array.from({ length: 1_000 }, newTrainerId);
    for (const id of ids) expect(id).toMatch(/^t_[a-z2-7]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
