import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as exportMe } from '../../../functions/http/export-me.js';
import { handler as getMe } from '../../../functions/http/get-me.js';
import { handler as replaceMe } from '../../../functions/http/replace-me.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { handler as unsubscribe } from '../../../functions/http/unsubscribe.js';
import { TrainerProfileSchema } from '../../../functions/record/profile-schema.js';
import { dependencies } from '../../../functions/wiring/dependencies.js';
import type { HttpEventOptions } from '../../helpers/http-event.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { allItems, call, type Handler, signupBody, T0 } from './http-helpers.js';

/** A request body as API Gateway may deliver it. */
interface RawBody {
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly contentType?: string;
}

const hostileValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    Number.POSITIVE_INFINITY,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    '1e309',
    '-0',
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\r\nb',
  ),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.integer({ min: 200, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
);

/** Near-valid sign-up bodies with one or more fields replaced by hostile values. */
const mutatedSignup = fc
  .record({
    key: fc.constantFrom('email', 'name', 'credentials', 'activities', 'website', 'trainerId', '__proto__'),
    value: hostileValue,
  })
  .map(({ key, value }) => {
    const body: Record<string, unknown> = { ...signupBody('fuzz@example.com'), email: 'not an address' };
    Object.defineProperty(body, key, { value, enumerable: true, configurable: true, writable: true });
    return JSON.stringify(body) ?? '';
  });

const deepNesting = fc.integer({ min: 100, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const deepObject = fc.integer({ min: 100, max: 5_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  hostileValue.map((value) => ({ body: JSON.stringify(value) ?? 'undefined', contentType: 'application/json' })),
  mutatedSignup.map((body) => ({ body, contentType: 'application/json' })),
  fc.oneof(deepNesting, deepObject).map((body) => ({ body, contentType: 'application/json' })),
  fc
    .constantFrom(
      '{"email":1e309}',
      '{"token":1e309}',
      '{"a":1,"a":2}',
      '\ufeff{}',
      '{"__proto__":{"admin":true}}',
      'null',
      '[]',
      '-0',
      '"string"',
    )
    .map((body) => ({ body, contentType: 'application/json' })),
  fc.string({ unit: 'binary', maxLength: 500 }).map((body) => ({ body, contentType: 'application/json' })),
  fc
    .uint8Array({ maxLength: 300 })
    .map((bytes) => ({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true })),
  fc.constant({ body: Buffer.from([0xc3, 0x28, 0xff, 0xfe]).toString('base64'), isBase64Encoded: true }),
  fc
    .dictionary(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom('__proto__', 'constructor[prototype]', 'a[__proto__][x]', 'cert[9999][code]'),
      ),
      fc.string({ maxLength: 40 }),
    )
    .map((fields) => ({
      body: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
    })),
  fc.string({ maxLength: 200 }).map((body) => ({ body, contentType: 'text/plain' })),
  fc.constant({ body: 'x'.repeat(70_000), contentType: 'application/json' }),
  fc.constant({}),
);

const tokenish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.base64String({ maxLength: 200 }).map((s) => `${s}.${s}`),
  fc.constant('x'.repeat(5000)),
);

const NUM_RUNS = 1000;

describe('hostile input never yields a 5xx or a write', () => {
  let aws: LocalAws;
  let statusToken: string;
  let unsubscribeToken: string;
  const writes: string[] = [];

  beforeAll(async () => {
    aws = await startLocalAws();
    const now = new Date(T0);
    const trainerId = 't_fuzzfuzzfuzzfuzzfuzz';
    await aws.repositories.emailClaims.claim('owner@example.com', trainerId, now);
    await aws.repositories.trainers.create({
      trainerId,
      email: 'owner@example.com',
      name: 'Owner',
      profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
      nextReminderOn: '2027-03-04',
      now,
    });
    const tokens = createTokenService(aws.tokenSigningKey);
    statusToken = tokens.issue('status', trainerId, now);
    unsubscribeToken = tokens.issue('unsubscribe', trainerId, now);
    // The handlers' own client (built once per process): count every write command it sends.
    (await dependencies()).client.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(String(context.commandName))) {
          writes.push(String(context.commandName));
        }
        return next(args);
      },
      { step: 'initialize', name: 'countWritesForTest' },
    );
  });

  it('counts writes (sanity check of the detector itself)', async () => {
    const response = await call(submitSignup, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signupBody('sanity@example.com')),
      timeEpoch: T0,
    });
    expect(response.statusCode).toBe(202);
    expect(writes.length).toBeGreaterThan(0);
    await aws.ses.clear();
  });
  afterAll(async () => {
    await aws.stop();
  });

  const snapshot = async () => JSON.stringify(await allItems(aws));

  /** Every run checks the status and that no write command reached DynamoDB (counted by an SDK middleware). */
  async function expectNoEffect(send: () => Promise<{ statusCode: number }>, accept: (status: number) => boolean) {
    const before = writes.length;
    const response = await send();
    expect(accept(response.statusCode), `status ${response.statusCode}`).toBe(true);
    expect(writes.slice(before)).toEqual([]);
  }

  /** Runs a property, then proves with a full table snapshot and the SES store that nothing changed at all. */
  async function assertNothingChanges<T>(property: fc.IAsyncPropertyWithHooks<[T]>) {
    const before = await snapshot();
    await fc.assert(property, { numRuns: NUM_RUNS });
    expect(await snapshot()).toBe(before);
    expect(await aws.ses.stored()).toEqual([]);
  }

  const is4xx = (status: number) => status >= 400 && status < 500;

  function withBody(raw: RawBody, options: HttpEventOptions): HttpEventOptions {
    return {
      method: 'POST',
      ...options,
      ...(raw.body !== undefined ? { body: raw.body } : {}),
      ...(raw.isBase64Encoded ? { isBase64Encoded: true } : {}),
      headers: { ...(raw.contentType ? { 'content-type': raw.contentType } : {}), ...(options.headers ?? {}) },
      timeEpoch: T0,
    };
  }

  /**
   * A bad body is a 400 (reliability item 32), except where HTTP has a more precise answer: 413 for an oversized
   * body, 415 for a media type the route does not take. Behind a forged token, whichever is checked first answers:
   * the body (400/413/415) or the token (401).
   */
  const badBody = new Set([400, 413, 415]);
  const badToken = new Set([...badBody, 401]);
  const bodyRoutes: [string, Handler, HttpEventOptions, ReadonlySet<number>][] = [
    ['POST /api/signups', submitSignup, {}, badBody],
    ['POST /api/confirmations', confirmSignup, {}, badBody],
    [
      'POST /unsubscribe (tampered token)',
      unsubscribe,
      { query: { token: `${'A'.repeat(40)}.${'B'.repeat(43)}` } },
      badToken,
    ],
    [
      'PUT /api/me (forged token)',
      replaceMe,
      { method: 'PUT', headers: { authorization: 'Bearer abc.def' } },
      badToken,
    ],
  ];

  it.each(bodyRoutes)(
    '%s: 1,000 hostile bodies → 400/413/415 (401 behind a bad token), nothing written, nothing sent',
    async (_route, handler, options, rejections) => {
      await assertNothingChanges(
        fc.asyncProperty(rawBody, async (raw) => {
          // A hostile body that trips the honeypot gets the generic 202 — still with no write and no email.
          await expectNoEffect(
            () => call(handler, withBody(raw, options)),
            (s) => rejections.has(s) || s === 202,
          );
        }),
      );
    },
    120_000,
  );

  it('PUT /api/me with a valid token: 1,000 hostile bodies → 4xx and no write (unless the body is a valid profile)', async () => {
    await assertNothingChanges(
      fc.asyncProperty(rawBody, async (raw) => {
        let parsed: unknown;
        try {
          parsed =
            raw.isBase64Encoded || raw.contentType !== 'application/json' ? undefined : JSON.parse(raw.body ?? '');
        } catch {
          parsed = undefined;
        }
        fc.pre(!TrainerProfileSchema.safeParse(parsed).success);
        await expectNoEffect(
          () => call(replaceMe, withBody(raw, { method: 'PUT', headers: { authorization: `Bearer ${statusToken}` } })),
          is4xx,
        );
      }),
    );
  }, 120_000);

  it('POST /unsubscribe with a valid token: 1,000 hostile bodies → 4xx and nothing suppressed', async () => {
    await assertNothingChanges(
      fc.asyncProperty(rawBody, async (raw) => {
        fc.pre(raw.body !== 'List-Unsubscribe=One-Click');
        await expectNoEffect(() => call(unsubscribe, withBody(raw, { query: { token: unsubscribeToken } })), is4xx);
      }),
    );
  }, 120_000);

  const tokenRoutes: [string, (token: string) => HttpEventOptions, Handler][] = [
    ['GET /status', (token) => ({ query: { token } }), statusPage],
    ['GET /api/me', (token) => ({ headers: { authorization: `Bearer ${token}` } }), getMe],
    ['GET /api/me/export', (token) => ({ headers: { authorization: `Bearer ${token}` } }), exportMe],
    ['DELETE /api/me', (token) => ({ method: 'DELETE', headers: { authorization: token } }), deleteMe],
  ];

  it.each(tokenRoutes)(
    '%s: 1,000 hostile tokens → 4xx and nothing changes',
    async (_route, options, handler) => {
      await assertNothingChanges(
        fc.asyncProperty(tokenish, async (token) => {
          await expectNoEffect(() => call(handler, { ...options(token), timeEpoch: T0 }), is4xx);
        }),
      );
    },
    120_000,
  );
});
