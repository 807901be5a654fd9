import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  generateSecret,
  isValidSecret,
  signPayload,
  verifySignature,
} from '../../../../functions/edge/webhook-signature.js';

// Known-answer vector of the Standard Webhooks reference library ("sign function works" in
// standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const SECRET = 'whsec_cmVjZXJ0LWRlbW8tZml4ZWQtdGVzdC1zZWNyZXQtMzI=';
const PREVIOUS = 'whsec_YW5vdGhlci1wcm92aWRlci1zZWNyZXQtMzItYnl0ZXM=';
const NOW = new Date(1795168800 * 1000);
const T = 1795168800;
const BODY = Buffer.from('{"type":"course.completed"}');

function headers(signature: string, overrides: Record<string, string | undefined> = {}) {
  return { 'webhook-id': 'msg_1', 'webhook-timestamp': String(T), 'webhook-signature': signature, ...overrides };
}

describe('Standard Webhooks signatures', () => {
  it('reproduces the spec known-answer vector and verifies it', () => {
    expect(signPayload(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const result = verifySignature({
      headers: {
        'webhook-id': VECTOR.id,
        'webhook-timestamp': String(VECTOR.timestamp),
        'webhook-signature': VECTOR.signature,
      },
      body: Buffer.from(VECTOR.body),
      secrets: [VECTOR.secret],
      now: new Date(VECTOR.timestamp * 1000),
    });
    expect(result).toEqual({ valid: true, webhookId: VECTOR.id, timestamp: VECTOR.timestamp, secretIndex: 0 });
  });

  it('signs the raw bytes: equal to an HMAC over id.timestamp.body for any UTF-8 body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 0, max: 4e9 }), (text, ts) => {
        const bytes = Buffer.from(text, 'utf8');
        const key = Buffer.from(SECRET.slice(6), 'base64');
        const expected = createHmac('sha256', key)
          .update(Buffer.concat([Buffer.from(`msg_1.${ts}.`), bytes]))
          .digest('base64');
        expect(signPayload(SECRET, 'msg_1', ts, bytes)).toBe(`v1,${expected}`);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  const valid = signPayload(SECRET, 'msg_1', T, BODY);
  const rejections: [string, Record<string, string | undefined>, Buffer, string][] = [
    ['missing webhook-id', headers(valid, { 'webhook-id': undefined }), BODY, 'missing-header'],
    ['missing webhook-timestamp', headers(valid, { 'webhook-timestamp': undefined }), BODY, 'missing-header'],
    ['missing webhook-signature', headers(valid, { 'webhook-signature': undefined }), BODY, 'missing-header'],
    ['non-integer timestamp 1.5', headers(valid, { 'webhook-timestamp': `${T}.5` }), BODY, 'bad-timestamp'],
    ['timestamp with trailing garbage', headers(valid, { 'webhook-timestamp': `${T}abc` }), BODY, 'bad-timestamp'],
    ['negative timestamp', headers(valid, { 'webhook-timestamp': `-${T}` }), BODY, 'bad-timestamp'],
    [
      '301 s in the past',
      headers(signPayload(SECRET, 'msg_1', T - 301, BODY), { 'webhook-timestamp': String(T - 301) }),
      BODY,
      'timestamp-too-old',
    ],
    [
      '301 s in the future',
      headers(signPayload(SECRET, 'msg_1', T + 301, BODY), { 'webhook-timestamp': String(T + 301) }),
      BODY,
      'timestamp-too-new',
    ],
    ['"v1," (empty signature)', headers('v1,'), BODY, 'no-matching-signature'],
    ['8 characters', headers(valid.slice(0, 8)), BODY, 'no-matching-signature'],
    ['10,000 characters', headers(`v1,${'A'.repeat(9997)}`), BODY, 'bad-signature-header'],
    ['right length, wrong value', headers(`v1,${'A'.repeat(43)}=`), BODY, 'no-matching-signature'],
    ['non-ASCII signature of the right length', headers(`v1,${'é'.repeat(44)}`), BODY, 'no-matching-signature'],
    ['body differs by one byte', headers(valid), Buffer.from('{"type":"course.completeD"}'), 'no-matching-signature'],
    [
      'body re-serialised with whitespace',
      headers(valid),
      Buffer.from('{"type": "course.completed"}'),
      'no-matching-signature',
    ],
    ['body that is not UTF-8', headers(valid), Buffer.from([0x7b, 0xff, 0x7d]), 'body-not-utf8'],
    ['signed with another secret', headers(signPayload(PREVIOUS, 'msg_1', T, BODY)), BODY, 'no-matching-signature'],
    ['signature for another webhook-id', headers(signPayload(SECRET, 'msg_2', T, BODY)), BODY, 'no-matching-signature'],
    ['unknown scheme only', headers(valid.replace('v1,', 'v1a,')), BODY, 'no-matching-signature'],
  ];

  it.each(rejections)('rejects %s', (_name, given, body, reason) => {
    expect(verifySignature({ headers: given, body, secrets: [SECRET], now: NOW })).toEqual({ valid: false, reason });
  });

  it.each([
    ['exactly 300 s old', T - 300],
    ['exactly 300 s ahead', T + 300],
  ])('accepts a timestamp %s', (_name, ts) => {
    const signature = signPayload(SECRET, 'msg_1', ts, BODY);
    const result = verifySignature({
      headers: headers(signature, { 'webhook-timestamp': String(ts) }),
      body: BODY,
      secrets: [SECRET],
      now: NOW,
    });
    expect(result.valid).toBe(true);
  });

  it('accepts a multi-signature header when one signature is valid under the previous secret (rotation)', () => {
    const header = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      'v2,whatever',
      signPayload(PREVIOUS, 'msg_1', T, BODY),
    ].join(' ');
    const result = verifySignature({ headers: headers(header), body: BODY, secrets: [PREVIOUS, SECRET], now: NOW });
    expect(result).toMatchObject({ valid: true, secretIndex: 0 });
  });

  const wrong = `v1,${'A'.repeat(43)}=`;
  it.each([
    ['comma-joined, valid second', `${wrong},${valid}`],
    ['comma-joined, valid first', `${valid},${wrong}`],
    ['comma and space joined', `${wrong}, ${valid}`],
    ['comma-joined with an unknown scheme', `v2,whatever,${valid}`],
  ])('accepts duplicate webhook-signature headers joined by API Gateway (%s) when one entry verifies', (_n, header) => {
    expect(verifySignature({ headers: headers(header), body: BODY, secrets: [SECRET], now: NOW })).toMatchObject({
      valid: true,
    });
  });

  it('rejects comma-joined duplicate headers when no entry verifies', () => {
    const header = `${wrong},${signPayload(PREVIOUS, 'msg_1', T, BODY)}`;
    expect(verifySignature({ headers: headers(header), body: BODY, secrets: [SECRET], now: NOW })).toEqual({
      valid: false,
      reason: 'no-matching-signature',
    });
  });

  it('verifies what the reference library signs (interoperability)', () => {
    const signature = new Webhook(SECRET).sign('msg_1', new Date(T * 1000), BODY.toString());
    expect(verifySignature({ headers: headers(signature), body: BODY, secrets: [SECRET], now: NOW }).valid).toBe(true);
  });

  it('generates whsec_ secrets of 32 random bytes and validates the format', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
    expect(isValidSecret(secret)).toBe(true);
    expect(isValidSecret(`whsec_${Buffer.alloc(23).toString('base64')}`)).toBe(false);
    expect(isValidSecret('whsec_not base64!')).toBe(false);
    expect(isValidSecret(secret.slice(6))).toBe(false);
  });
});
