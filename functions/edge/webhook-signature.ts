import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `v1,<base64 HMAC-SHA256(id.timestamp.body)>`.
 * The HMAC itself is the `standardwebhooks` library's (`Webhook.sign`); the policy around it is ours because the
 * library's `verify` reads the wall clock, accepts `parseInt` timestamps such as `"1700000000abc"`, and decodes a
 * Buffer body lossily (see docs/adr/0009-webhook-verification.md).
 */
export const TOLERANCE_SECONDS = 300;
export const SECRET_PREFIX = 'whsec_';
export const MIN_SECRET_BYTES = 24;
/** A v1 signature is the base64 of 32 bytes: always 44 characters. */
const SIGNATURE_LENGTH = 44;
/** Two rotated secrets, a few schemes: anything longer is not a real header and is refused before any work. */
const MAX_SIGNATURE_HEADER = 1024;
const MAX_SIGNATURES = 8;
/** Printable ASCII without spaces: the id becomes part of a DynamoDB key and of log lines. */
const WEBHOOK_ID = /^[\x21-\x7e]{1,128}$/;
const INTEGER_SECONDS = /^[0-9]{1,12}$/;

export type RejectionReason =
  | 'missing-header'
  | 'bad-webhook-id'
  | 'bad-timestamp'
  | 'timestamp-too-old'
  | 'timestamp-too-new'
  | 'bad-signature-header'
  | 'body-not-utf8'
  | 'no-matching-signature';

export type Verification =
  | { readonly valid: true; readonly webhookId: string; readonly timestamp: number; readonly secretIndex: number }
  | { readonly valid: false; readonly reason: RejectionReason };

export interface SignedHeaders {
  readonly 'webhook-id'?: string | undefined;
  readonly 'webhook-timestamp'?: string | undefined;
  readonly 'webhook-signature'?: string | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const signers = new Map<string, Webhook>();

/** One library instance per secret (the base64 key is decoded once per cold start). */
function signerFor(secret: string): Webhook {
  let signer = signers.get(secret);
  if (!signer) {
    signer = new Webhook(secret);
    if (signers.size > 64) signers.clear();
    signers.set(secret, signer);
  }
  return signer;
}

/** True for `whsec_` + standard base64 of at least 24 bytes. */
export function isValidSecret(secret: string): boolean {
  if (!secret.startsWith(SECRET_PREFIX)) return false;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return false;
  return Buffer.from(encoded, 'base64').length >= MIN_SECRET_BYTES;
}

/** A fresh provider secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * `v1,<base64>` for the raw body bytes. Bodies must be UTF-8 (JSON always is): the library signs `body.toString()`,
 * which is byte-exact for valid UTF-8 only, so other bytes are refused rather than signed lossily.
 */
export function signPayload(secret: string, webhookId: string, timestamp: number, body: Buffer | string): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!isUtf8(bytes)) throw new TypeError('body: not valid UTF-8; Standard Webhooks bodies are JSON');
  return sign(secret, webhookId, timestamp, bytes);
}

function sign(secret: string, webhookId: string, timestamp: number, utf8Body: Buffer): string {
  return signerFor(secret).sign(webhookId, new Date(timestamp * 1000), utf8Body);
}

/** `v1`, `v1a`, `v2` …: a scheme name, never a base64 signature (those are 44 characters ending in `=`). */
const SCHEME = /^v[0-9][0-9a-z]{0,7}$/;

/**
 * The `(scheme, value)` entries of a signature header. Entries are space-separated (the spec's key-rotation list),
 * and API Gateway joins repeated `webhook-signature` headers with a comma, so `v1,A,v1,B` and `v1,A, v1,B` are two
 * entries as well; base64 has neither spaces nor commas, so splitting on both loses nothing.
 */
function signatureEntries(header: string): { scheme: string; value: string }[] {
  const tokens = header.split(/[\s,]+/).filter((token) => token !== '');
  const entries: { scheme: string; value: string }[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const scheme = tokens[i] ?? '';
    const value = tokens[i + 1];
    if (!SCHEME.test(scheme) || value === undefined || SCHEME.test(value)) continue;
    entries.push({ scheme, value });
    i += 1;
  }
  return entries;
}

function candidateSignatures(header: string): Buffer[] | undefined {
  if (header.length > MAX_SIGNATURE_HEADER || header.trim() === '') return undefined;
  const entries = signatureEntries(header);
  if (entries.length > MAX_SIGNATURES) return undefined;
  // Unknown versions (v1a, v2 …) are skipped, as the spec asks; only well-formed v1 values are compared.
  return entries.flatMap(({ scheme, value }) => {
    if (scheme !== 'v1') return [];
    const bytes = Buffer.from(value, 'utf8');
    return bytes.length === SIGNATURE_LENGTH ? [bytes] : [];
  });
}

export type HeaderCheck =
  | { readonly valid: true; readonly webhookId: string; readonly timestamp: number; readonly candidates: Buffer[] }
  | { readonly valid: false; readonly reason: RejectionReason };

/** Everything that can be checked without a secret: presence, id shape, integer timestamp within ±300 s, UTF-8. */
export function checkSignedHeaders(headers: SignedHeaders, body: Buffer, now: Date): HeaderCheck {
  const webhookId = headers['webhook-id'];
  const timestampHeader = headers['webhook-timestamp'];
  const signatureHeader = headers['webhook-signature'];
  if (!webhookId || !timestampHeader || !signatureHeader) return { valid: false, reason: 'missing-header' };
  if (!WEBHOOK_ID.test(webhookId)) return { valid: false, reason: 'bad-webhook-id' };
  if (!INTEGER_SECONDS.test(timestampHeader)) return { valid: false, reason: 'bad-timestamp' };
  const timestamp = Number(timestampHeader);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (nowSeconds - timestamp > TOLERANCE_SECONDS) return { valid: false, reason: 'timestamp-too-old' };
  if (timestamp - nowSeconds > TOLERANCE_SECONDS) return { valid: false, reason: 'timestamp-too-new' };
  const candidates = candidateSignatures(signatureHeader);
  if (candidates === undefined) return { valid: false, reason: 'bad-signature-header' };
  if (!isUtf8(body)) return { valid: false, reason: 'body-not-utf8' };
  return { valid: true, webhookId, timestamp, candidates };
}

/**
 * Verifies one delivery against every currently valid secret of its provider (two during a rotation). `now` is the
 * request time. Cheap checks run first; the HMAC runs once per secret; comparisons are constant-time on equal
 * lengths.
 */
export function verifySignature(input: {
  readonly headers: SignedHeaders;
  readonly body: Buffer;
  readonly secrets: readonly string[];
  readonly now: Date;
}): Verification {
  const checked = checkSignedHeaders(input.headers, input.body, input.now);
  if (!checked.valid) return checked;
  const { webhookId, timestamp, candidates } = checked;
  for (const [secretIndex, secret] of input.secrets.entries()) {
    if (!isValidSecret(secret)) continue;
    const expected = Buffer.from(sign(secret, webhookId, timestamp, input.body).slice('v1,'.length), 'utf8');
    for (const candidate of candidates) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        return { valid: true, webhookId, timestamp, secretIndex };
      }
    }
  }
  return { valid: false, reason: 'no-matching-signature' };
}
