/**
 * "Email me my link" (POST /api/status-links) on the local emulators: one answer for every address, at most one
 * email per address per hour, a link that opens the trainer's status page, and a 400 in a trainer's words for a bad
 * address. SES goes through a fault proxy, so a test can make one send fail the way SES fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as requestStatusLink } from '../../../functions/http/request-status-link.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { type Fault, type FaultProxy, sesError, startFaultProxy } from '../scheduled/fixtures.js';
import { allItems, call, HOUR, jsonOf, postJson, T0, tokenFromUrl } from './http-helpers.js';

const MINUTE = 60_000;
const SUBJECT = 'Your Recert status link';
const SENT_PAGE = '/status-link/sent';
const EMAIL_ERROR = 'enter an address like name@example.com';

/** SES answered 500 after accepting the message: it went out, but Recert cannot know that. */
const ACCEPTED_THEN_500: Fault = {
  kind: 'forward-then-answer',
  status: 500,
  contentType: 'text/xml',
  body: '<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>',
};

let aws: LocalAws;
let proxy: FaultProxy;
/** The fault for the next SendRawEmail only; every other request reaches the SES emulator untouched. */
let nextSend: Fault;
let counter = 0;

function postForm(fields: Record<string, string>, timeEpoch = T0) {
  return call(requestStatusLink, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(fields).toString(),
    timeEpoch,
  });
}

const ask = (email: string, timeEpoch = T0) => postJson(requestStatusLink, { email }, { timeEpoch });

async function mailsTo(email: string) {
  return (await aws.ses.stored()).filter((mail) => mail.destination.to.some((to) => to.includes(email)));
}

/** A confirmed trainer: an email claim pointing at an existing trainer record. */
async function confirmedTrainer(label: string): Promise<{ email: string; trainerId: string; name: string }> {
  counter += 1;
  const email = `${label}${counter}@example.com`;
  const trainerId = `t_${label}${counter}`;
  const name = `Sam ${label}`;
  const now = new Date(T0 - 40 * 24 * HOUR);
  await aws.repositories.emailClaims.claim(email, trainerId, now);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name,
    profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
    nextReminderOn: '2027-03-04',
    now,
  });
  return { email, trainerId, name };
}

beforeAll(async () => {
  aws = await startLocalAws();
  proxy = await startFaultProxy(aws.ses.endpoint, (operation) => {
    if (operation !== 'SendRawEmail') return undefined;
    const fault = nextSend;
    nextSend = undefined;
    return fault;
  });
  // Before the first request: the handler builds its mailer once, from the environment.
  process.env.SES_ENDPOINT = proxy.endpoint;
});

afterAll(async () => {
  await proxy?.stop();
  await aws?.stop();
});

beforeEach(async () => {
  nextSend = undefined;
  await aws.ses.clear();
});

