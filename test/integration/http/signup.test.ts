import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as sentPage } from '../../../functions/http/signup-sent-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { allItems, call, confirmTokenFor, HOUR, jsonOf, PROFILE, postJson, signupBody, T0 } from './http-helpers.js';

describe('POST /api/signups', () => {
  let aws: LocalAws;
  let confirmedEmail: string;
  let counter = 0;
  const fresh = () => `trainer${++counter}@example.com`;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });
  beforeEach(async () => {
    await aws.ses.clear();
    confirmedEmail = fresh();
    const now = new Date(T0 - 30 * 24 * HOUR);
    await aws.repositories.emailClaims.claim(confirmedEmail, `t_confirmed${counter}`, now);
    await aws.repositories.trainers.create({
      trainerId: `t_confirmed${counter}`,
      email: confirmedEmail,
      name: 'Kept Name',
      profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
      nextReminderOn: '2027-03-04',
      now,
    });
  });

  const mailsTo = async (email: string) =>
    (await aws.ses.stored()).filter((mail) => mail.destination.to.join().toLowerCase().includes(email));

  it('answers 202 with the same body for a new, a pending and a confirmed address', async () => {
    const newEmail = fresh();
    const pendingEmail = fresh();
    await postJson(submitSignup, signupBody(pendingEmail), { timeEpoch: T0 - HOUR });
    const responses = await Promise.all(
      [newEmail, pendingEmail, confirmedEmail].map((email) =>
        postJson(submitSignup, signupBody(email), { timeEpoch: T0 }),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([202, 202, 202]);
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(new Set(responses.map((response) => JSON.stringify(response.headers))).size).toBe(1);
  });

  it.each([
    ['a new address', () => fresh(), 'Confirm your email for Recert'],
    ['a confirmed address', () => confirmedEmail, 'You are already signed up for Recert'],
  ])('sends %s at most one email per 24 h, then one more after 24 h', async (_label, emailOf, subject) => {
    const email = emailOf();
    for (let i = 0; i < 5; i += 1) {
      const response = await postJson(submitSignup, signupBody(email), { timeEpoch: T0 + i * HOUR });
      expect(response.statusCode).toBe(202);
    }
    expect((await mailsTo(email)).map((mail) => mail.subject)).toEqual([subject]);
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 + 23 * HOUR });
    expect(await mailsTo(email)).toHaveLength(1);
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 + 24 * HOUR + 1000 });
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it('never touches a confirmed trainer record and keeps no submitted profile for it', async () => {
    const before = await aws.repositories.trainers.get(`t_confirmed${counter}`);
    await postJson(submitSignup, signupBody(confirmedEmail, { name: 'Attacker' }), { timeEpoch: T0 });
    expect(await aws.repositories.trainers.get(`t_confirmed${counter}`)).toEqual(before);
    const pending = await aws.repositories.pendingSignups.get(confirmedEmail, new Date(T0));
    expect(pending).toMatchObject({ name: '', profile: { credentials: [], activities: [] } });
    const [notice] = await mailsTo(confirmedEmail);
    expect(notice?.body.text).toContain('/status?token=');
    expect(notice?.body.text).not.toContain('/confirm?token=');
  });

  it('binds the name and profile to the emailed link: a later submission that sends nothing cannot change them', async () => {
    const email = fresh();
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
    const ownersLink = await confirmTokenFor(aws, email);
    const attack = await postJson(
      submitSignup,
      signupBody(email, {
        name: 'Mallory',
        credentials: [{ code: 'ACE-CPT', expiresOn: '2028-01-31' }],
        activities: [],
      }),
      { timeEpoch: T0 + HOUR },
    );
    expect(attack.statusCode).toBe(202);
    expect(await mailsTo(email)).toHaveLength(1);

    expect((await postJson(confirmSignup, { token: ownersLink }, { timeEpoch: T0 + 2 * HOUR })).statusCode).toBe(200);
    const [trainer] = (await allItems(aws)).filter((item) => item.entity === 'Trainer' && item.email === email);
    expect(trainer).toMatchObject({ name: 'Sam Lee', profile: PROFILE });
  });

  it('lets a submission that gets a new link (24 h later) replace the data, and only that link confirms it', async () => {
    const email = fresh();
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
    const firstLink = await confirmTokenFor(aws, email);
    await postJson(submitSignup, signupBody(email, { name: 'Sam Lee-Jones' }), { timeEpoch: T0 + 25 * HOUR });
    const secondLink = await confirmTokenFor(aws, email);
    expect(secondLink).not.toBe(firstLink);
    expect((await postJson(confirmSignup, { token: firstLink }, { timeEpoch: T0 + 26 * HOUR })).statusCode).toBe(401);
    expect((await postJson(confirmSignup, { token: secondLink }, { timeEpoch: T0 + 26 * HOUR })).statusCode).toBe(200);
    const [trainer] = (await allItems(aws)).filter((item) => item.entity === 'Trainer' && item.email === email);
    expect(trainer).toMatchObject({ name: 'Sam Lee-Jones' });
  });

  it('stores a pending sign-up with a TTL of at most 7 days (whole epoch seconds) and nothing in the due index', async () => {
    const email = fresh();
    await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
    const items = (await allItems(aws)).filter((item) => String(item.pk).includes(email));
    expect(items.map((item) => item.entity)).toEqual(['PendingSignup']);
    const ttl = Number(items[0]?.expiresAt);
    expect(Number.isInteger(ttl)).toBe(true);
    expect(ttl).toBeGreaterThan(T0 / 1000);
    expect(ttl).toBeLessThanOrEqual(T0 / 1000 + 7 * 24 * 3600);
    expect(items.some((item) => 'dueShard' in item || 'dueOn' in item)).toBe(false);
    expect((await allItems(aws)).filter((item) => item.entity === 'Trainer')).toHaveLength(
      (await allItems(aws)).filter((item) => item.entity === 'EmailClaim').length,
    );
  });

  it.each([
    ['JSON', 202, (body: Record<string, unknown>) => postJson(submitSignup, body, { timeEpoch: T0 })],
    [
      'form',
      303,
      (body: Record<string, unknown>) =>
        call(submitSignup, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            name: String(body.name),
            email: String(body.email),
            website: String(body.website),
          }).toString(),
          timeEpoch: T0,
        }),
    ],
  ])('answers a filled honeypot (%s) like a success (%i), writing and sending nothing', async (_kind, status, send) => {
    const before = await allItems(aws);
    const response = await send(signupBody(fresh(), { website: 'http://spam.example' }));
    expect(response.statusCode).toBe(status);
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it.each([
    ['email', { email: `${'a'.repeat(250)}@x.io` }, 'email', 'at most 254 characters'],
    ['email', { email: 'not-an-address' }, 'email', 'not a valid email address'],
    ['name', { name: 'Sam\r\nBcc: victim@example.com' }, 'name', 'control characters'],
    ['name', { name: 'x'.repeat(101) }, 'name', 'at most 100 characters'],
    [
      'date',
      { credentials: [{ code: 'NASM-CPT', expiresOn: '2027-02-30' }] },
      'credentials[0].expiresOn',
      'not a calendar date',
    ],
    ['extra key', { trainerId: 't_someoneelse' }, '', 'trainerId'],
  ])('rejects a bad %s with 400 naming the field, writing and sending nothing', async (_l, change, path, why) => {
    const before = await allItems(aws);
    const response = await postJson(submitSignup, { ...signupBody(fresh()), ...change }, { timeEpoch: T0 });
    expect(response.statusCode).toBe(400);
    const issues = (jsonOf(response).error as { issues: { path: string; message: string }[] }).issues;
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(JSON.stringify(issues)).toContain(why);
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);
  });

  describe('as an HTML form post', () => {
    const form = (fields: Record<string, string>) =>
      call(submitSignup, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
        timeEpoch: T0,
      });

    it('re-renders the form with each error next to its field and the values kept', async () => {
      const before = await allItems(aws);
      const response = await form({
        name: 'Sam Lee',
        email: 'sam@example',
        'cert[0][code]': 'NASM-CPT',
        'cert[0][expiresOn]': '2027-02-30',
      });
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['content-type']).toContain('text/html');
      expect(response.body).toMatch(/id="email-error">Not a valid email address/);
      expect(response.body).toMatch(
        /id="cert-0-expiresOn-error">Enter the expiry date printed on your card as a real date/,
      );
      expect(response.body).toContain('value="sam@example"');
      expect(response.body).toContain('value="2027-02-30"');
      expect(await allItems(aws)).toEqual(before);
    });

    it('answers a valid form with a 303 to a "check your email" page naming the address, and one email', async () => {
      const email = fresh();
      const response = await form({
        name: 'Sam Lee',
        email,
        'cert[0][code]': PROFILE.credentials[0]?.code ?? '',
        'cert[0][expiresOn]': '2027-03-31',
        'cpr[expiresOn]': '2027-06-30',
      });
      expect(response.statusCode).toBe(303);
      const location = new URL(String(response.headers?.location), 'https://recert.example');
      expect(location.pathname).toBe('/signup/sent');
      expect(await mailsTo(email)).toHaveLength(1);

      const page = await call(sentPage, { query: { token: location.searchParams.get('token') ?? '' }, timeEpoch: T0 });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Check your email');
      expect(page.body).toContain(`<strong>${email}</strong>`);
      // A refresh is a GET of this page: no second email.
      await call(sentPage, { query: { token: location.searchParams.get('token') ?? '' } });
      expect(await mailsTo(email)).toHaveLength(1);
    });

    it('names no address once the page’s link is stale or not its own kind of link', async () => {
      const email = fresh();
      const response = await form({
        name: 'Sam Lee',
        email,
        'cert[0][code]': 'NASM-CPT',
        'cert[0][expiresOn]': '2027-03-31',
      });
      const token = new URL(String(response.headers?.location), 'https://recert.example').searchParams.get('token');
      const later = await call(sentPage, {
        query: { token: token ?? '' },
        timeEpoch: T0 + 2 * HOUR,
      });
      const confirmToken = await call(sentPage, {
        query: { token: await confirmTokenFor(aws, email) },
        timeEpoch: T0,
      });
      for (const page of [later, confirmToken]) {
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('Check your email');
        expect(page.body).not.toContain(email);
      }
    });

    it('"Add another certification" shows one more row with what was typed kept, checking and sending nothing', async () => {
      const before = await allItems(aws);
      const response = await form({
        name: 'Sam Lee',
        email: 'not-yet-an-address',
        'cert[0][code]': 'NASM-CPT',
        'cert[0][expiresOn]': '2027-02-30',
        add: 'cert',
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('id="cert-1-code"');
      expect(response.body).not.toContain('id="cert-2-code"');
      expect(response.body).toContain('value="2027-02-30"');
      expect(response.body).not.toContain('class="error"');
      expect(await allItems(aws)).toEqual(before);
      expect(await aws.ses.stored()).toEqual([]);
    });
  });
});
