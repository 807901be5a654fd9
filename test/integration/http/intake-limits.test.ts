/**
 * Issue 12, cases 6 and 9, through the real handlers on the local emulators (ADR 0024):
 * - address variants (`+tag`, Gmail dots, googlemail.com) share one mailbox's sign-up and status-link limits, while
 *   each address is stored as typed;
 * - one network gets 10 sign-ups and link requests per 10 minutes between them; the 11th is a 429 with Retry-After
 *   that reads, writes and sends nothing, and another network is not affected.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../functions/common/http.js';
import type { OpenApiDocument } from '../../../functions/contract/openapi.js';
import { HTTP_ROUTES } from '../../../functions/entry-points.js';
import { handler as requestStatusLink } from '../../../functions/http/request-status-link.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { allItems, call, HOUR, jsonOf, postJson, signupBody, T0 } from './http-helpers.js';

const MINUTE = 60_000;
const CONFIRM = 'Confirm your email for Recert';
const LINK = 'Your Recert status link';
const RATE_LIMITED =
  'Too many sign-ups and link requests came from your network in the last few minutes, so we did not send anything. ' +
  'Please try again in 10 minutes.';

let aws: LocalAws;
let networks = 0;
/** A client network of its own, so each test counts only its own requests. */
const network = () => `203.0.113.${++networks}`;

beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws?.stop();
});
beforeEach(async () => {
  await aws.ses.clear();
});

const signUp = (email: string, timeEpoch = T0, sourceIp = network()) =>
  postJson(submitSignup, signupBody(email), { timeEpoch, sourceIp });
const askLink = (email: string, timeEpoch = T0, sourceIp = network()) =>
  postJson(requestStatusLink, { email }, { timeEpoch, sourceIp });

async function subjectsTo(fragment: string): Promise<string[]> {
  return (await aws.ses.stored())
    .filter((mail) => mail.destination.to.join().toLowerCase().includes(fragment))
    .map((mail) => mail.subject);
}

async function confirmedTrainer(email: string, trainerId: string): Promise<void> {
  const now = new Date(T0 - 40 * 24 * HOUR);
  await aws.repositories.emailClaims.claim(email, trainerId, now);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Sam Lee',
    profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
    nextReminderOn: '2027-03-04',
    now,
  });
}

describe('address variants share one mailbox’s limits', () => {
  it('sends a sign-up variant nothing new within 24 h, stores each address as typed, and sends again after', async () => {
    expect((await signUp('sam.lee+recert@gmail.com')).statusCode).toBe(202);
    for (const [variant, minutes] of [
      ['samlee@gmail.com', 5],
      ['Sam.Lee+other@googlemail.com', 10],
      ['s.a.m.l.e.e@gmail.com', 60 * 23],
    ] as const) {
      expect((await signUp(variant, T0 + minutes * MINUTE)).statusCode).toBe(202);
    }

    const mails = await aws.ses.stored();
    expect(mails.map((mail) => [mail.destination.to.join(), mail.subject])).toEqual([
      ['sam.lee+recert@gmail.com', CONFIRM],
    ]);
    expect(await aws.repositories.pendingSignups.get('Sam.Lee+other@googlemail.com', new Date(T0))).toMatchObject({
      email: 'sam.lee+other@googlemail.com',
    });

    await signUp('samlee+later@gmail.com', T0 + 24 * HOUR);
    expect(await subjectsTo('samlee+later@gmail.com')).toEqual([CONFIRM]);
  });

  it('keeps dotted addresses on other domains apart: two people, two emails', async () => {
    await signUp('kim.ng@example.com');
    await signUp('kimng@example.com', T0 + MINUTE);
    await signUp('kim.ng+x@example.com', T0 + 2 * MINUTE);

    expect(await subjectsTo('kim.ng@example.com')).toEqual([CONFIRM]);
    expect(await subjectsTo('kimng@example.com')).toEqual([CONFIRM]);
    expect(await subjectsTo('kim.ng+x@example.com')).toEqual([]);
  });

  it('sends one status link per mailbox per hour, whichever confirmed variant asks', async () => {
    // Two accounts, one inbox: a trainer who signed up twice with Gmail spellings.
    await confirmedTrainer('lee.ray@gmail.com', 't_leeray1');
    await confirmedTrainer('leeray+work@gmail.com', 't_leeray2');

    expect((await askLink('lee.ray@gmail.com')).statusCode).toBe(202);
    expect((await askLink('leeray+work@gmail.com', T0 + 10 * MINUTE)).statusCode).toBe(202);
    expect((await aws.ses.stored()).map((mail) => [mail.destination.to.join(), mail.subject])).toEqual([
      ['lee.ray@gmail.com', LINK],
    ]);

    await askLink('leeray+work@gmail.com', T0 + HOUR);
    expect(await subjectsTo('leeray+work@gmail.com')).toEqual([LINK]);
  });
});

