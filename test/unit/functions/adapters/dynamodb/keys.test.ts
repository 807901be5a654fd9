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
  teamInvitationRef,
} from '../../../../../functions/adapters/dynamodb/keys.js';
import { DUE_INDEX_SHARD_COUNT } from '../../../../../functions/adapters/dynamodb/table-definition.js';
import { newTrainerId } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';

describe('keys', () => {
  it.each([
    ['trainer', keys.trainer('t_abc'), 'TRAINER#t_abc', 'PROFILE'],
    ['email claim', keys.emailClaim(' Sam@Example.COM '), 'EMAIL#sam@example.com', 'TRAINER'],
    ['pending sign-up', keys.pendingSignup('Sam@example.com'), 'SIGNUP#sam@example.com', 'PENDING'],
    ['suppression', keys.suppression('SAM@example.com'), 'SUPPRESSION#sam@example.com', 'ADDRESS#sam@example.com'],
    [
      'suppression of a +tag Gmail spelling (its mailbox partition)',
      keys.suppression(' Sam.Lee+News@GoogleMail.com'),
      'SUPPRESSION#samlee@gmail.com',
      'ADDRESS#sam.lee+news@googlemail.com',
    ],
    [
      'suppression as stored before ADR 0027',
      keys.legacySuppression('Sam+News@example.com'),
      'SUPPRESSION#sam+news@example.com',
      'SUPPRESSION',
    ],
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

  it('keys a share link by the hash of its id, on both sides and in its request window, never by the id', () => {
    const id = 'Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab';
    const ref = keys.shareLinkRef(id);
    expect(ref).toBe(sha256Hex(id));
    expect(keys.shareLink('t_1', ref)).toEqual({ pk: 'TRAINER#t_1', sk: `SHARE#${ref}` });
    expect(keys.shareLinkPointer(ref)).toEqual({ pk: `SHARELINK#${ref}`, sk: 'LINK' });
    expect(keys.shareViewWindow(ref, 1_800_000_000)).toEqual({ pk: `SHAREVIEWS#${ref}`, sk: 'WINDOW#1800000000' });
    expect(JSON.stringify([keys.shareLink('t_1', ref), keys.shareLinkPointer(ref)])).not.toContain(id);
  });

  it('keys a team in the registry, its roster in its own partition, and each membership on both sides (ADR 0033)', () => {
    expect(keys.team('tm_1')).toEqual({ pk: 'TEAMS', sk: 'TEAM#tm_1' });
    expect(keys.teamMember('tm_1', 't_1')).toEqual({ pk: 'TEAM#tm_1', sk: 'MEMBER#t_1' });
    expect(keys.teamMembership('t_1', 'tm_1')).toEqual({ pk: 'TRAINER#t_1', sk: 'TEAM#tm_1' });
    // An invitation: the team's item by a hash of the normalised address; the address's pointer, read by its trainer.
    const ref = teamInvitationRef(' Sam@Example.com ');
    expect(ref).toBe(sha256Hex('sam@example.com'));
    expect(keys.teamInvitation('tm_1', ref)).toEqual({ pk: 'TEAM#tm_1', sk: `INVITE#${ref}` });
    expect(keys.teamInvitationPointer(' Sam@Example.com ', 'tm_1')).toEqual({
      pk: 'TEAMINVITE#sam@example.com',
      sk: 'TEAM#tm_1',
    });
    expect(keys.teamDigest('tm_1', '2026-12')).toEqual({ pk: 'TEAM#tm_1', sk: 'DIGEST#2026-12' });
    expect(() => keys.teamMember('tm_1#x', 't_1')).toThrow(KeySegmentError);
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
