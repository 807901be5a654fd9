import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../functions/common/http.js';
import { handler as signupPage } from '../../../functions/http/signup-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type FakeTurnstile, startFakeTurnstile } from '../../helpers/fake-turnstile.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { recordLoggerLines } from '../../helpers/log-guard.js';
import { allItems, call, jsonOf, postJson, signupBody, T0 } from './http-helpers.js';

/**
 * Reliability item 30 with the CAPTCHA on: the real sign-up handler against dynalite and the SES emulator, and a
 * fake Turnstile siteverify on loopback (real HTTP) that remembers spent tokens.
 */
const SECRET = 'widget-secret-for-the-fake-siteverify';
const SITE_KEY = '0x4AAAAAAAsiteKeyForTests';
const TURNSTILE = 'https://challenges.cloudflare.com';

describe('POST /api/signups with the CAPTCHA on', () => {
  let aws: LocalAws;
  let turnstile: FakeTurnstile;
  let counter = 0;
  const fresh = () => `captcha${++counter}@example.com`;

  beforeAll(async () => {
    aws = await startLocalAws();
    turnstile = await startFakeTurnstile(SECRET);
    // Before the first handler call: config and the verifier are built once per process.
    Object.assign(process.env, {
      TURNSTILE_SITE_KEY: SITE_KEY,
      TURNSTILE_SECRET_KEY: SECRET,
      TURNSTILE_SITEVERIFY_URL: turnstile.url,
    });
  });
  beforeEach(async () => {
    await aws.ses.clear();
  });
  afterEach(() => {
    turnstile.setMode('turnstile');
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), turnstile.stop()]);
  });

  /** Runs `send` and proves it wrote no item and sent no email. */
  async function withoutEffect<T>(send: () => Promise<T>): Promise<T> {
    const before = await allItems(aws);
    const result = await send();
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);
    return result;
  }

  const errorOf = (response: HttpResponse) => jsonOf(response).error as Record<string, unknown>;
  const json = (email: string, captchaToken?: string) =>
    postJson(submitSignup, signupBody(email, captchaToken === undefined ? {} : { captchaToken }), {
      timeEpoch: T0,
      sourceIp: '192.0.2.1',
    });

  it('accepts a valid token: the usual 202, exactly one confirmation email, and the token checked once', async () => {
    const email = fresh();
    const token = turnstile.issue();
    const calls = turnstile.calls.length;

    const response = await json(email, token);

    expect(response.statusCode).toBe(202);
    const mails = await aws.ses.stored();
    expect(mails.map((mail) => [mail.destination.to.join(), mail.subject])).toEqual([
      [email, 'Confirm your email for Recert'],
    ]);
    expect(turnstile.calls.slice(calls)).toEqual([
      {
        secret: SECRET,
        response: token,
        remoteip: '192.0.2.1',
        contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/),
      },
    ]);
  });

  it.each([
    ['no captchaToken', undefined],
    ['an empty captchaToken', ''],
  ])('answers %s with 400 naming the field, and asks nobody', async (_label, token) => {
    const calls = turnstile.calls.length;

    const response = await withoutEffect(() => json(fresh(), token));

    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: 'request.invalid',
      issues: [{ path: 'captchaToken', message: 'required: complete the check that you are a person' }],
    });
    expect(turnstile.calls.length).toBe(calls);
  });

  it.each([
    ['an invalid token', () => 'XXXX.DUMMY.TOKEN.XXXX'],
    ['an expired token (solved 301 s ago)', () => turnstile.issue({ ageSeconds: 301 })],
    ['a token solved on another hostname', () => turnstile.issue({ hostname: 'evil.example' })],
    ['a token solved for another form (action)', () => turnstile.issue({ action: 'newsletter' })],
  ])('answers %s with 403, writing and sending nothing', async (_label, token) => {
    const response = await withoutEffect(() => json(fresh(), token()));

    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: 'captcha.rejected',
      message: 'The check that you are a person failed or has expired. Please complete it again and resubmit.',
    });
  });

  it('refuses a token used twice: the second sign-up gets 403 and writes nothing', async () => {
    const token = turnstile.issue();
    const first = fresh();
    expect((await json(first, token)).statusCode).toBe(202);
    await aws.ses.clear();

    const second = fresh();
    const response = await withoutEffect(() => json(second, token));

    expect(response.statusCode).toBe(403);
    expect((await allItems(aws)).some((item) => String(item.pk).includes(second))).toBe(false);
  });

  it.each([
    ['answers HTTP 500', { httpStatus: 500 } as const],
    ['drops the connection (unreachable)', 'drop-connection' as const],
  ])('fails closed when siteverify %s: 503 with Retry-After, writing and sending nothing', async (_label, mode) => {
    turnstile.setMode(mode);

    const response = await withoutEffect(() => json(fresh(), turnstile.issue()));

    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('10');
    expect(errorOf(response)).toEqual({
      code: 'captcha.unavailable',
      message: 'We could not check that you are a person just now. Nothing was saved; please try again in a moment.',
    });
  });

  it('answers a filled honeypot with the generic 202 before any CAPTCHA check, writing and sending nothing', async () => {
    const calls = turnstile.calls.length;

    const response = await withoutEffect(() =>
      postJson(submitSignup, signupBody(fresh(), { website: 'http://spam.example' }), { timeEpoch: T0 }),
    );

    expect(response.statusCode).toBe(202);
    expect(turnstile.calls.length).toBe(calls);
  });

  it('validates first: a bad field is a 400 and the (still unspent) token is not sent to siteverify', async () => {
    const calls = turnstile.calls.length;
    const token = turnstile.issue();

    const response = await withoutEffect(() => json('not-an-address', token));

    expect(response.statusCode).toBe(400);
    expect(turnstile.calls.length).toBe(calls);
    expect((await json(fresh(), token)).statusCode).toBe(202);
  });

  describe('as an HTML form post', () => {
    const form = (fields: Record<string, string>) =>
      call(submitSignup, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({
          name: 'Sam Lee',
          'cert[0][code]': 'NASM-CPT',
          'cert[0][expiresOn]': '2027-03-31',
          ...fields,
        }).toString(),
        timeEpoch: T0,
      });
    const scriptSrc = (headers: Record<string, unknown> | undefined) =>
      /script-src ([^;]+)/.exec(String(headers?.['content-security-policy']))?.[1];

    it('takes the token from the field the widget fills (cf-turnstile-response): "check your email" and one email', async () => {
      const email = fresh();

      const response = await form({ email, 'cf-turnstile-response': turnstile.issue() });

      expect(response.statusCode).toBe(303);
      expect(response.headers?.location).toMatch(/^\/signup\/sent\?token=/);
      expect((await aws.ses.stored()).map((mail) => mail.destination.to.join())).toEqual([email]);
    });

    it('re-renders the form (400) with the error next to a fresh widget and what was typed kept', async () => {
      const email = fresh();

      const response = await withoutEffect(() => form({ email }));

      expect(response.statusCode).toBe(400);
      expect(response.body).toMatch(/id="captcha-error">Required: complete the check that you are a person/);
      expect(response.body).toContain(`data-sitekey="${SITE_KEY}"`);
      expect(response.body).toContain(`value="${email}"`);
      expect(scriptSrc(response.headers)).toBe(TURNSTILE);
    });

    it('re-renders the form with 403 for a refused token, and never echoes the token', async () => {
      const token = turnstile.issue({ hostname: 'evil.example' });

      const response = await withoutEffect(() => form({ email: fresh(), 'cf-turnstile-response': token }));

      expect(response.statusCode).toBe(403);
      expect(response.body).toMatch(/id="captcha-error">The check that you are a person failed or has expired/);
      expect(response.body).not.toContain(token);
    });

    it('re-renders the form with 503 and Retry-After when siteverify is down', async () => {
      turnstile.setMode({ httpStatus: 503 });

      const response = await withoutEffect(() => form({ email: fresh(), 'cf-turnstile-response': turnstile.issue() }));

      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toBe('10');
      expect(response.body).toMatch(/id="captcha-error">We could not check that you are a person just now/);
    });
  });

  it('logs why a sign-up was refused, but never the token, the secret or the full address', async () => {
    const recording = recordLoggerLines();
    try {
      const email = fresh();
      const refused = turnstile.issue({ hostname: 'evil.example' });
      const passed = turnstile.issue();
      await json(email, refused);
      await json(email, passed);
      turnstile.setMode({ httpStatus: 500 });
      const unchecked = turnstile.issue();
      await json(fresh(), unchecked);

      const log = recording.lines.join('\n');
      expect(log).toContain('"reason":"wrong-hostname"');
      expect(log).toContain('siteverify answered HTTP 500');
      expect(log).toContain('"CaptchaUnavailable":1');
      for (const secret of [refused, passed, unchecked, SECRET, email]) expect(log).not.toContain(secret);
    } finally {
      recording.stop();
    }
  });

  it('GET / shows the widget and allows Turnstile, and only Turnstile, in its CSP', async () => {
    const page = await call(signupPage, { timeEpoch: T0 });
    const policy = String(page.headers?.['content-security-policy']);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-sitekey="${SITE_KEY}" data-action="signup"`);
    expect(page.body).toContain(`<script src="${TURNSTILE}/turnstile/v0/api.js" async defer></script>`);
    expect(policy).toContain(`script-src ${TURNSTILE};`);
    expect(policy).toContain(`frame-src ${TURNSTILE};`);
    expect(policy).toContain("default-src 'none'");
  });
});
