import { describe, expect, it } from 'vitest';
import { createTokenService, TOKEN_LIFETIME_SECONDS, TokenError } from '../../../../functions/common/tokens.js';

const key = 'k'.repeat(64);
const now = new Date('2026-11-21T09:00:00Z');
const tokens = createTokenService(key);

describe('tokens', () => {
  it('verifies a token for its purpose and subject', () => {
    const token = tokens.issue('status', 't_trainer_a', now);

    const claims = tokens.verify(token, 'status', now);

    expect(claims.subject).toBe('t_trainer_a');
    expect(Buffer.from(claims.jti, 'base64url')).toHaveLength(32);
  });

  it('refuses a token minted for another purpose', () => {
    const token = tokens.issue('unsubscribe', 't_trainer_a', now);

    expect(() => tokens.verify(token, 'status', now)).toThrow(TokenError);
  });

  it('keeps unsubscribe links working 60 days after sending', () => {
    const token = tokens.issue('unsubscribe', 't_trainer_a', now);
    const sixtyDaysLater = new Date(now.getTime() + 60 * 86_400_000);

    expect(tokens.verify(token, 'unsubscribe', sixtyDaysLater).subject).toBe('t_trainer_a');
  });

  it('refuses an expired token', () => {
    const token = tokens.issue('confirm', 'sam@example.com', now);
    const afterExpiry = new Date(now.getTime() + (TOKEN_LIFETIME_SECONDS.confirm + 1) * 1000);

    expect(() => tokens.verify(token, 'confirm', afterExpiry)).toThrow(TokenError);
  });

  it.each([
    ['a tampered subject', (t: string) => swapSubject(t, 't_trainer_b')],
    ['a truncated signature', (t: string) => t.slice(0, -4)],
    ['a padded token', (t: string) => `${t}AAAA`],
    ['an extra segment', (t: string) => `${t}.x`],
    ['garbage', () => 'not-a-token'],
    ['an empty string', () => ''],
    ['a huge string', () => 'a'.repeat(100_000)],
  ])('refuses %s with a generic error', (_case, mutate) => {
    const token = tokens.issue('status', 't_trainer_a', now);

    expect(() => tokens.verify(mutate(token), 'status', now)).toThrow('This link is invalid or has expired.');
  });

  it.each([
    ['script after a padding character', (t: string) => `${t}=</script><script>alert(origin)</script>`],
    ['a trailing padding character', (t: string) => `${t}=`],
    ['a trailing space', (t: string) => `${t} `],
    ['a non-canonical last signature character', (t: string) => `${t.slice(0, -1)}${sibling(t.at(-1) ?? 'A')}`],
    ['junk after the payload', (t: string) => t.replace('.', '=.')],
  ])('refuses a validly signed token with %s (strict base64url, re-encoded and compared)', (_case, mutate) => {
    const token = tokens.issue('status', 't_trainer_a', now);

    expect(() => tokens.verify(mutate(token), 'status', now)).toThrow(TokenError);
  });

  it('refuses a token signed with another key', () => {
    const foreign = createTokenService('x'.repeat(64)).issue('status', 't_trainer_a', now);

    expect(() => tokens.verify(foreign, 'status', now)).toThrow(TokenError);
  });
});

function swapSubject(token: string, subject: string): string {
  const [payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
  return `${Buffer.from(JSON.stringify({ ...claims, subject })).toString('base64url')}.${signature}`;
}

/** A base64url character that decodes to the same 32 bytes in a 43-character signature (differs in the 2 unused bits). */
function sibling(last: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const index = alphabet.indexOf(last);
  return alphabet[(index & ~3) | ((index + 1) & 3)] ?? last;
}
