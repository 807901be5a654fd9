import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ok } from '../../../../functions/common/http.js';
import { httpRoute } from '../../../../functions/edge/http-route.js';
import { parseForm } from '../../../../functions/edge/parse-body.js';
import { httpEvent } from '../../../helpers/http-event.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';

const Signup = z.strictObject({
  email: z.email().max(254),
  credentials: z.array(z.strictObject({ code: z.string().max(20), expiresOn: z.iso.date() })).max(50),
});

const writes: unknown[] = [];
const handler = httpRoute({ body: Signup }, async ({ body }) => {
  writes.push(body);
  return ok({ received: body.credentials.length });
});

async function post(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  isBase64Encoded = false,
) {
  const result = await handler(
    httpEvent({ method: 'POST', path: '/api/signups', body, headers, isBase64Encoded }),
    lambdaContext(),
  );
  return { status: result.statusCode, body: JSON.parse(String(result.body)) };
}

describe('httpRoute', () => {
  it('passes a valid JSON body to the use case', async () => {
    const res = await post(
      JSON.stringify({ email: 'sam@example.com', credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }] }),
    );

    expect(res).toEqual({ status: 200, body: { received: 1 } });
  });

  it('accepts an HTML form with bracketed field names', async () => {
    const form = 'email=sam%40example.com&credentials[0][code]=NASM-CPT&credentials[0][expiresOn]=2027-06-30';

    const res = await post(form, { 'content-type': 'application/x-www-form-urlencoded' });

    expect(res.status).toBe(200);
  });

  it('names the field path and the bad value in a 400', async () => {
    const res = await post(
      JSON.stringify({ email: 'sam@example.com', credentials: [{ code: 'NASM-CPT', expiresOn: '2027-02-30' }] }),
    );

    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('credentials[0].expiresOn');
    expect(res.body.error.message).toContain('"2027-02-30"');
  });

  it.each([
    ['malformed JSON', '{"email":', { 'content-type': 'application/json' }, 400],
    ['an unsupported media type', 'x', { 'content-type': 'text/plain' }, 415],
    ['a body over 64 KB', JSON.stringify({ email: 'a'.repeat(70_000) }), { 'content-type': 'application/json' }, 413],
    ['a __proto__ form field', '__proto__[x]=1', { 'content-type': 'application/x-www-form-urlencoded' }, 400],
  ])('answers %s with a 4xx', async (_case, body, headers, status) => {
    expect((await post(body, headers)).status).toBe(status);
  });

  it('refuses invalid UTF-8 in a base64 body', async () => {
    const res = await post(
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64'),
      { 'content-type': 'application/json' },
      true,
    );

    expect(res).toMatchObject({ status: 400, body: { error: { message: 'body: not valid UTF-8' } } });
  });

  it('never answers hostile or random bodies with a 5xx, and writes nothing for them', async () => {
    writes.length = 0;
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 6 }),
      fc.constantFrom(
        '{"__proto__":{"admin":true}}',
        '[[[[[[[[[[]]]]]]]]]]',
        '1e309',
        '-0',
        '{"email":null}',
        '\u0000',
      ),
    );
    const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', '');

    await fc.assert(
      fc.asyncProperty(hostile, contentType, fc.boolean(), async (body, type, base64) => {
        const raw = base64 ? Buffer.from(body).toString('base64') : body;
        const res = await post(raw, type ? { 'content-type': type } : {}, base64);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 1000 },
    );
    expect(writes).toEqual([]);
  });
});

describe('parseForm', () => {
  it('turns indexed fields into arrays in index order', () => {
    expect(parseForm('a[1][x]=2&a[0][x]=1&name=Sam')).toEqual({ a: [{ x: '1' }, { x: '2' }], name: 'Sam' });
  });
});

describe('response headers', () => {
  it('keep capability links out of caches and referrers, and pin https', async () => {
    const res = await handler(
      httpEvent({
        method: 'POST',
        path: '/api/signups',
        body: JSON.stringify({ email: 'sam@example.com', credentials: [] }),
        headers: { 'content-type': 'application/json' },
      }),
      lambdaContext(),
    );

    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
  });
});
