import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as deleteMyRecord } from '../../../functions/http/delete-my-record.js';
import { handler as exportMyRecord } from '../../../functions/http/export-my-record.js';
import { handler as resubscribe } from '../../../functions/http/resubscribe.js';
import { handler as resubscribePage } from '../../../functions/http/resubscribe-page.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { handler as turnRemindersOn } from '../../../functions/http/turn-reminders-on.js';
import { handler as unsubscribe } from '../../../functions/http/unsubscribe.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { allItems, call, confirmedTrainer, formPost, type Handler, jsonOf, T0 } from './http-helpers.js';

const NOW = T0 + 3_600_000;

const form = (handler: Handler, fields: Record<string, string>, timeEpoch = NOW) =>
  formPost(handler, fields, timeEpoch);

const COURSE = {
  action: 'log-course',
  title: 'Kettlebell workshop',
  provider: 'Acme Academy',
  completedOn: '2026-11-01',
  'units[NASM]': '0.5',
};

describe('the status page changes a trainer’s own record (POST /status, /status/export, /status/delete)', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  const trainer = () => confirmedTrainer(aws, `page${++counter}@example.com`);

  const stored = async (trainerId: string) =>
    (await allItems(aws)).find((item) => item.entity === 'Trainer' && item.trainerId === trainerId) as
      | {
          profile: { activities: { title: string; enteredVia?: string }[]; credentials: { code: string }[] };
          revision: number;
          nextReminderOn?: string;
        }
      | undefined;

  it('logs a course: 303 back to the page, which shows the new progress; the course is stored once', async () => {
    const { token, trainerId } = await trainer();
    const before = await call(statusPage, { query: { token }, timeEpoch: NOW });
    expect(before.body).toContain('0.6 of 2.0 CEUs');

    const response = await form(changeMyRecord, { token, ...COURSE });
    expect(response.statusCode).toBe(303);
    const location = String(response.headers?.location);
    expect(location).toMatch(/^\/status\?token=.+&done=log-course#courses$/);

    const after = await call(statusPage, { query: { token, done: 'log-course' }, timeEpoch: NOW });
    expect(after.body).toContain('1.1 of 2.0 CEUs');
    expect(after.body).toContain('Course saved.');
    expect(after.body).toContain('You logged it on this page');
    // The same form posted again (a double tap) adds nothing.
    expect((await form(changeMyRecord, { token, ...COURSE })).statusCode).toBe(303);
    const titles = (await stored(trainerId))?.profile.activities.map((activity) => activity.title);
    expect(titles?.filter((title) => title === 'Kettlebell workshop')).toHaveLength(1);
  });

  it('writes nothing on bad input and shows the page again with the error in words, what was typed kept', async () => {
    const { token, trainerId } = await trainer();
    const before = await stored(trainerId);
    const response = await form(changeMyRecord, { token, ...COURSE, 'units[NASM]': 'half' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Units must be a number, like 1.5');
    expect(response.body).toContain('value="Kettlebell workshop"');
    const future = await form(changeMyRecord, { token, ...COURSE, completedOn: '2026-12-25' });
    expect(future.body).toContain('can&#39;t be after today (21 Nov 2026)');
    expect((await stored(trainerId))?.revision).toBe(before?.revision);
  });

  it('edits a certification’s dates and removes a course, moving the next reminder with them', async () => {
    const { token, trainerId } = await trainer();
    const page = String((await call(statusPage, { query: { token }, timeEpoch: NOW })).body);
    const courseKey = /name="action" value="remove-course"><input type="hidden" name="key" value="([^"]+)"/.exec(
      page,
    )?.[1];
    const certKey =
      /name="action" value="edit-credential"><input type="hidden" name="key" value="([^"]+)"><input type="hidden" name="code" value="NASM-CPT"/.exec(
        page,
      )?.[1];
    expect(courseKey).toBeDefined();
    expect(certKey).toBeDefined();
    const before = await stored(trainerId);

    const edit = { token, action: 'edit-credential', key: certKey ?? '', code: 'NASM-CPT', expiresOn: '2028-03-31' };
    expect((await form(changeMyRecord, edit)).statusCode).toBe(303);
    const edited = await stored(trainerId);
    expect(edited?.nextReminderOn).not.toBe(before?.nextReminderOn);

    expect((await form(changeMyRecord, { token, action: 'remove-course', key: courseKey ?? '' })).statusCode).toBe(303);
    expect((await stored(trainerId))?.profile.activities).toEqual([]);
    // A retry of the same removal (or a post from an older copy of the page) changes nothing.
    const revision = (await stored(trainerId))?.revision;
    expect((await form(changeMyRecord, { token, action: 'remove-course', key: courseKey ?? '' })).statusCode).toBe(303);
    expect((await stored(trainerId))?.revision).toBe(revision);
  });

  it('refuses a token of another purpose or an unknown one with the expired-link page, and writes nothing', async () => {
    const { trainerId } = await trainer();
    const before = await stored(trainerId);
    const tokens = createTokenService(aws.tokenSigningKey);
    for (const token of [tokens.issue('unsubscribe', trainerId, new Date(NOW)), 'garbage', '']) {
      for (const handler of [changeMyRecord, exportMyRecord, deleteMyRecord]) {
        const response = await form(handler, { token, ...COURSE, confirm: 'yes' });
        expect(response.statusCode, `${token.slice(0, 12)}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.headers?.['content-type']).toMatch(/text\/html/);
      }
    }
    expect(await stored(trainerId)).toEqual(before);
  });

  it('changes only the record of the trainer whose token it is', async () => {
    const sam = await trainer();
    const alex = await trainer();
    const alexBefore = await stored(alex.trainerId);
    expect((await form(changeMyRecord, { token: sam.token, ...COURSE })).statusCode).toBe(303);
    expect(await stored(alex.trainerId)).toEqual(alexBefore);
  });

  it('exports everything as a download and deletes only after the confirmation step, without JavaScript', async () => {
    const { token, trainerId, email } = await trainer();
    const exported = await form(exportMyRecord, { token });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers?.['content-disposition']).toContain('attachment');
    expect(JSON.stringify(jsonOf(exported))).toContain(trainerId);

    const confirmStep = await form(deleteMyRecord, { token });
    expect(confirmStep.statusCode).toBe(200);
    expect(confirmStep.body).toContain('class="danger"');
    expect(await stored(trainerId)).toBeDefined();

    const deleted = await form(deleteMyRecord, { token, confirm: 'yes' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toContain('Your data is deleted');
    expect(deleted.body).not.toContain(email);
    expect(deleted.body).not.toContain('Sam Lee');
    expect(await stored(trainerId)).toBeUndefined();
    // A retried delete finds nothing and says the link no longer works.
    expect((await form(deleteMyRecord, { token, confirm: 'yes' })).statusCode).toBe(401);
  });

  it('after an unsubscribe says reminders are off, and turns them back on only through a confirmed opt-in', async () => {
    const { token, trainerId, email } = await trainer();
    const tokens = createTokenService(aws.tokenSigningKey);
    const unsubscribeToken = tokens.issue('unsubscribe', trainerId, new Date(NOW));
    await call(unsubscribe, {
      method: 'POST',
      query: { token: unsubscribeToken },
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timeEpoch: NOW,
    });
    const off = String((await call(statusPage, { query: { token }, timeEpoch: NOW })).body);
    expect(off).toContain('Reminders are off');
    expect(off).not.toContain('Your next reminder');
    expect((await stored(trainerId)) as Record<string, unknown>).not.toHaveProperty('dueOn');

    const asked = await form(turnRemindersOn, { token });
    expect(asked.statusCode).toBe(303);
    const mail = (await aws.ses.stored())
      .filter((message) => message.destination.to.some((to) => to.includes(email)))
      .at(-1);
    const link = /\/resubscribe\?token=([^\s"<>]+)/.exec(mail?.body.text ?? '')?.[1];
    expect(link).toBeDefined();
    const optIn = decodeURIComponent(link ?? '');

    // Opening the link (or a mail scanner following it) changes nothing; only the button's POST does.
    expect((await call(resubscribePage, { query: { token: optIn }, timeEpoch: NOW })).statusCode).toBe(200);
    expect((await stored(trainerId)) as Record<string, unknown>).toMatchObject({ suppressed: true });
    // The status link itself cannot turn reminders on: only the emailed opt-in can.
    expect((await form(resubscribe, { token })).statusCode).toBe(401);

    const on = await form(resubscribe, { token: optIn });
    expect(on.statusCode).toBe(200);
    expect(on.body).toContain('Your reminders are back on');
    const after = (await stored(trainerId)) as Record<string, unknown>;
    expect(after).toMatchObject({ suppressed: false, dueOn: expect.any(String), dueShard: expect.any(String) });
    expect((await allItems(aws)).some((item) => item.entity === 'Suppression' && item.email === email)).toBe(false);
    expect(String((await call(statusPage, { query: { token }, timeEpoch: NOW })).body)).toContain('Your next reminder');
    // Used again: still on, nothing else changes.
    expect((await form(resubscribe, { token: optIn })).statusCode).toBe(200);
  });
});