describe('POST /api/status-links', () => {
  it('answers an unknown, a confirmed, a bounced, a complained and a rate-limited address alike', async () => {
    const confirmed = await confirmedTrainer('confirmed');
    const bounced = await confirmedTrainer('bounced');
    const complained = await confirmedTrainer('complained');
    const asked = await confirmedTrainer('asked');
    await aws.repositories.suppressions.add(bounced.email, 'bounce', new Date(T0 - HOUR));
    await aws.repositories.suppressions.add(complained.email, 'complaint', new Date(T0 - HOUR));
    await ask(asked.email, T0 - 10 * MINUTE);
    await aws.ses.clear();
    const addresses = ['nobody@example.com', confirmed.email, bounced.email, complained.email, asked.email];

    const json = [];
    const forms = [];
    for (const email of addresses) json.push(await ask(email));
    for (const email of addresses) forms.push(await postForm({ email }));

    expect(json.map((response) => response.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(json.map((response) => response.body)).size).toBe(1);
    expect(new Set(json.map((response) => JSON.stringify(response.headers))).size).toBe(1);
    expect(JSON.parse(json[0]?.body ?? '')).toEqual({
      message:
        'If that address has a Recert account, we have emailed a fresh link. It can take a few minutes; check spam. ' +
        'Nothing arrives? Sign up again with the same address.',
    });
    expect(forms.map((response) => response.statusCode)).toEqual([303, 303, 303, 303, 303]);
    expect(new Set(forms.map((response) => JSON.stringify(response.headers))).size).toBe(1);
    expect(forms[0]?.headers?.location).toBe(SENT_PAGE);

    // Only the confirmed address got anything: one link (its form post came within the hour of the JSON one).
    const mails = await aws.ses.stored();
    expect(mails.map((mail) => [mail.destination.to.join(), mail.subject])).toEqual([[confirmed.email, SUBJECT]]);
  });

  it('emails a confirmed trainer one link when asked twice within the hour, and again once the hour is over', async () => {
    const trainer = await confirmedTrainer('twice');

    await Promise.all([ask(trainer.email), ask(trainer.email)]);
    await ask(trainer.email, T0 + 59 * MINUTE);
    expect((await mailsTo(trainer.email)).map((mail) => mail.subject)).toEqual([SUBJECT]);

    await ask(trainer.email, T0 + 61 * MINUTE);
    expect(await mailsTo(trainer.email)).toHaveLength(2);
  });

  it('treats the address the way sign-up does: any case, surrounding spaces', async () => {
    const trainer = await confirmedTrainer('casing');

    await ask(`  ${trainer.email.toUpperCase()} `);
    await ask(trainer.email, T0 + MINUTE);

    expect(await mailsTo(trainer.email)).toHaveLength(1);
  });

  it('still answers a trainer who unsubscribed from reminders: the link is their own request', async () => {
    const trainer = await confirmedTrainer('unsubscribed');
    await aws.repositories.suppressions.add(trainer.email, 'unsubscribed', new Date(T0 - HOUR));

    await ask(trainer.email);

    expect((await mailsTo(trainer.email)).map((mail) => mail.subject)).toEqual([SUBJECT]);
  });

  it('emails a link that opens the status page of that trainer, for 30 days', async () => {
    const trainer = await confirmedTrainer('link');
    await ask(trainer.email);

    const [mail] = await mailsTo(trainer.email);
    const url = /(http:\/\/\S+\/status\?token=[^\s"<>]+)/.exec(mail?.body.text ?? '')?.[1];
    expect(url).toBeDefined();
    const token = tokenFromUrl(String(url));
    const claims = createTokenService(aws.tokenSigningKey).verify(token, 'status', new Date(T0));
    expect(claims).toMatchObject({ purpose: 'status', subject: trainer.trainerId });
    expect(mail?.body.text).toContain('The link works for 30 days, until 21 Dec 2026.');
    expect(mail?.body.text).toContain('If you did not ask for it, you can ignore this email');

    const page = await call(statusPage, { path: '/status', query: { token }, timeEpoch: T0 + 29 * 24 * HOUR });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(trainer.name);
    const expired = await call(statusPage, { path: '/status', query: { token }, timeEpoch: T0 + 31 * 24 * HOUR });
    expect(expired.statusCode).toBe(401);
  });

  it('keeps the one-per-hour hold without the address in clear, and lets it expire', async () => {
    const trainer = await confirmedTrainer('hold');
    await ask(trainer.email);

    const holds = (await allItems(aws)).filter((item) => item.pk === keys.statusLinkRequest(trainer.email).pk);
    expect(holds).toHaveLength(1);
    expect(JSON.stringify(holds).toLowerCase()).not.toContain(trainer.email.split('@')[0]);
    expect(holds[0]).toMatchObject({ entity: 'StatusLinkRequest', expiresAt: T0 / 1000 + 3600 });
  });

  it.each([
    ['a missing address', {}],
    ['an empty address', { email: '' }],
    ['a malformed address', { email: 'sam.example.com' }],
    ['an address too long to be one', { email: `${'a'.repeat(250)}@x.io` }],
    ['a number', { email: 42 }],
  ])('answers %s with 400 naming the field, and writes and sends nothing', async (_label, body) => {
    const before = await allItems(aws);

    const response = await postJson(requestStatusLink, body, { timeEpoch: T0 });

    expect(response.statusCode).toBe(400);
    const { issues } = jsonOf(response).error as { issues: { path: string; message: string }[] };
    expect(issues).toEqual([{ path: 'email', message: expect.stringContaining(EMAIL_ERROR) }]);
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('shows a bad address on the form again, in a trainer’s words, with what was typed', async () => {
    const before = await allItems(aws);

    const response = await postForm({ email: 'sam at example' });

    expect(response.statusCode).toBe(400);
    expect(response.headers?.['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain(`Email: ${EMAIL_ERROR}`);
    expect(response.body).toContain('value="sam at example"');
    expect(response.body).not.toMatch(/Invalid input|Too (small|big)|email: /);
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('refuses an unknown key by name (JSON)', async () => {
    const response = await postJson(requestStatusLink, { email: 'sam@example.com', trainerId: 't_x' });

    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(jsonOf(response))).toContain('trainerId');
  });

  it('answers alike when SES may have sent it, and keeps the hour so no second link follows', async () => {
    const trainer = await confirmedTrainer('unknown');
    nextSend = ACCEPTED_THEN_500;

    const first = await ask(trainer.email);
    const again = await ask(trainer.email, T0 + 5 * MINUTE);

    expect([first.statusCode, again.statusCode]).toEqual([202, 202]);
    expect(first.body).toBe(again.body);
    expect(await mailsTo(trainer.email)).toHaveLength(1);
  });

  it('answers alike when SES surely sent nothing, and lets the trainer ask again at once', async () => {
    const trainer = await confirmedTrainer('rejected');
    nextSend = sesError('MessageRejected', 'Email address is not verified.');

    const first = await ask(trainer.email);
    expect(first.statusCode).toBe(202);
    expect(await mailsTo(trainer.email)).toHaveLength(0);

    await ask(trainer.email, T0 + MINUTE);
    expect((await mailsTo(trainer.email)).map((mail) => mail.subject)).toEqual([SUBJECT]);
  });
});
