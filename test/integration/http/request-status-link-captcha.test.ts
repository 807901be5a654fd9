import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as requestStatusLink } from '../../../functions/http/request-status-link.js';
import { handler as statusLinkPage } from '../../../functions/http/status-link-page.js';
import { type FakeTurnstile, startFakeTurnstile } from '../../helpers/fake-turnstile.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { call, HOUR, postJson, T0 } from './http-helpers.js';

/**
 * "Email me my link" with the sign-up CAPTCHA on: the form carries the widget, and nothing is read, written or sent
 * until the token passes. A fake Turnstile siteverify on loopback answers for Cloudflare.
 */
const SECRET = 'widget-secret-for-the-fake-siteverify';
const SITE_KEY = '0x4AAAAAAAsiteKeyForTests';

describe('POST /api/status-links with the CAPTCHA on', () => {
  let aws: LocalAws;
  let turnstile: FakeTurnstile;
  const email = 'captcha-trainer@example.com';

  beforeAll(async () => {
    aws = await startLocalAws();
    turnstile = await startFakeTurnstile(SECRET);
    // Before the first handler call: config and the verifier are built once per process.
    Object.assign(process.env, {
      TURNSTILE_SITE_KEY: SITE_KEY,
      TURNSTILE_SECRET_KEY: SECRET,
      TURNSTILE_SITEVERIFY_URL: turnstile.url,
    });
    const now = new Date(T0 - 40 * 24 * HOUR);
    await aws.repositories.emailClaims.claim(email, 't_captcha1', now);
    await aws.repositories.trainers.create({
      trainerId: 't_captcha1',
      email,
      name: 'Sam Captcha',
      profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
      nextReminderOn: '2027-03-04',
      now,
    });
  });
  beforeEach(async () => {
    await aws.ses.clear();
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), turnstile.stop()]);
  });

  const postForm = (fields: Record<string, string>) =>
    call(requestStatusLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
      timeEpoch: T0,
    });

  it('shows the widget on the request page, and lets its script and frame through the CSP', async () => {
    const page = await call(statusLinkPage, { path: '/status-link' });

    expect(page.body).toContain(`data-sitekey="${SITE_KEY}"`);
    expect(page.headers?.['content-security-policy']).toContain('frame-src https://challenges.cloudflare.com');
  });

  it('answers a form post without a token (the expired-link box) with the widget and what was typed', async () => {
    const response = await postForm({ email });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Check that you are a person: complete the check below');
    expect(response.body).toContain(`data-sitekey="${SITE_KEY}"`);
    expect(response.body).toContain(`value="${email}"`);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('refuses a JSON request without a token by naming the field, and a refused token with 403', async () => {
    const missing = await postJson(requestStatusLink, { email }, { timeEpoch: T0 });
    const refused = await postJson(requestStatusLink, { email, captchaToken: 'not-a-token' }, { timeEpoch: T0 });

    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('captchaToken');
    expect(refused.statusCode).toBe(403);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('sends the link once the token passes', async () => {
    const form = await postForm({ email, 'cf-turnstile-response': turnstile.issue() });

    expect(form.statusCode).toBe(303);
    expect((await aws.ses.stored()).map((mail) => mail.subject)).toEqual(['Your Recert status link']);
  });
});
