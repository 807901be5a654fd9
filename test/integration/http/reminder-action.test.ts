import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionRef, type ReminderAction } from '../../../functions/adapters/email/reminder-actions.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as recordAction } from '../../../functions/http/reminder-action.js';
import { handler as actionPage } from '../../../functions/http/reminder-action-page.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { allItems, call, confirmedTrainer, formPost, T0 } from './http-helpers.js';

const NOW = T0 + 3_600_000;
const SENT_ON = '2026-11-21';

describe('a reminder’s "Done already?" links (GET /act asks, POST /act records once)', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  const tokens = () => createTokenService(aws.tokenSigningKey);

  async function trainer(): Promise<{ trainerId: string; statusToken: string }> {
    const { token, trainerId } = await confirmedTrainer(aws, `act${++counter}@example.com`);
    return { trainerId, statusToken: token };
  }

  const linkFor = (trainerId: string, action: ReminderAction) =>
    tokens().issue('reminder-action', trainerId, new Date(T0), actionRef(action, SENT_ON));

  const post = (fields: Record<string, string>) => formPost(recordAction, fields, NOW);

  const profileOf = async (trainerId: string) =>
    (
      (await allItems(aws)).find((item) => item.entity === 'Trainer' && item.trainerId === trainerId) as {
        profile: {
          credentials: { code: string; expiresOn?: string; earnedOn?: string }[];
          activities: { title: string; enteredVia?: string; fromReminderOn?: string }[];
        };
      }
    ).profile;

  it('shows the card form on a GET (a mail scanner’s prefetch) and changes nothing', async () => {
    const { trainerId } = await trainer();
    const before = await allItems(aws);

    const page = await call(actionPage, { query: { token: linkFor(trainerId, { kind: 'cpr' }) }, timeEpoch: NOW });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Record your renewed CPR/AED card');
    expect(page.body).toContain('From your reminder of 21 Nov 2026');
    expect(page.body).toContain('<label for="act-expiresOn">New expiry date');
    expect(await allItems(aws)).toEqual(before);
  });

  it('records the renewed card once: the new date on the record, a replay says "already done" and changes nothing', async () => {
    const { trainerId } = await trainer();
    const token = linkFor(trainerId, { kind: 'cpr' });

    const saved = await post({ token, expiresOn: '2028-11-30', earnedOn: '2026-11-20' });
    expect(saved.statusCode).toBe(303);
    expect(String(saved.headers?.location)).toMatch(/^\/status\?token=[^&]+&done=edit-credential#credentials$/);
    const cards = (await profileOf(trainerId)).credentials.filter((claim) => claim.code === 'CPR-AED');
    expect(cards).toEqual([{ code: 'CPR-AED', earnedOn: '2026-11-20', expiresOn: '2028-11-30' }]);

    const after = await allItems(aws);
    const replay = await post({ token, expiresOn: '2029-01-31' });
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toContain('Already done');
    expect(await allItems(aws)).toEqual(after);
  });

  it('refuses a bad date in the form’s words, writes nothing, and leaves the link usable', async () => {
    const { trainerId } = await trainer();
    const token = linkFor(trainerId, { kind: 'cpr' });
    const before = await allItems(aws);

    const refused = await post({ token, expiresOn: '2028-02-30' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/id="act-expiresOn-error">[^<]*real date/);
    expect(refused.body).toContain('value="2028-02-30"');
    expect(await allItems(aws)).toEqual(before);

    expect((await post({ token, expiresOn: '2028-02-29' })).statusCode).toBe(303);
  });

  it('logs a course from the reminder, and the history says which reminder it came from', async () => {
    const { trainerId, statusToken } = await trainer();
    const token = linkFor(trainerId, { kind: 'course', certification: 'NASM-CPT' });

    const page = await call(actionPage, { query: { token }, timeEpoch: NOW });
    expect(page.body).toContain('<label for="act-units-NASM">NASM CEUs');
    const saved = await post({
      token,
      title: 'Youth strength training',
      completedOn: '2026-11-20',
      'units[NASM]': '0.8',
    });
    expect(saved.statusCode).toBe(303);
    expect((await profileOf(trainerId)).activities).toContainEqual(
      expect.objectContaining({ title: 'Youth strength training', enteredVia: 'reminder', fromReminderOn: SENT_ON }),
    );

    const status = await call(statusPage, { query: { token: statusToken }, timeEpoch: NOW });
    expect(status.body).toContain('You logged it from the reminder of 21 Nov 2026');
  });

  it('adds the specialization the link named, with the day it was earned', async () => {
    const { trainerId } = await trainer();
    const token = linkFor(trainerId, { kind: 'specialization', code: 'NASM-CES' });

    expect((await post({ token, earnedOn: '2026-11-19' })).statusCode).toBe(303);
    expect((await profileOf(trainerId)).credentials).toContainEqual({ code: 'NASM-CES', earnedOn: '2026-11-19' });
  });

  it('answers a status token, or another trainer’s deleted record, with the expired-link page (401)', async () => {
    const { trainerId, statusToken } = await trainer();

    const wrongPurpose = await call(actionPage, { query: { token: statusToken }, timeEpoch: NOW });
    expect(wrongPurpose.statusCode).toBe(401);
    const nobody = await post({ token: linkFor('t_nobody', { kind: 'cpr' }), expiresOn: '2028-11-30' });
    expect(nobody.statusCode).toBe(401);
    const noAction = tokens().issue('reminder-action', trainerId, new Date(T0));
    expect((await call(actionPage, { query: { token: noAction }, timeEpoch: NOW })).statusCode).toBe(401);
  });
});
