/**
 * Snoozing from a real reminder, through the HTTP handlers and the daily run against dynalite and the SES emulator:
 * the link from the email asks (GET), acts once (POST), the run then sends nothing until the new date, and a snooze
 * never holds back the last-week reminder. Also the status page's "only the essentials" choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as recordAction } from '../../../functions/http/reminder-action.js';
import { handler as actionPage } from '../../../functions/http/reminder-action-page.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { context, makeHandler, scheduledEvent } from '../scheduled/fixtures.js';
import { allItems, call, confirmedTrainer, formPost, tokenFromUrl } from './http-helpers.js';

/** The profile confirmedTrainer signs up: NASM-CPT 0.6 of 2.0 CEUs (behind), finish CE by 1 Mar 2027. */
const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

describe('snoozing a certification from a reminder, and the reminders that follow', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  /** The daily run for `day`, its clock on that day (the emailed links are minted then). */
  async function runOn(day: string) {
    const handler = makeHandler({ wrap: (deps) => ({ ...deps, clock: () => new Date(`${day}T09:00:05Z`) }) });
    return handler(scheduledEvent(day, `evt-snooze-${day}`), context());
  }

  /** The reminders (not the sign-up confirmation) sent to `email`, oldest first. */
  async function emailsTo(email: string) {
    return (await aws.ses.stored()).filter(
      (mail) =>
        mail.destination.to.some((to) => to.includes(email)) && mail.body.text?.includes('See your full status'),
    );
  }

  /** The URL after `label: ` in the newest email to `email`. */
  async function linkIn(email: string, label: string): Promise<string> {
    const text = (await emailsTo(email)).at(-1)?.body.text ?? '';
    const match = new RegExp(`${label}: (\\S+)`).exec(text);
    if (!match?.[1]) throw new Error(`no "${label}" link in the last email to ${email}`);
    return match[1];
  }

  const trainerItem = async (trainerId: string) =>
    (await allItems(aws)).find((item) => item.entity === 'Trainer' && item.trainerId === trainerId) as {
      nextReminderOn?: string;
      dueOn?: string;
      reminderSettings?: { cadence: string; snoozes: Record<string, string>[] };
    };

  it('moves the next reminder a month: GET asks, POST acts once, the run sends nothing until then', async () => {
    const { trainerId, email } = await confirmedTrainer(aws, `snooze${++counter}@example.com`);
    expect((await runOn('2026-11-21')).emailsSent).toBeGreaterThanOrEqual(1);
    expect(await emailsTo(email)).toHaveLength(1);
    const url = await linkIn(email, 'I’m on it — remind me in a month');
    const token = tokenFromUrl(url);

    const before = await allItems(aws);
    const page = await call(actionPage, { query: { token }, timeEpoch: at('2026-11-21') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Remind you about NASM-CPT in a month?');
    expect(page.body).toContain('Recert will send no NASM-CPT reminder before 21 Dec 2026, and remind you that day.');
    expect(await allItems(aws)).toEqual(before);

    const saved = await formPost(recordAction, { token }, at('2026-11-21'));
    expect(saved.statusCode).toBe(303);
    expect(String(saved.headers?.location)).toMatch(/^\/status\?token=[^&]+&done=snoozed#reminders$/);
    const item = await trainerItem(trainerId);
    expect(item.reminderSettings?.snoozes).toEqual([
      {
        code: 'NASM-CPT',
        expiresOn: '2027-03-31',
        on: '2026-11-21',
        until: '2026-12-21',
        length: '1-month',
        fromReminderOn: '2026-11-21',
      },
    ]);
    expect(item).toMatchObject({ nextReminderOn: '2026-12-21', dueOn: '2026-12-21' });

    const afterSave = await allItems(aws);
    const replay = await formPost(recordAction, { token }, at('2026-11-22'));
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toContain('Already done');
    expect(await allItems(aws)).toEqual(afterSave);

    const statusToken = tokenFromUrl(`http://x${String(saved.headers?.location)}`);
    const status = await call(statusPage, {
      query: { token: statusToken, done: 'snoozed' },
      timeEpoch: at('2026-11-21'),
    });
    expect(status.body).toContain('Snoozed. Your reminders below say when the next one comes.');
    expect(status.body).toContain(
      'NASM-CPT: you snoozed it for a month on 21 Nov 2026, from the reminder of 21 Nov 2026 — no reminder before 21 Dec 2026',
    );
    expect(status.body).toContain('Your next reminder is due on 21 Dec 2026.');

    // 1 Dec is the 90-day countdown: held. The run reads no one for this trainer and sends nothing.
    await runOn('2026-12-01');
    expect(await emailsTo(email)).toHaveLength(1);
    // 21 Dec: the reminder it held comes, once.
    await runOn('2026-12-21');
    expect(await emailsTo(email)).toHaveLength(2);
    expect((await trainerItem(trainerId)).nextReminderOn).toBe('2026-12-31');
  });

  it('never holds back the last-week reminder: a month asked 30 days out ends on it, and it is sent', async () => {
    const { trainerId, email } = await confirmedTrainer(aws, `snooze${++counter}@example.com`);
    await runOn('2027-01-30');
    expect(await emailsTo(email)).toHaveLength(1);
    // Two weeks would hold nothing (the 14-day reminder is 16 days away): only the month is offered.
    expect((await emailsTo(email)).at(-1)?.body.text).not.toContain('Snooze this for 2 weeks');
    const token = tokenFromUrl(await linkIn(email, 'I’m on it — remind me in a month'));

    const page = await call(actionPage, { query: { token }, timeEpoch: at('2027-01-30') });
    expect(page.body).toContain(
      'Recert will send no NASM-CPT reminder before 22 Feb 2027, and remind you that day: that reminder always comes, so the snooze ends there.',
    );
    expect((await formPost(recordAction, { token }, at('2027-01-30'))).statusCode).toBe(303);
    expect(await trainerItem(trainerId)).toMatchObject({ nextReminderOn: '2027-02-22', dueOn: '2027-02-22' });

    await runOn('2027-02-15'); // the 14-day countdown: held
    expect(await emailsTo(email)).toHaveLength(1);
    await runOn('2027-02-22'); // the last week before 1 Mar 2027: protected, sent
    const emails = await emailsTo(email);
    expect(emails).toHaveLength(2);
    expect(emails.at(-1)?.body.text).toContain('NASM-CPT');
    expect(emails.at(-1)?.body.text).not.toContain('Not now?');
  });

  it('"only the essentials" from the status page moves the next reminder to 30 days before finishBy', async () => {
    const { token, trainerId } = await confirmedTrainer(aws, `snooze${++counter}@example.com`);
    expect(await trainerItem(trainerId)).toMatchObject({ dueOn: '2026-11-21' });

    const before = await allItems(aws);
    const refused = await formPost(
      changeMyRecord,
      { token, action: 'reminder-cadence', cadence: 'weekly' },
      at('2026-11-21'),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose how often Recert should remind you');
    expect(await allItems(aws)).toEqual(before);

    const chosen = await formPost(
      changeMyRecord,
      { token, action: 'reminder-cadence', cadence: 'essentials' },
      at('2026-11-21'),
    );
    expect(chosen.statusCode).toBe(303);
    expect(String(chosen.headers?.location)).toMatch(/&done=reminder-cadence#reminders$/);
    expect(await trainerItem(trainerId)).toMatchObject({
      reminderSettings: { cadence: 'essentials', snoozes: [] },
      nextReminderOn: '2027-01-30',
      dueOn: '2027-01-30',
    });
    const page = await call(statusPage, { query: { token }, timeEpoch: at('2026-11-21') });
    expect(page.body).toContain('value="essentials" checked');

    await formPost(changeMyRecord, { token, action: 'reminder-cadence', cadence: 'adaptive' }, at('2026-11-21'));
    expect(await trainerItem(trainerId)).toMatchObject({ dueOn: '2026-11-21' });
  });
});
