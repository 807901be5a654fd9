import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, self-describing link tokens: `base64url(claims).base64url(HMAC-SHA256(key, claims))`.
 * Each carries its purpose, its subject (a trainer id or a sign-up address) and its expiry, so a token minted for
 * one purpose or one trainer can never be used for another. Single-use purposes are enforced by the caller
 * with a conditional write on the token id (`jti`).
 */
export type TokenPurpose =
  | 'confirm'
  | 'status'
  | 'unsubscribe'
  | 'resubscribe'
  | 'signup-sent'
  | 'reminder-action'
  | 'team-manager';

export interface TokenClaims {
  readonly purpose: TokenPurpose;
  readonly subject: string;
  /** Expiry, epoch seconds. */
  readonly expiresAt: number;
  /** 256 random bits: makes every token unguessable and gives single-use tokens an id. */
  readonly jti: string;
  /** What the link does, beyond its purpose (a reminder action: `cpr:CPR-AED:2027-03-02`). */
  readonly ref?: string;
}

export const TOKEN_LIFETIME_SECONDS: Readonly<Record<TokenPurpose, number>> = {
  confirm: 7 * 24 * 3600,
  status: 30 * 24 * 3600,
  // CAN-SPAM wants an opt-out that works ≥ 30 days after sending; we keep it working for a year.
  unsubscribe: 365 * 24 * 3600,
  // "Turn reminders back on": a fresh opt-in, confirmed from the inbox within a week, like a sign-up.
  resubscribe: 7 * 24 * 3600,
  // The "check your email" page after sign-up names the address typed; a refresh within the hour still does.
  'signup-sent': 3600,
  // "I completed this" / "I renewed my card" from a reminder: good until about the next reminder, used once.
  'reminder-action': 30 * 24 * 3600,
  // A team manager's roster (subject: the team id). Every monthly digest carries a fresh one, so 40 days bridges the
  // longest gap between two digests (ADR 0033).
  'team-manager': 40 * 24 * 3600,
};

export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code = 'auth.invalid-token';
}

export interface TokenService {
  issue(purpose: TokenPurpose, subject: string, now: Date, ref?: string): string;
  /** Verifies signature, purpose and expiry; throws TokenError with a generic message otherwise. */
  verify(token: string, purpose: TokenPurpose, now: Date): TokenClaims;
}

const MAX_TOKEN_LENGTH = 1024;
/** HMAC-SHA256 is 32 bytes: 43 base64url characters, unpadded. */
const SIGNATURE_CHARS = 43;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The bytes of `text` if it is the one canonical unpadded base64url spelling of them, else undefined. Node's decoder
 * skips padding, junk and non-zero trailing bits, so `<token>=</script>…` would decode like `<token>`; re-encoding and
 * comparing makes every accepted token exactly one string (and keeps markup out of anything a token reaches).
 */
function strictBase64url(text: string, length?: number): Buffer | undefined {
  if (!BASE64URL.test(text) || (length !== undefined && text.length !== length)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function createTokenService(signingKey: string): TokenService {
  if (signingKey.length < 32) throw new Error('token signing key must be at least 32 characters');
  const sign = (payload: string) => createHmac('sha256', signingKey).update(payload).digest();

  return {
    issue(purpose, subject, now, ref) {
      const claims: TokenClaims = {
        purpose,
        subject,
        expiresAt: Math.floor(now.getTime() / 1000) + TOKEN_LIFETIME_SECONDS[purpose],
        jti: randomBytes(32).toString('base64url'),
        ...(ref === undefined ? {} : { ref }),
      };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },

    verify(token, purpose, now) {
      const invalid = new TokenError('This link is invalid or has expired.');
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw invalid;
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) throw invalid;
      const payloadBytes = strictBase64url(payload);
      const given = strictBase64url(signature, SIGNATURE_CHARS);
      if (!payloadBytes || !given) throw invalid;
      const expected = sign(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
      const claims = parseClaims(payloadBytes);
      if (!claims || claims.purpose !== purpose) throw invalid;
      if (claims.expiresAt * 1000 <= now.getTime()) throw invalid;
      return claims;
    },
  };
}

function parseClaims(payload: Buffer): TokenClaims | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    if (!value || typeof value !== 'object') return undefined;
    const { purpose, subject, expiresAt, jti, ref } = value as Record<string, unknown>;
    if (typeof purpose !== 'string' || typeof subject !== 'string' || typeof jti !== 'string') return undefined;
    if (typeof expiresAt !== 'number' || !Number.isInteger(expiresAt)) return undefined;
    if (ref !== undefined && typeof ref !== 'string') return undefined;
    return { purpose: purpose as TokenPurpose, subject, expiresAt, jti, ...(ref === undefined ? {} : { ref }) };
  } catch {
    return undefined;
  }
}
