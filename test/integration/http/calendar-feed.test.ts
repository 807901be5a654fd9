import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as calendarFeed } from '../../../functions/http/calendar-feed.js';
import { handler as calendarLink } from '../../../functions/http/calendar-link.js';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as deleteMyRecord } from '../../../functions/http/delete-my-record.js';
import { handler as exportMyRecord } from '../../../functions/http/export-my-record.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { parseFeed, SubscribedCalendar } from '../../helpers/calendar-client.js';
import { type LocalAws, startLocalAws, TEST_BASE_URL } from '../../helpers/local-aws.js';
import { allItems, bearer, call, confirmedTrainer, formPost, type Handler, jsonOf, T0 } from './http-helpers.js';

const NOW = T0 + 3_600_000;
const DAY = 24 * 3_600_000;

const form = (handler: Handler, fields: Record<string, string>, timeEpoch = NOW) =>
  formPost(handler, fields, timeEpoch);

/** What a calendar server's fetch of the feed URL reaches: API Gateway hands `{feed}` the whole last segment. */
function fetchFeed(segment: string, timeEpoch = NOW) {
  return call(calendarFeed, { path: `/calendar/${segment}`, pathParameters: { feed: segment }, timeEpoch });
}

const FEED_URL = /(https?:\/\/[^"\s]+\/calendar\/([a-z2-7]{32})\.ics)/;

describe('the calendar feed (GET /calendar/{feed}, POST /status/calendar)', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  const trainer = () => confirmedTrainer(aws, `calendar${++counter}@example.com`);

  async function page(token: string, done?: string): Promise<string> {
    const query = done ? { token, done } : { token };
    return String((await call(statusPage, { query, timeEpoch: NOW })).body);
  }

  /** The feed id the status page shows, after the trainer pressed the button. */
  async function subscribe(token: string): Promise<string> {
    const response = await form(calendarLink, { token, action: 'create' });
    expect(response.statusCode).toBe(303);
    expect(String(response.headers?.location)).toMatch(/^\/status\?token=.+&done=calendar-created#calendar$/);
    const id = FEED_URL.exec(await page(token))?.[2];
    if (!id) throw new Error('no feed URL on the status page');
    return id;
  }

  const calendarItems = async (trainerId: string) =>
    (await allItems(aws)).filter(
      (item) =>
        (item.entity === 'CalendarFeed' && item.trainerId === trainerId) ||
        (item.entity === 'TrainerCalendarFeed' && item.pk === keys.trainerPartition(trainerId)),
    );

  it('makes a link on request; the feed is valid iCalendar with every deadline ahead and nothing else', async () => {
    const { token, trainerId, email } = await trainer();
    const before = await page(token);
    expect(before).toContain('Subscribe in your calendar');
    expect(before).toContain('Get my calendar link');
    expect(before).not.toMatch(FEED_URL);

    const id = await subscribe(token);
    const shown = await page(token, 'calendar-created');
    expect(shown).toContain('Your calendar link is ready');
    const https = `${TEST_BASE_URL}/calendar/${id}.ics`;
    const webcal = https.replace(/^http:/, 'webcal:');
    expect(shown).toContain(`value="${https}"`);
    expect(shown).toContain(`href="${webcal}"`);
    expect(shown).toContain(`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`);
    expect(shown).toContain(`https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}`);
    expect(shown).toContain('Replace this link');
    // A double click keeps the one link.
    await form(calendarLink, { token, action: 'create' });
    expect(FEED_URL.exec(await page(token))?.[2]).toBe(id);
    expect(await calendarItems(trainerId)).toHaveLength(2);

    const response = await fetchFeed(`${id}.ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers?.['cache-control']).toMatch(/^private, max-age=\d+$/);
    const body = String(response.body);
    const feed = parseFeed(body);
    expect(feed.name).toBe('Recert deadlines');
    expect(feed.events.map((event) => [event.date, event.summary])).toEqual([
      ['2027-03-01', 'Recert: Finish your CE by 1 Mar 2027 (NASM-CPT)'],
      ['2027-03-31', 'Recert: Expires on 31 Mar 2027 (NASM-CPT)'],
      ['2027-06-29', 'Recert: Late CE accepted until 29 Jun 2027 (NASM-CPT)'],
      ['2027-06-30', 'Recert: Expires on 30 Jun 2027 (CPR/AED card)'],
      ['2028-03-31', 'Recert: Last day to renew late 31 Mar 2028 (NASM-CPT)'],
    ]);
    // Nothing about who it is for, and nothing that goes stale in a calendar.
    for (const secret of ['Sam Lee', email, trainerId, token, id]) expect(body).not.toContain(secret);
    expect(body).not.toMatch(/\b(today|tomorrow|yesterday|in \d+ days?|\d+ days? (left|ago)|this (week|month))\b/i);
    // The same record a day later: the same events (UIDs, dates, SEQUENCE); only DTSTAMP moves.
    const later = parseFeed(String((await fetchFeed(`${id}.ics`, NOW + DAY)).body));
    expect(later.events).toEqual(feed.events);
    // Without the suffix too.
    expect((await fetchFeed(id)).statusCode).toBe(200);
  });

  it('follows the record: after a course is logged and a date changed, a subscribed calendar shows the new deadlines', async () => {
    const { token } = await trainer();
    const id = await subscribe(token);
    const calendar = new SubscribedCalendar();
    const first = parseFeed(String((await fetchFeed(`${id}.ics`)).body));
    calendar.refresh(String((await fetchFeed(`${id}.ics`)).body));
    expect(calendar.shown().map((event) => event.summary)).toContain('Recert: Finish your CE by 1 Mar 2027 (NASM-CPT)');

    // A credit: 1.5 CEUs logged on the page completes the 2.0 needed, so the CE dates ask nothing any more.
    const course = {
      token,
      action: 'log-course',
      title: 'Program design',
      completedOn: '2026-11-01',
      'units[NASM]': '1.5',
    };
    expect((await form(changeMyRecord, course)).statusCode).toBe(303);
    const afterCredit = parseFeed(String((await fetchFeed(`${id}.ics`)).body));
    calendar.refresh(String((await fetchFeed(`${id}.ics`)).body));
    expect(calendar.shown().map((event) => event.summary)).toEqual([
      'Recert: Expires on 31 Mar 2027 (NASM-CPT)',
      'Recert: Expires on 30 Jun 2027 (CPR/AED card)',
      'Recert: Last day to renew late 31 Mar 2028 (NASM-CPT)',
    ]);
    // Every event that stayed carries a higher SEQUENCE, so a strict client takes the new copy.
    for (const event of afterCredit.events) {
      const old = first.events.find((candidate) => candidate.uid === event.uid);
      expect(old, event.summary).toBeDefined();
      expect(event.sequence).toBeGreaterThan(old?.sequence ?? Number.POSITIVE_INFINITY);
    }

    // A renewed card: its deadline moves a year on.
    const cardKey =
      /name="action" value="edit-credential"><input type="hidden" name="key" value="([^"]+)"><input type="hidden" name="code" value="CPR-AED"/.exec(
        await page(token),
      )?.[1];
    expect(cardKey).toBeDefined();
    const renewCard = {
      token,
      action: 'edit-credential',
      key: cardKey ?? '',
      code: 'CPR-AED',
      expiresOn: '2028-06-30',
    };
    expect((await form(changeMyRecord, renewCard)).statusCode).toBe(303);
    calendar.refresh(String((await fetchFeed(`${id}.ics`)).body));
    const summaries = calendar.shown().map((event) => event.summary);
    expect(summaries).toContain('Recert: Expires on 30 Jun 2028 (CPR/AED card)');
    expect(summaries).not.toContain('Recert: Expires on 30 Jun 2027 (CPR/AED card)');
  });

  it('replacing the link revokes the old one at once; only the new one answers', async () => {
    const { token, trainerId } = await trainer();
    const old = await subscribe(token);
    expect((await fetchFeed(`${old}.ics`)).statusCode).toBe(200);

    const response = await form(calendarLink, { token, action: 'rotate' });
    expect(response.statusCode).toBe(303);
    expect(String(response.headers?.location)).toMatch(/&done=calendar-replaced#calendar$/);
    const shown = await page(token, 'calendar-replaced');
    expect(shown).toContain('Link replaced. The old one no longer works');
    const next = FEED_URL.exec(shown)?.[2];
    expect(next).toBeDefined();
    expect(next).not.toBe(old);
    expect(shown).not.toContain(old);

    const revoked = await fetchFeed(`${old}.ics`);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.body).toBe('Not found\n');
    expect((await fetchFeed(`${next}.ics`)).statusCode).toBe(200);
    // The old pointer is gone, not merely ignored.
    const items = await calendarItems(trainerId);
    expect(items.map((item) => item.entity).sort()).toEqual(['CalendarFeed', 'TrainerCalendarFeed']);
    expect(items.find((item) => item.entity === 'TrainerCalendarFeed')?.retiredFeedIds).toEqual([]);
  });

  it('a rotation cut short after its first write has revoked the old link; the next one tidies up', async () => {
    const { token, trainerId } = await trainer();
    const old = await subscribe(token);
    // As if the function stopped right after naming a new id: no pointer for it, the old pointer still there.
    const stranded = 'a'.repeat(32);
    await aws.dynamo.client.send(
      new UpdateCommand({
        TableName: aws.dynamo.tableName,
        Key: keys.trainerCalendarFeed(trainerId),
        UpdateExpression: 'SET feedId = :next, retiredFeedIds = :retired',
        ExpressionAttributeValues: { ':next': stranded, ':retired': [old] },
      }),
    );
    expect((await fetchFeed(`${old}.ics`)).statusCode).toBe(404);
    expect((await fetchFeed(`${stranded}.ics`)).statusCode).toBe(404);

    await form(calendarLink, { token, action: 'rotate' });
    const next = FEED_URL.exec(await page(token))?.[2];
    expect((await fetchFeed(`${next}.ics`)).statusCode).toBe(200);
    const pointers = (await calendarItems(trainerId)).filter((item) => item.entity === 'CalendarFeed');
    expect(pointers.map((item) => item.pk)).toEqual([keys.calendarFeed(next ?? '').pk]);
  });

  it('erasure from the page and from DELETE /api/me leaves no pointer: the feed is 404 and the table holds nothing', async () => {
    const fromPage = await trainer();
    const fromApi = await trainer();
    const ids: string[] = [];
    for (const [index, who] of [fromPage, fromApi].entries()) {
      await subscribe(who.token);
      await aws.repositories.calendarFeeds.rotate(who.trainerId, new Date(NOW));
      // A leftover a cut-short rotation may have left (see above): erasure must find it too.
      const leftover = 'b'.repeat(31) + String(index + 2);
      await aws.dynamo.client.send(
        new UpdateCommand({
          TableName: aws.dynamo.tableName,
          Key: keys.trainerCalendarFeed(who.trainerId),
          UpdateExpression: 'SET retiredFeedIds = :retired',
          ExpressionAttributeValues: { ':retired': [leftover] },
        }),
      );
      await aws.dynamo.client.send(
        new UpdateCommand({
          TableName: aws.dynamo.tableName,
          Key: keys.calendarFeed(leftover),
          UpdateExpression: 'SET entity = :entity, version = :one, trainerId = :trainer, createdAt = :at',
          ExpressionAttributeValues: {
            ':entity': 'CalendarFeed',
            ':one': 1,
            ':trainer': who.trainerId,
            ':at': new Date(NOW).toISOString(),
          },
        }),
      );
      const current = FEED_URL.exec(await page(who.token))?.[2] ?? '';
      ids.push(current);
      expect((await fetchFeed(`${current}.ics`)).statusCode).toBe(200);
      expect(await calendarItems(who.trainerId)).toHaveLength(3);
    }
    // The export holds the feed's items: they are the trainer's data.
    const exported = jsonOf(await form(exportMyRecord, { token: fromPage.token })) as { items: { entity: string }[] };
    expect(exported.items.map((item) => item.entity)).toEqual(
      expect.arrayContaining(['CalendarFeed', 'TrainerCalendarFeed']),
    );

    expect((await form(deleteMyRecord, { token: fromPage.token, confirm: 'yes' })).statusCode).toBe(200);
    expect(
      (await call(deleteMe, { method: 'DELETE', path: '/api/me', headers: bearer(fromApi.token) })).statusCode,
    ).toBe(200);
    for (const [index, who] of [fromPage, fromApi].entries()) {
      expect((await fetchFeed(`${ids[index]}.ics`)).statusCode).toBe(404);
      expect(await calendarItems(who.trainerId)).toEqual([]);
      expect((await allItems(aws)).filter((item) => item.trainerId === who.trainerId)).toEqual([]);
    }
  });

  it('answers only to its own id: tokens, trainer ids and other strings are 404, other token purposes are refused', async () => {
    const { token, trainerId } = await trainer();
    const id = await subscribe(token);
    const tokens = createTokenService(aws.tokenSigningKey);
    const otherPurposes = [
      tokens.issue('unsubscribe', trainerId, new Date(NOW)),
      tokens.issue('resubscribe', trainerId, new Date(NOW)),
      tokens.issue('confirm', trainerId, new Date(NOW)),
    ];
    for (const segment of [
      token,
      `${token}.ics`,
      ...otherPurposes,
      trainerId,
      `${trainerId}.ics`,
      id.toUpperCase(),
      `${id}.ics.ics`,
      `${id.slice(0, 31)}.ics`,
      'c'.repeat(32),
      '',
    ]) {
      const response = await fetchFeed(segment);
      expect(response.statusCode, segment.slice(0, 12)).toBe(404);
      expect(response.body).toBe('Not found\n');
    }

    // Only a live status token makes or replaces a link; nothing is written otherwise.
    const before = await calendarItems(trainerId);
    for (const other of [...otherPurposes, 'garbage']) {
      for (const action of ['create', 'rotate']) {
        const response = await form(calendarLink, { token: other, action });
        expect(response.statusCode).toBe(401);
        expect(response.headers?.['content-type']).toMatch(/text\/html/);
      }
    }
    expect((await form(calendarLink, { token, action: 'delete' })).statusCode).toBe(400);
    expect(await calendarItems(trainerId)).toEqual(before);
    expect((await fetchFeed(`${id}.ics`)).statusCode).toBe(200);
  });
});