describe('one network’s share of sign-ups and link requests', () => {
  const everyOne = (responses: HttpResponse[]) => responses.map((response) => response.statusCode);

  it('answers the 11th request from one network 429 with Retry-After, doing nothing; another network passes', async () => {
    const crowded = network();
    const first = await Promise.all(
      Array.from({ length: 10 }, (_, i) => signUp(`crowd${i}@example.com`, T0 + 4 * MINUTE, crowded)),
    );
    expect(everyOne(first)).toEqual(Array(10).fill(202));
    await aws.ses.clear();
    const before = await allItems(aws);

    const eleventh = await signUp('crowd10@example.com', T0 + 4 * MINUTE, crowded);

    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.headers?.['retry-after']).toBe('360');
    expect(jsonOf(eleventh)).toEqual({
      error: { code: 'request.rate-limited', message: RATE_LIMITED.replace('10 minutes', '6 minutes') },
    });
    expect(await allItems(aws)).toEqual(before);
    expect(await aws.ses.stored()).toEqual([]);

    const elsewhere = await signUp('someone-else@example.com', T0 + 4 * MINUTE);
    expect(elsewhere.statusCode).toBe(202);
    expect(await subjectsTo('someone-else@example.com')).toEqual([CONFIRM]);

    const nextWindow = await signUp('crowd10@example.com', T0 + 10 * MINUTE, crowded);
    expect(nextWindow.statusCode).toBe(202);
  });

  it('counts sign-ups and link requests together, and refuses a link request the same way', async () => {
    const crowded = network();
    await confirmedTrainer('asks@example.com', 't_asks');
    const signups = await Promise.all(
      Array.from({ length: 9 }, (_, i) => signUp(`mixed${i}@example.com`, T0, crowded)),
    );
    expect(everyOne(signups)).toEqual(Array(9).fill(202));
    expect((await askLink('asks@example.com', T0, crowded)).statusCode).toBe(202);
    await aws.ses.clear();

    const refused = await askLink('asks@example.com', T0 + MINUTE, crowded);

    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('540');
    expect(jsonOf(refused).error).toMatchObject({ code: 'request.rate-limited' });
    expect(await aws.ses.stored()).toEqual([]);
    expect((await askLink('nobody@example.com', T0 + MINUTE)).statusCode).toBe(202);
  });

  it('is described as it is answered: docs/openapi.json lists the 429 of both routes, JSON and page, with Retry-After', async () => {
    const document = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'openapi.json'), 'utf8'),
    ) as OpenApiDocument;
    const crowded = network();
    await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(`documented${i}@example.com`, T0, crowded)));
    const answers = {
      SubmitSignup: await signUp('documented10@example.com', T0, crowded),
      RequestStatusLink: await askLink('documented10@example.com', T0, crowded),
    };

    for (const [id, response] of Object.entries(answers)) {
      const route = HTTP_ROUTES.find((candidate) => candidate.id === id);
      const documented = document.paths[route?.path ?? '']?.[route?.method.toLowerCase() ?? '']?.responses?.[
        String(response.statusCode)
      ] as { description?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> } | undefined;
      expect(response.statusCode, id).toBe(429);
      expect(documented, `${id} answers 429 but docs/openapi.json does not say so`).toBeDefined();
      expect(documented?.description, id).toContain((jsonOf(response).error as { code: string }).code);
      expect(Object.keys(documented?.headers ?? {}), id).toContain('Retry-After');
      // The JSON error for an API client, the page for a form post (the test above shows the page).
      expect(Object.keys(documented?.content ?? {}).sort(), id).toEqual(['application/json', 'text/html']);
    }
  });

  it('shows each form a 429 in words: the sign-up form again with what was typed, the link form a page', async () => {
    const crowded = network();
    await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(`forms${i}@example.com`, T0, crowded)));
    const form = (handler: typeof submitSignup, fields: Record<string, string>) =>
      call(handler, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
        timeEpoch: T0,
        sourceIp: crowded,
      });

    const signupForm = await form(submitSignup, {
      name: 'Sam Lee',
      email: 'typed@example.com',
      'cert[0][code]': 'NASM-CPT',
      'cert[0][expiresOn]': '2027-03-31',
    });
    const linkForm = await form(requestStatusLink, { email: 'typed@example.com' });

    for (const page of [signupForm, linkForm]) {
      expect(page.statusCode).toBe(429);
      expect(page.headers?.['content-type']).toMatch(/text\/html/);
      expect(page.headers?.['retry-after']).toBe('600');
      expect(page.body).toContain(RATE_LIMITED);
    }
    expect(signupForm.body).toContain('value="typed@example.com"');
    expect(linkForm.body).toContain('href="/status-link"');
  });
});
