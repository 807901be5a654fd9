import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { SHARE_VIEW_LIMIT } from '../../../functions/features/sharing/view-shared-status.js';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as deleteMyRecord } from '../../../functions/http/delete-my-record.js';
import { handler as exportMyRecord } from '../../../functions/http/export-my-record.js';
import { handler as shareLink } from '../../../functions/http/share-link.js';
import { handler as shareReadyPage } from '../../../functions/http/share-ready-page.js';
import { handler as sharedStatus } from '../../../functions/http/shared-status.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { type LocalAws, startLocalAws, TEST_BASE_URL } from '../../helpers/local-aws.js';
import { allItems, bearer, call, confirmedTrainer, formPost, jsonOf, T0 } from './http-helpers.js';

const NOW = T0 + 3_600_000;
const DAY = 24 * 3_600_000;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** What a gym's browser (or, with `json`, its system) gets from the link. */
function open(linkId: string, { json = false, at = NOW } = {}) {
  return call(sharedStatus, {
    path: `/verify/${linkId}`,
    pathParameters: { link: linkId },
    headers: { accept: json ? 'application/json' : BROWSER },
    timeEpoch: at,
  });
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('share links (POST /status/share, GET /status/share, GET /verify/{link})', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  /** A confirmed trainer holding NASM-CPT (current), ACE-CPT (expired 31 Oct 2026: late window) and a CPR/AED card. */
  async function trainer() {
    const who = await confirmedTrainer(aws, `share${++counter}@example.com`);
    const added = await formPost(
      changeMyRecord,
      { token: who.token, action: 'add-credential', code: 'ACE-CPT', expiresOn: '2026-10-31' },
      NOW,
    );
    expect(added.statusCode).toBe(303);
    return who;
  }

  async function page(token: string, at = NOW, done?: string): Promise<string> {
    const query = done ? { token, done } : { token };
    const response = await call(statusPage, { query, timeEpoch: at });
    expect(response.statusCode).toBe(200);
    return String(response.body);
  }

  /** Makes a link as the status page's form does; returns its id, taken from where the browser is sent. */
  async function makeLink(token: string, fields: Record<string, string>, at = NOW): Promise<string> {
    const response = await formPost(shareLink, { token, action: 'create', expires: '90', ...fields }, at);
    expect(response.statusCode, String(response.body).slice(0, 300)).toBe(303);
    const location = new URL(String(response.headers?.location), TEST_BASE_URL);
    expect(location.pathname).toBe('/status/share');
    expect(location.searchParams.get('token')).toBe(token);
    return location.searchParams.get('link') ?? '';
  }

  /** The reference of each link the status page lists, in its order (the revoke forms carry it). */
  const listedRefs = (html: string) => [...html.matchAll(/name="link" value="([0-9a-f]{64})"/g)].map((m) => m[1]);

  const shareItems = async (trainerId: string) =>
    (await allItems(aws)).filter(
      (item) =>
        (item.entity === 'ShareLink' && item.pk === keys.trainerPartition(trainerId)) ||
        (item.entity === 'ShareLinkPointer' && item.trainerId === trainerId),
    );

  it('makes a link from the status page; it shows the chosen certifications, page and JSON, and never the address', async () => {
    const { token, trainerId, email } = await trainer();
    const before = await page(token);
    expect(before).toContain('<h2 id="share-title">Share your status</h2>');
    expect(before).toContain('name="codes[0]" value="NASM-CPT"');
    expect(before).toContain('name="codes[1]" value="ACE-CPT"');

    const id = await makeLink(token, { 'codes[0]': 'NASM-CPT', 'codes[1]': 'ACE-CPT', label: 'Northside Fitness' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(token).not.toContain(id);

    // The one page that shows the address.
    const ready = await call(shareReadyPage, { query: { token, link: id }, timeEpoch: NOW });
    expect(ready.statusCode).toBe(200);
    const readyText = text(String(ready.body));
    expect(String(ready.body)).toContain(`>${TEST_BASE_URL}/verify/${id}</textarea>`);
    expect(readyText).toContain('Send this link to Northside Fitness:');
    expect(readyText).toContain('NASM-CPT and ACE-CPT');
    expect(readyText).toContain('It works until 19 Feb 2027');
    expect(readyText).toContain('cannot show it to you again');

    const shown = await open(id);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers?.['content-type']).toMatch(/^text\/html/);
    expect(shown.headers?.vary).toBe('accept');
    expect(shown.headers?.['cache-control']).toBe('no-store');
    expect(shown.headers?.['x-robots-tag']).toBe('noindex, nofollow');
    const body = text(String(shown.body));
    expect(body).toContain('Sam Lee');
    expect(body).toContain('NASM-CPT NASM Certified Personal Trainer Current — expires on 31 Mar 2027');
    expect(body).toContain(
      'ACE-CPT ACE Certified Personal Trainer In its late-renewal window — expired on 31 Oct 2026',
    );
    expect(body).toContain('CPR/AED card Current');
    expect(body).toContain('This link works until 19 Feb 2027.');

    const asJson = await open(id, { json: true });
    expect(asJson.statusCode).toBe(200);
    expect(asJson.headers?.['content-type']).toMatch(/^application\/json/);
    expect(jsonOf(asJson)).toEqual({
      name: 'Sam Lee',
      asOf: '2026-11-21',
      certifications: [
        { code: 'NASM-CPT', name: 'NASM Certified Personal Trainer', phase: 'current', expiresOn: '2027-03-31' },
        { code: 'ACE-CPT', name: 'ACE Certified Personal Trainer', phase: 'late-window', expiresOn: '2026-10-31' },
      ],
      cprAed: { current: true },
      linkExpiresOn: '2027-02-19',
    });

    // Nothing but that: no address, courses, advice, ids or tokens, in either form.
    for (const answer of [String(shown.body), String(asJson.body)]) {
      for (const secret of [email, 'example.com', 'Kettlebell', trainerId, token, 'Northside']) {
        expect(answer).not.toContain(secret);
      }
      expect(answer).not.toMatch(/What to do next|CEUs?\b|finish your CE|submit your|late fee/i);
    }
    // The table holds the link's hash, never the link.
    const items = await shareItems(trainerId);
    expect(items.map((item) => item.entity).sort()).toEqual(['ShareLink', 'ShareLinkPointer']);
    expect(JSON.stringify(await allItems(aws))).not.toContain(id);
  });

  it('counts views for the trainer; a turned-off link answers 410 with nothing in it, page and JSON', async () => {
    const { token } = await trainer();
    const id = await makeLink(token, { 'codes[0]': 'NASM-CPT', label: 'Studio 9' });
    expect(text(await page(token))).toContain('For Studio 9 Shows NASM-CPT and your CPR/AED card');
    expect(text(await page(token))).toContain('Works until 19 Feb 2027 · Not opened yet');

    expect((await open(id)).statusCode).toBe(200);
    expect((await open(id, { json: true, at: NOW + DAY })).statusCode).toBe(200);
    expect(text(await page(token, NOW + DAY))).toContain('Opened 2 times, last on 22 Nov 2026');

    const [ref] = listedRefs(await page(token));
    const revoked = await formPost(shareLink, { token, action: 'revoke', link: ref ?? '' }, NOW + DAY);
    expect(revoked.statusCode).toBe(303);
    expect(String(revoked.headers?.location)).toMatch(/^\/status\?token=.+&done=share-revoked#share$/);
    const after = text(await page(token, NOW + DAY, 'share-revoked'));
    expect(after).toContain('Link turned off.');
    expect(after).toContain('Turned off on 22 Nov 2026 · Opened 2 times');
    // Nothing left to turn off; a second click (an old copy of the page) changes nothing.
    expect(listedRefs(await page(token, NOW + DAY))).toEqual([]);
    expect((await formPost(shareLink, { token, action: 'revoke', link: ref ?? '' }, NOW + DAY)).statusCode).toBe(303);

    const gone = await open(id, { at: NOW + DAY });
    expect(gone.statusCode).toBe(410);
    expect(text(String(gone.body))).toContain('This link no longer works');
    const goneJson = await open(id, { json: true, at: NOW + DAY });
    expect(goneJson.statusCode).toBe(410);
    expect(jsonOf(goneJson)).toEqual({
      error: {
        code: 'share.gone',
        message: 'This link no longer works: it was turned off or it expired. Ask for a new link.',
      },
    });
    for (const answer of [gone.body, goneJson.body]) expect(String(answer)).not.toMatch(/Sam|NASM|CPR/);
    // A refused view is not a view.
    expect(text(await page(token, NOW + DAY))).toContain('Opened 2 times');
  });

  it('expires at the end of its last day; "until I turn it off" does not', async () => {
    const { token, trainerId } = await trainer();
    const month = await makeLink(token, { 'codes[0]': 'NASM-CPT', expires: '30' });
    const forever = await makeLink(token, { 'codes[0]': 'NASM-CPT', expires: 'never' });

    expect(jsonOf(await open(month, { json: true })).linkExpiresOn).toBe('2026-12-21');
    expect((await open(month, { at: Date.UTC(2026, 11, 21, 23, 59) })).statusCode).toBe(200);
    const expired = await open(month, { at: Date.UTC(2026, 11, 22, 0, 0) });
    expect(expired.statusCode).toBe(410);
    expect((await open(month, { json: true, at: Date.UTC(2026, 11, 22) })).statusCode).toBe(410);

    const later = await open(forever, { json: true, at: NOW + 400 * DAY });
    expect(later.statusCode).toBe(200);
    expect(jsonOf(later).linkExpiresOn).toBeNull();
    // The first status link has run out by then (30 days): the trainer asked for a fresh one.
    const fresh = createTokenService(aws.tokenSigningKey).issue('status', trainerId, new Date(Date.UTC(2026, 11, 22)));
    expect(text(await page(fresh, Date.UTC(2026, 11, 22)))).toContain('Expired on 21 Dec 2026');
  });

  it('shows only the certifications chosen, and drops one the trainer removes from the record', async () => {
    const { token } = await trainer();
    const onlyAce = await makeLink(token, { 'codes[0]': 'ACE-CPT' });
    const certifications = async () =>
      (jsonOf(await open(onlyAce, { json: true })).certifications as { code: string }[]).map((cert) => cert.code);
    expect(await certifications()).toEqual(['ACE-CPT']);
    expect(String((await open(onlyAce)).body)).not.toContain('NASM');

    const aceKey = /name="key" value="([^"]+)"><input type="hidden" name="code" value="ACE-CPT"/.exec(
      await page(token),
    )?.[1];
    expect(aceKey).toBeDefined();
    const removed = await formPost(changeMyRecord, { token, action: 'remove-credential', key: aceKey ?? '' }, NOW);
    expect(removed.statusCode).toBe(303);
    expect(await certifications()).toEqual([]);
    expect(text(String((await open(onlyAce)).body))).toContain('shares no certification through this link any more');
    expect(text(await page(token))).toContain('Shows only your CPR/AED card (ACE-CPT is no longer on your record)');
  });

  it('says what is wrong with the form next to it, and writes nothing', async () => {
    const { token, trainerId } = await trainer();
    const cases: [Record<string, string>, string][] = [
      [{}, 'Choose at least one certification to show'],
      [{ 'codes[0]': 'NASM-CES' }, 'Choose from the certifications on your record'],
      [{ 'codes[0]': 'NASM-CPT', label: 'x'.repeat(61) }, 'Keep it to 60 characters'],
    ];
    for (const [fields, message] of cases) {
      const response = await formPost(shareLink, { token, action: 'create', expires: '90', ...fields }, NOW);
      expect(response.statusCode).toBe(400);
      const html = String(response.body);
      expect(html).toContain(message);
      expect(html).toContain('<details id="share-new" open>');
    }
    // A post no page makes (an unknown lifetime): the error page, nothing written.
    expect(
      (await formPost(shareLink, { token, action: 'create', expires: '7', 'codes[0]': 'NASM-CPT' }, NOW)).statusCode,
    ).toBe(400);
    expect((await formPost(shareLink, { token: 'garbage', action: 'create', expires: '90' }, NOW)).statusCode).toBe(
      401,
    );
    expect(await shareItems(trainerId)).toEqual([]);
  });

  it('guessing gets 404, the same bytes whatever was guessed, and writes nothing; ids, hashes and tokens are no links', async () => {
    const { token, trainerId } = await trainer();
    const id = await makeLink(token, { 'codes[0]': 'NASM-CPT' });
    const before = await allItems(aws);
    const guesses = [
      randomBytes(24).toString('base64url'),
      randomBytes(24).toString('base64url'),
      `${id.slice(0, 31)}${id.endsWith('A') ? 'B' : 'A'}`,
      id.toLowerCase() === id ? id.toUpperCase() : id.toLowerCase(),
      keys.shareLinkRef(id),
      token,
      trainerId,
      `${id}=`,
      '',
    ];
    const answers = await Promise.all(guesses.map((guess) => open(guess)));
    const jsonAnswers = await Promise.all(guesses.map((guess) => open(guess, { json: true })));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(answers[0]?.body);
    }
    for (const answer of jsonAnswers) {
      expect(answer.statusCode).toBe(404);
      expect(jsonOf(answer)).toEqual({
        error: {
          code: 'share.not-found',
          message: 'There is no such link. Check that the whole link was copied: it is case-sensitive.',
        },
      });
    }
    expect(await allItems(aws)).toEqual(before);
    expect((await open(id)).statusCode).toBe(200);
  });

  it("one trainer can neither see the address of, nor turn off, another's link", async () => {
    const owner = await trainer();
    const other = await trainer();
    const id = await makeLink(owner.token, { 'codes[0]': 'NASM-CPT' });
    const [ref] = listedRefs(await page(owner.token));

    const peek = await call(shareReadyPage, { query: { token: other.token, link: id }, timeEpoch: NOW });
    expect(peek.statusCode).toBe(404);
    expect(String(peek.body)).not.toContain(id);
    expect((await formPost(shareLink, { token: other.token, action: 'revoke', link: ref ?? '' }, NOW)).statusCode).toBe(
      303,
    );
    expect((await open(id)).statusCode).toBe(200);
    expect(listedRefs(await page(other.token))).toEqual([]);
  });

  it('limits requests per link: the one over the limit gets 429 and is not a view; the next window works', async () => {
    const { token } = await trainer();
    const id = await makeLink(token, { 'codes[0]': 'NASM-CPT' });
    const other = await makeLink(token, { 'codes[0]': 'NASM-CPT' });
    const at = Date.UTC(2026, 10, 21, 10, 0, 30);
    for (let i = 0; i < SHARE_VIEW_LIMIT.limit; i += 1) expect((await open(id, { at })).statusCode).toBe(200);

    const refused = await open(id, { json: true, at });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('570');
    expect(jsonOf(refused)).toEqual({
      error: {
        code: 'share.rate-limited',
        message: 'This link was opened too many times in the last few minutes. Please try again in 10 minutes.',
      },
    });
    const refusedPage = await open(id, { at });
    expect(refusedPage.statusCode).toBe(429);
    expect(text(String(refusedPage.body))).toContain('Please try again in 10 minutes.');
    // Another link of the same trainer has its own window.
    expect((await open(other, { at })).statusCode).toBe(200);
    expect(text(await page(token, at))).toContain(`Opened ${SHARE_VIEW_LIMIT.limit} times`);
    expect((await open(id, { at: at + 10 * 60_000 })).statusCode).toBe(200);
  });

  it('goes with the trainer: exported with their data, deleted by either erasure, then 404 like any unknown link', async () => {
    const fromPage = await trainer();
    const fromApi = await trainer();
    const ids: string[][] = [];
    for (const who of [fromPage, fromApi]) {
      const live = await makeLink(who.token, { 'codes[0]': 'NASM-CPT' });
      const off = await makeLink(who.token, { 'codes[0]': 'ACE-CPT' });
      const [, offRef] = listedRefs(await page(who.token));
      await aws.repositories.shareLinks.revoke(who.trainerId, offRef ?? keys.shareLinkRef(off), new Date(NOW));
      ids.push([live, off]);
      expect(await shareItems(who.trainerId)).toHaveLength(4);
    }
    const exported = jsonOf(await formPost(exportMyRecord, { token: fromPage.token }, NOW)) as {
      items: { entity: string; revokedAt?: string }[];
    };
    const shared = exported.items.filter((item) => item.entity.startsWith('ShareLink'));
    expect(shared.map((item) => item.entity).sort()).toEqual([
      'ShareLink',
      'ShareLink',
      'ShareLinkPointer',
      'ShareLinkPointer',
    ]);
    expect(JSON.stringify(exported)).not.toContain(ids[0]?.[0]);

    expect((await formPost(deleteMyRecord, { token: fromPage.token, confirm: 'yes' }, NOW)).statusCode).toBe(200);
    expect(
      (await call(deleteMe, { method: 'DELETE', path: '/api/me', headers: bearer(fromApi.token), timeEpoch: NOW }))
        .statusCode,
    ).toBe(200);
    for (const [index, who] of [fromPage, fromApi].entries()) {
      for (const id of ids[index] ?? []) expect((await open(id)).statusCode).toBe(404);
      expect(await shareItems(who.trainerId)).toEqual([]);
      expect((await allItems(aws)).filter((item) => item.trainerId === who.trainerId)).toEqual([]);
    }
  });
});
