import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as confirmPage } from '../../../functions/http/confirm-page.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as exportMe } from '../../../functions/http/export-me.js';
import { handler as getMe } from '../../../functions/http/get-me.js';
import { handler as replaceMe } from '../../../functions/http/replace-me.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { recordLoggerLines } from '../../helpers/log-guard.js';
import {
  allItems,
  bearer,
  call,
  confirmTokenFor,
  jsonOf,
  postJson,
  signupBody,
  T0,
  tokenFromUrl,
} from './http-helpers.js';

const EMAIL = 'Journey.Trainer+recert@Example.com';

describe('the whole intake journey', () => {
  let aws: LocalAws;
  // What the handlers log, kept (never printed) for the check at the end.
  const recording = recordLoggerLines();
  const logLines = recording.lines;
  const secrets: string[] = [];

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    recording.stop();
    await aws.stop();
  });

  it('signs up, confirms by POST only, shows status, edits, exports and deletes everything', async () => {
    const signup = await postJson(submitSignup, signupBody(EMAIL), { timeEpoch: T0 });
    expect(signup.statusCode).toBe(202);

    const mails = await aws.ses.stored();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.destination.to.join().toLowerCase()).toContain(EMAIL.toLowerCase());
    const confirmToken = await confirmTokenFor(aws, EMAIL);
    secrets.push(confirmToken);
    const pendingItem = (await allItems(aws)).find((item) => item.entity === 'PendingSignup');
    expect(pendingItem).toBeDefined();
    expect((await allItems(aws)).some((item) => item.entity === 'Trainer' || 'dueShard' in item)).toBe(false);

    // A mail scanner following the link changes nothing.
    const before = await allItems(aws);
    const page = await call(confirmPage, { path: '/confirm', query: { token: confirmToken }, timeEpoch: T0 + 60_000 });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/api/confirmations"');
    expect(await allItems(aws)).toEqual(before);

    const confirmed = await postJson(confirmSignup, { token: confirmToken }, { timeEpoch: T0 + 120_000 });
    expect(confirmed.statusCode).toBe(200);
    const statusToken = tokenFromUrl(String(jsonOf(confirmed).statusUrl));
    secrets.push(statusToken);
    const trainer = (await allItems(aws)).find((item) => item.entity === 'Trainer');
    // The 180-day countdown (2 Sep 2026) passed before sign-up: the reminder is due on the day itself, never before.
    expect(trainer).toMatchObject({ email: EMAIL.toLowerCase(), name: 'Sam Lee', nextReminderOn: '2026-11-21' });
    expect(trainer?.dueShard).toMatch(/^DUE#\d$/);
    expect((await allItems(aws)).some((item) => item.entity === 'PendingSignup')).toBe(false);

    const status = await call(statusPage, { path: '/status', query: { token: statusToken }, timeEpoch: T0 + 180_000 });
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('Hi Sam Lee');
    expect(status.body).toMatch(/data-testid="progress-NASM-CPT">0\.6 of 2\.0 CEUs</);
    // The CPR/AED card counts 0.1 CEU for NASM on top of the 0.5 course.
    expect(status.body).toContain(
      'NASM-CPT expires on 31 Mar 2027. You have 0.6 of 2.0 CEUs; finish what is below by 1 Mar 2027, 30 days before expiry, so NASM can record it in time.',
    );
    expect(status.body).toContain('<li>NASM-CES (corrective exercise, 1.9 CEUs)</li>');
    expect(status.body).toContain('Or instead: complete 1.4 CEUs of NASM-approved courses (about 14 hours).');
    expect(status.body).toContain('Kettlebell basics</span>, 2 May 2026 — 0.5 CEUs');
    expect(status.body).toContain('/unsubscribe?token=');

    const me = await call(getMe, { path: '/api/me', headers: bearer(statusToken), timeEpoch: T0 + 240_000 });
    expect(me.statusCode).toBe(200);
    expect(jsonOf(me)).toMatchObject({ asOf: '2026-11-21', nextReminderOn: '2026-11-21' });
    expect(jsonOf(me).certifications).toEqual([expect.objectContaining({ code: 'NASM-CPT', unitsEarned: 0.6 })]);

    const renewed = { credentials: [{ code: 'NASM-CPT', expiresOn: '2028-09-30' }], activities: [] };
    const put = await call(replaceMe, {
      method: 'PUT',
      path: '/api/me',
      headers: { ...bearer(statusToken), 'content-type': 'application/json' },
      body: JSON.stringify(renewed),
      timeEpoch: T0 + 300_000,
    });
    expect(put.statusCode).toBe(200);
    const updated = (await allItems(aws)).find((item) => item.entity === 'Trainer');
    // A new cycle with nothing earned yet is behind: its first reminder is the monthly nudge a year before finishBy.
    expect(updated?.nextReminderOn).toBe('2027-08-31');
    expect(updated?.dueOn).toBe('2027-08-31');
    expect(jsonOf(put).nextReminderOn).toBe('2027-08-31');

    const exported = await call(exportMe, { path: '/api/me/export', headers: bearer(statusToken), timeEpoch: T0 });
    expect(exported.statusCode).toBe(200);
    const exportedItems = jsonOf(exported).items as Record<string, unknown>[];
    expect(exportedItems.map((item) => item.entity).sort()).toEqual(['EmailClaim', 'Trainer']);

    const deleted = await call(deleteMe, { method: 'DELETE', path: '/api/me', headers: bearer(statusToken) });
    expect(deleted.statusCode).toBe(200);
    expect(jsonOf(deleted)).toEqual({ deleted: 2 });
    const left = await allItems(aws);
    const trainerId = String(trainer?.trainerId);
    expect(left.filter((item) => JSON.stringify(item).includes(trainerId))).toEqual([]);
    expect(left.filter((item) => JSON.stringify(item).toLowerCase().includes(EMAIL.toLowerCase()))).toEqual([]);
    // Only hashes remain, no address and no trainer id: the used confirm token's, and until their TTL the mailbox's
    // 24-h sign-up email hold and the network's 10-minute request counter (ADR 0024).
    expect(left.map((item) => item.entity).sort()).toEqual(['SignupEmailHold', 'SourceIpWindow', 'UsedToken']);

    const after = await call(getMe, { path: '/api/me', headers: bearer(statusToken), timeEpoch: T0 + 400_000 });
    expect(after.statusCode).toBe(401);
    const afterPage = await call(statusPage, { path: '/status', query: { token: statusToken }, timeEpoch: T0 });
    expect(afterPage.statusCode).toBe(401);
    expect(afterPage.body).toContain('This link has expired');
  });

  it('logged the journey without a full email address or a token', () => {
    expect(logLines.length).toBeGreaterThanOrEqual(3);
    const all = logLines.join('\n');
    expect(all.toLowerCase()).not.toContain(EMAIL.toLowerCase());
    expect(all.toLowerCase()).toContain('j***@example.com');
    expect(secrets).toHaveLength(2);
    for (const secret of secrets) {
      expect(all).not.toContain(secret);
      expect(all).not.toContain(secret.split('.')[1]);
    }
  });
});
