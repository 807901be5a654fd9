import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as confirmPage } from '../../../functions/http/confirm-page.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as exportMe } from '../../../functions/http/export-me.js';
import { handler as getMe } from '../../../functions/http/get-me.js';
import { handler as replaceMe } from '../../../functions/http/replace-me.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { handler as unsubscribe } from '../../../functions/http/unsubscribe.js';
import { handler as unsubscribePage } from '../../../functions/http/unsubscribe-page.js';
import { dependencies } from '../../../functions/wiring/dependencies.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import {
  allItems,
  bearer,
  call,
  confirmTokenFor,
  HOUR,
  jsonOf,
  postJson,
  signupBody,
  T0,
  tokenFromUrl,
} from './http-helpers.js';

const DAY = 24 * HOUR;

describe('token routes', () => {
  let aws: LocalAws;
  let counter = 0;
  const fresh = () => `token${++counter}@example.com`;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  async function signUp(email: string): Promise<string> {
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
    return confirmTokenFor(aws, email);
  }

  async function confirmed(email: string): Promise<{ statusToken: string; trainerId: string }> {
    const response = await postJson(confirmSignup, { token: await signUp(email) }, { timeEpoch: T0 + 60_000 });
    const statusToken = tokenFromUrl(String(jsonOf(response).statusUrl));
    const trainerId = String(
      createTokenService(aws.tokenSigningKey).verify(statusToken, 'status', new Date(T0)).subject,
    );
    return { statusToken, trainerId };
  }

  const trainerItems = async (email: string) =>
    (await allItems(aws)).filter((item) => item.entity === 'Trainer' && item.email === email);

  describe('POST /api/confirmations', () => {
    it('uses a confirm token once: a second confirm answers 401 and the trainer exists once', async () => {
      const email = fresh();
      const token = await signUp(email);
      const first = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 1000 });
      const second = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 2000 });
      expect([first.statusCode, second.statusCode]).toEqual([200, 401]);
      expect(jsonOf(second)).toEqual({
        error: { code: 'auth.invalid-token', message: 'This link is invalid or has expired.' },
      });
      expect(await trainerItems(email)).toHaveLength(1);
    });

    it('survives a double click (two concurrent confirms): one trainer, at least one 200, never a 5xx', async () => {
      const email = fresh();
      const token = await signUp(email);
      const responses = await Promise.all([1, 2].map((i) => postJson(confirmSignup, { token }, { timeEpoch: T0 + i })));
      const codes = responses.map((response) => response.statusCode);
      expect(codes).toContain(200);
      expect(codes.every((code) => code === 200 || code === 401)).toBe(true);
      expect(await trainerItems(email)).toHaveLength(1);
    });

    it('completes a confirmation that crashed after claiming the address when the same link is retried', async () => {
      const email = fresh();
      const token = await signUp(email);
      const { trainers } = (await dependencies()).repositories;
      const crash = vi.spyOn(trainers, 'create').mockRejectedValueOnce(new Error('Task timed out after 10.00 seconds'));
      try {
        const crashed = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 1000 });
        expect(crashed.statusCode).toBe(500);
      } finally {
        crash.mockRestore();
      }
      const retried = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 5000 });
      expect(retried.statusCode).toBe(200);
      const me = await call(getMe, { headers: bearer(tokenFromUrl(String(jsonOf(retried).statusUrl))), timeEpoch: T0 });
      expect(me.statusCode).toBe(200);
      expect(await trainerItems(email)).toHaveLength(1);
      // Done now: the pending sign-up is gone, so the link is spent.
      expect((await postJson(confirmSignup, { token }, { timeEpoch: T0 + 9000 })).statusCode).toBe(401);
    });

    it('treats an address claimed for a trainer that never existed as not registered, and heals it on confirmation', async () => {
      const email = fresh();
      await aws.repositories.emailClaims.claim(email, 't_never_created', new Date(T0 - DAY));
      const token = await signUp(email);
      const mail = (await aws.ses.stored()).filter((m) => m.destination.to.includes(email));
      expect(mail.map((m) => m.subject)).toEqual([expect.not.stringMatching(/already signed up/i)]);
      const response = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 1000 });
      expect(response.statusCode).toBe(200);
      const me = await call(getMe, {
        headers: bearer(tokenFromUrl(String(jsonOf(response).statusUrl))),
        timeEpoch: T0,
      });
      expect(me.statusCode).toBe(200);
      const [trainer] = await trainerItems(email);
      expect(await aws.repositories.emailClaims.find(email)).toBe(trainer?.trainerId);
    });

    it.each([
      ['tampered', (token: string) => `${token.slice(0, -2)}xx`, T0 + 1000],
      ['expired', (token: string) => token, T0 + 8 * DAY],
      ['a status token', () => createTokenService(aws.tokenSigningKey).issue('status', 't_x', new Date(T0)), T0],
    ])('refuses a %s token with a generic 401 and writes nothing', async (_label, mangle, at) => {
      const email = fresh();
      const token = await signUp(email);
      const before = await allItems(aws);
      const response = await postJson(confirmSignup, { token: mangle(token) }, { timeEpoch: at });
      expect(response.statusCode).toBe(401);
      expect(await allItems(aws)).toEqual(before);
    });

    it('answers the confirm page form with the HTML "confirmed" page, and a bad token with the invalid-link page', async () => {
      const token = await signUp(fresh());
      const form = (value: string) =>
        call(confirmSignup, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token: value }).toString(),
          timeEpoch: T0 + 1000,
        });
      const ok = await form(token);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/id="status-link"/);
      const reused = await form(token);
      expect(reused.statusCode).toBe(401);
      expect(reused.body).toContain('The link is invalid or has expired');
    });

    it('attaches completions that arrived before confirmation, then deletes them', async () => {
      const email = fresh();
      const token = await signUp(email);
      const now = new Date(T0);
      const { unclaimedCompletions } = aws.repositories;
      await unclaimedCompletions.add({
        email,
        providerId: 'nasm',
        webhookId: 'wh_1',
        credit: { kind: 'specialization', credential: { code: 'NASM-CES', earnedOn: '2026-10-01' } },
        now,
      });
      await unclaimedCompletions.add({
        email,
        providerId: 'nasm',
        webhookId: 'wh_2',
        credit: {
          kind: 'activity',
          activity: { title: 'Mobility course', completedOn: '2026-10-15', units: { NASM: 0.2 } },
        },
        now,
      });
      const response = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 1000 });
      expect(response.statusCode).toBe(200);
      const [trainer] = await trainerItems(email);
      const profile = trainer?.profile as { credentials: { code: string }[]; activities: { title: string }[] };
      expect(profile.credentials.map((credential) => credential.code)).toContain('NASM-CES');
      expect(profile.activities.map((activity) => activity.title)).toContain('Mobility course');
      expect(await unclaimedCompletions.listForEmail(email, now)).toEqual([]);
      // 0.5 + 0.2 + 0.1 (CPR) + 1.9 (CES) ≥ 2.0: requirements met, so the next reminder is the "ready" notice.
      const me = await call(getMe, {
        headers: bearer(tokenFromUrl(String(jsonOf(response).statusUrl))),
        timeEpoch: T0,
      });
      expect(jsonOf(me).certifications).toEqual([expect.objectContaining({ code: 'NASM-CPT', requirementsMet: true })]);
      expect(trainer?.nextReminderOn).toBe(jsonOf(me).nextReminderOn);
    });
  });

  describe('GET /status (the only page with a script)', () => {
    const scriptSrc = (csp: unknown) =>
      String(csp ?? '')
        .split(';')
        .map((directive) => directive.trim())
        .find((directive) => directive.startsWith('script-src'));

    it('refuses a valid token with markup appended after padding (reflected XSS) and echoes nothing of it', async () => {
      const { statusToken } = await confirmed(fresh());
      const attack = `${statusToken}=</script><script>alert(origin)</script>`;
      const page = await call(statusPage, { path: '/status', query: { token: attack }, timeEpoch: T0 });
      expect(page.statusCode).toBe(401);
      expect(page.body).not.toContain('alert(origin)');
    });

    it('runs no script: the token only rides in hidden form fields, under a script-src none CSP', async () => {
      const { statusToken } = await confirmed(fresh());
      const page = await call(statusPage, { path: '/status', query: { token: statusToken }, timeEpoch: T0 });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script');
      expect(page.body).toContain(`<input type="hidden" name="token" value="${statusToken}">`);
      expect(scriptSrc(page.headers?.['content-security-policy'])).toBe("script-src 'none'");
    });

    it.each([
      ['the confirm page', confirmPage],
      ['the unsubscribe page', unsubscribePage],
    ])('serves %s with script-src none and the query token escaped', async (_label, handler) => {
      const token = '"><script>alert(origin)</script>';
      const page = await call(handler, { query: { token }, timeEpoch: T0 });
      expect(scriptSrc(page.headers?.['content-security-policy'])).toBe("script-src 'none'");
      expect(page.body).not.toContain('<script>alert');
    });
  });

  describe('POST /unsubscribe (RFC 8058 one-click)', () => {
    const oneClick = (token: string, at: number, headers: Record<string, string> = {}) =>
      call(unsubscribe, {
        method: 'POST',
        path: '/unsubscribe',
        query: { token },
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'List-Unsubscribe=One-Click',
        timeEpoch: at,
      });
    const unsubscribeToken = (trainerId: string) =>
      createTokenService(aws.tokenSigningKey).issue('unsubscribe', trainerId, new Date(T0));

    it('suppresses at once without redirect or cookies, is idempotent, and works 60 days later', async () => {
      const email = fresh();
      const { trainerId } = await confirmed(email);
      const token = unsubscribeToken(trainerId);
      const page = await call(unsubscribePage, { path: '/unsubscribe', query: { token }, timeEpoch: T0 });
      expect(page.statusCode).toBe(200);
      expect((await trainerItems(email))[0]?.suppressed).toBe(false);

      const response = await oneClick(token, T0 + 60 * DAY);
      expect(response.statusCode).toBe(200);
      expect(response.headers?.location).toBeUndefined();
      const [trainer] = await trainerItems(email);
      expect(trainer?.suppressed).toBe(true);
      expect(trainer).not.toHaveProperty('dueShard');
      expect(await aws.repositories.suppressions.get(email)).toMatchObject({ reason: 'unsubscribed' });
      const again = await oneClick(token, T0 + 61 * DAY);
      expect(again.statusCode).toBe(200);
    });

    it('shows the "unsubscribed" page to a browser posting the unsubscribe page form', async () => {
      const { trainerId } = await confirmed(fresh());
      const response = await oneClick(unsubscribeToken(trainerId), T0, { accept: 'text/html,application/xhtml+xml' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('You are unsubscribed');
    });

    it.each([
      ['tampered', (token: string) => `${token.slice(0, -3)}abc`],
      ['a status token', (_token: string, statusToken: string) => statusToken],
    ])('refuses a %s token with a generic 401 and changes nothing', async (_label, pick) => {
      const email = fresh();
      const { trainerId, statusToken } = await confirmed(email);
      const before = await allItems(aws);
      const response = await oneClick(pick(unsubscribeToken(trainerId), statusToken), T0);
      expect(response.statusCode).toBe(401);
      expect(await allItems(aws)).toEqual(before);
    });
  });

  describe('a token for trainer A never reaches trainer B (IDOR)', () => {
    it('ignores ids in the query and path, refuses them in the body, and keeps B unchanged', async () => {
      const a = await confirmed(fresh());
      const b = await confirmed(fresh());
      const bBefore = await aws.repositories.trainers.get(b.trainerId);

      for (const attempt of [
        { query: { trainerId: b.trainerId } },
        { pathParameters: { trainerId: b.trainerId } },
        { query: { token: b.statusToken } },
      ]) {
        const me = await call(getMe, { path: '/api/me', headers: bearer(a.statusToken), timeEpoch: T0, ...attempt });
        expect(me.statusCode).toBe(200);
        const exported = await call(exportMe, { headers: bearer(a.statusToken), timeEpoch: T0, ...attempt });
        expect(jsonOf(exported).trainerId).toBe(a.trainerId);
      }

      const put = await call(replaceMe, {
        method: 'PUT',
        headers: { ...bearer(a.statusToken), 'content-type': 'application/json' },
        body: JSON.stringify({ trainerId: b.trainerId, credentials: [], activities: [] }),
        timeEpoch: T0,
      });
      expect(put.statusCode).toBe(400);
      expect(JSON.stringify(jsonOf(put))).toContain('trainerId');

      const del = await call(deleteMe, {
        method: 'DELETE',
        headers: bearer(a.statusToken),
        query: { trainerId: b.trainerId },
        timeEpoch: T0,
      });
      expect(del.statusCode).toBe(200);
      expect(await aws.repositories.trainers.get(a.trainerId)).toBeUndefined();
      expect(await aws.repositories.trainers.get(b.trainerId)).toEqual(bBefore);
    });

    it.each([
      ['no token', {}],
      ['a malformed header', { authorization: 'Basic abc' }],
      ['a confirm token', { authorization: 'Bearer CONFIRM' }],
      ['a forged token', { authorization: 'Bearer FORGED' }],
    ])('answers %s with 401 on every /api/me route and the status page', async (_label, headers) => {
      const email = fresh();
      const confirmToken = await signUp(email);
      const forged = createTokenService('x'.repeat(40)).issue('status', 't_whoever', new Date(T0));
      const auth = Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k, v.replace('CONFIRM', confirmToken).replace('FORGED', forged)]),
      );
      for (const handler of [getMe, exportMe, deleteMe]) {
        expect((await call(handler, { headers: auth, timeEpoch: T0 })).statusCode).toBe(401);
      }
      const put = await call(replaceMe, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ credentials: [], activities: [] }),
        timeEpoch: T0,
      });
      expect(put.statusCode).toBe(401);
      const page = await call(statusPage, { query: { token: forged }, timeEpoch: T0 });
      expect(page.statusCode).toBe(401);
    });
  });
});
