import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, formatLongDate } from '../../core/index.js';
import { DEMO_EMAIL, seedDemo } from '../../scripts/local/demo.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { signDelivery } from '../../scripts/sign-webhook.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();

let stack: LocalStack;
let browser: Browser;
let dataDir: string;
let counter = 0;

const today = new Date().toISOString().slice(0, 10);
// A CPT renewing in about a year and a card that stays current past it: the story holds whenever the suite runs.
const cptExpiresOn = addMonths(today, 12);
const cprExpiresOn = addMonths(today, 20);
const courseDay = addDays(today, -3);

interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly body: { readonly text?: string };
}

async function lastMailTo(address: string): Promise<StoredEmail | undefined> {
  const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.some((to) => to.includes(address))).at(-1);
}

/** A confirmed trainer, through the same API the form uses; returns the status page URL and the address. */
async function confirmedTrainer(
  credentials: readonly Record<string, string>[],
): Promise<{ url: string; email: string }> {
  const email = `page${++counter}.${Date.now()}@example.com`;
  const post = (path: string, body: unknown) =>
    fetch(`${stack.urls.form}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/api/signups', { email, name: 'Sam Lee', credentials, activities: [] });
  let mail: StoredEmail | undefined;
  await expect.poll(async () => (mail = await lastMailTo(email))).toBeDefined();
  const confirm = decodeURIComponent(/\/confirm\?token=([^\s"<>]+)/.exec(mail?.body.text ?? '')?.[1] ?? '');
  const confirmed = (await (await post('/api/confirmations', { token: confirm })).json()) as { statusUrl: string };
  return { url: confirmed.statusUrl, email };
}

const screenshot = shots.take;

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url().replace(/token=[^&]+/, 'token=…')).toEqual([]);
}

const progress = (page: Page) => page.textContent('[data-testid="progress-NASM-CPT"]');

describe('the trainer’s own status page in a real browser', () => {
  let noScript: BrowserContext;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-status-browser-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    shots.cleanup();
  });

  it('has an accessibility check that fails on a page with a problem (so a pass means something)', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>x</title><main><input type="text"></main></html>');
    expect((await accessibilityViolations(page)).join('\n')).toMatch(/^label: /m);
    await page.close();
  });

  it('logs a course in two taps from the top, without JavaScript, and shows the new progress and its history', async () => {
    const { url, email } = await confirmedTrainer([
      { code: 'NASM-CPT', expiresOn: cptExpiresOn },
      { code: 'CPR-AED', expiresOn: cprExpiresOn },
    ]);
    const page = await noScript.newPage();
    await page.goto(url);
    expect(await progress(page)).toBe('0.1 of 2.0 CEUs');
    await expectAccessible(page);

    await page.getByText('Log a completed course').click();
    await page.getByLabel('Course title').fill('Kettlebell workshop');
    await page.getByLabel('Provider').fill('Acme Academy');
    await page.getByLabel('Date completed').fill(courseDay);
    await page.getByLabel('NASM CEUs').fill('one');
    await page.getByRole('button', { name: 'Save course' }).click();
    expect(await page.locator('#course-units-NASM-error').textContent()).toBe('Units must be a number, like 1.5');
    expect(await page.getByLabel('Course title').inputValue()).toBe('Kettlebell workshop');
    await expectAccessible(page);
    await screenshot(page, 'status-course-error');

    await page.getByLabel('NASM CEUs').fill('0.5');
    await page.getByRole('button', { name: 'Save course' }).click();
    expect(await page.locator('.flash').textContent()).toMatch(/^Course saved/);
    expect(await progress(page)).toBe('0.6 of 2.0 CEUs');

    // A provider records a course by webhook: the history names the provider and the certificate.
    const { secret } = JSON.parse(readFileSync(join(dataDir, 'providers.json'), 'utf8')).demo as { secret: string };
    const body = Buffer.from(
      JSON.stringify({
        type: 'course.completed',
        timestamp: new Date().toISOString(),
        data: {
          learner: { email, name: 'Sam Lee' },
          course: { providerCourseId: 'DEMO-MOBILITY' },
          completedOn: addDays(today, -1),
          units: { NASM: 0.5 },
          certificateId: 'MOB-2026-000042',
        },
      }),
    );
    const delivery = signDelivery({
      baseUrl: stack.urls.form,
      providerId: 'demo',
      secret,
      body,
      webhookId: `msg_${Date.now()}`,
      timestamp: Math.floor(Date.now() / 1000),
    });
    expect((await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body })).status).toBe(200);

    await page.reload();
    expect(await progress(page)).toBe('1.1 of 2.0 CEUs');
    const history = await page.locator('#courses .entries > li').allInnerTexts();
    expect(history[0]).toContain('Demo Academy: Mobility for Lifters');
    expect(history[0]).toContain('Recorded by Demo Academy (local), certificate MOB-2026-000042');
    expect(history[0]).toMatch(/Counted toward NASM-CPT, cycle .* – .*: 0\.5 CEUs/);
    expect(history[1]).toContain('You logged it on this page');
    await expectAccessible(page);
    await screenshot(page, 'status-history');

    // Remove the course logged by hand: progress goes back down, the provider's credit stays.
    await page.getByRole('button', { name: /^Remove Kettlebell workshop/ }).click();
    expect(await progress(page)).toBe('0.6 of 2.0 CEUs');
    expect(await page.locator('#courses .entries > li').count()).toBe(1);
    await page.close();
  });

  it('edits a card’s dates and removes a certification; an account left empty asks for its first one', async () => {
    const { url } = await confirmedTrainer([
      { code: 'NASM-CPT', expiresOn: cptExpiresOn },
      { code: 'CPR-AED', expiresOn: cprExpiresOn },
    ]);
    const page = await noScript.newPage();
    await page.goto(url);
    await page.getByText('Change dates of CPR-AED').click();
    await page.locator('#credential-1-expiresOn').fill(addMonths(today, 30));
    await page.locator('#credential-1-expiresOn').press('Enter');
    expect(await page.locator('.flash').textContent()).toMatch(/^Dates saved/);

    await page.getByRole('button', { name: 'Remove NASM-CPT' }).click();
    await page.getByRole('button', { name: 'Remove CPR-AED' }).click();
    expect(await page.textContent('#credentials')).toContain('Add your first certification');
    await expectAccessible(page);

    await page.getByText('Add a certification, specialization or CPR/AED card').click();
    await page.getByLabel('Certification or card').selectOption('NASM-CPT');
    await page.locator('#add-expiresOn').fill(cptExpiresOn);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    expect(await progress(page)).toBe('0.0 of 2.0 CEUs');
    await page.close();
  });

  it('passes the accessibility check on the form, its errors, "check your email", privacy and a mistyped address', async () => {
    const page = await noScript.newPage();
    await page.goto(stack.urls.form);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add another certification' }).click();
    await page.getByText('Courses you completed this cycle (optional)').click();
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();
    expect(await page.locator('#cert-0-code-error').count()).toBe(1);
    await expectAccessible(page);

    const email = `sent${++counter}.${Date.now()}@example.com`;
    await page.getByLabel('Your name').fill('Sam Lee');
    await page.getByLabel('Email').fill(email);
    await page.locator('#cert-0-code').selectOption('NASM-CPT');
    await page.locator('#cert-0-expiresOn').fill(cptExpiresOn);
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();
    expect(new URL(page.url()).pathname).toBe('/signup/sent');
    expect(await page.textContent('main')).toContain(email);
    await expectAccessible(page);
    await screenshot(page, 'signup-sent');

    await page.goto(`${stack.urls.form}/privacy`);
    await expectAccessible(page);

    const missing = await page.goto(`${stack.urls.form}/statsu`);
    expect(missing?.status()).toBe(404);
    expect(await page.title()).toBe('Page not found · Recert');
    await expectAccessible(page);
    await screenshot(page, 'not-found');
    await page.close();
  });

  it('follows a reminder’s "I renewed my CPR/AED card" link from the mailbox: asks, records once, replay is a no-op', async () => {
    const seeded = await seedDemo(stack);
    expect(seeded.seeded).toBe(true);
    const run = await stack.scan(today);
    expect(run.statusCode).toBe(200);
    const mail = await lastMailTo(DEMO_EMAIL);
    const link = /I renewed my CPR\/AED card: (\S+)/.exec(mail?.body.text ?? '')?.[1];
    expect(link).toMatch(/\/act\?token=/);

    const page = await noScript.newPage();
    await page.goto(link ?? '');
    expect(await page.textContent('h1')).toBe('Record your renewed CPR/AED card');
    await expectAccessible(page);
    await screenshot(page, 'reminder-action');
    const renewedTo = addMonths(today, 24);
    await page.getByLabel('New expiry date').fill(renewedTo);
    await page.getByRole('button', { name: 'Save' }).click();
    expect(new URL(page.url()).pathname).toBe('/status');
    expect(await page.locator('.flash').textContent()).toMatch(/^Dates saved/);
    expect(await page.textContent('#credentials')).toContain(formatLongDate(renewedTo));

    await page.goto(link ?? '');
    await page.getByLabel('New expiry date').fill(addMonths(today, 30));
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.textContent('h1')).toBe('Already done');
    await page.close();
  });

  it.each([
    ['phone, without JavaScript', 'Snooze this for 2 weeks', /^Snooze your NASM-CPT reminders for 2 weeks\?$/],
    ['desktop, with JavaScript', 'I’m on it — remind me in a month', /^Remind you about NASM-CPT in a month\?$/],
  ] as const)(
    'follows a reminder’s snooze link from the mailbox on a %s: asks, snoozes once, replay is a no-op',
    async (name, label, heading) => {
      // Behind on CE with the finish-CE date about five months away: a reminder is due today and a snooze holds one back.
      const expiresOn = addMonths(today, 6);
      const { email } = await confirmedTrainer([{ code: 'NASM-CPT', earnedOn: addMonths(expiresOn, -24), expiresOn }]);
      expect((await stack.scan(today, { force: true })).statusCode).toBe(200);
      const mail = await lastMailTo(email);
      const link = new RegExp(`${label}: (\\S+)`).exec(mail?.body.text ?? '')?.[1];
      expect(link, 'the reminder carries the snooze link').toMatch(/\/act\?token=/);

      const context = name.startsWith('phone')
        ? noScript
        : await browser.newContext({ javaScriptEnabled: true, viewport: VIEWPORTS.desktop });
      const page = await context.newPage();
      await page.goto(link ?? '');
      expect(await page.textContent('h1')).toMatch(heading);
      await expectAccessible(page);
      await screenshot(page, name.startsWith('phone') ? 'reminder-snooze' : 'reminder-snooze-month');
      const button = page.locator('form[action="/act"] button');
      const buttonText = (await button.textContent()) ?? '';
      const until = /(\d{1,2} \w{3} \d{4})$/.exec(buttonText)?.[1];
      expect(until, buttonText).toBeDefined();
      await button.click();
      expect(new URL(page.url()).pathname).toBe('/status');
      expect(await page.textContent('ul.snoozes')).toMatch(
        new RegExp(`^NASM-CPT: you snoozed it .* no reminder before ${until}$`),
      );

      await page.goto(link ?? '');
      await page.locator('form[action="/act"] button').click();
      expect(await page.textContent('h1')).toBe('Already done');
      await page.close();
      if (context !== noScript) await context.close();
    },
  );

  it('logs a course with the keyboard alone', async () => {
    const { url } = await confirmedTrainer([{ code: 'NASM-CPT', expiresOn: cptExpiresOn }]);
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(url);
    for (let presses = 0; presses < 5; presses += 1) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.textContent')) === 'Log a completed course') break;
    }
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('course-title');
    await page.keyboard.type('Mobility basics');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('course-completedOn');
    const [year, month, day] = courseDay.split('-');
    await page.keyboard.type(`${month}${day}${year}`);
    // A date field takes a Tab per part (month, day, year) before the next field.
    for (let presses = 0; presses < 4; presses += 1) {
      if ((await page.evaluate('document.activeElement?.id')) === 'course-units-NASM') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate('document.activeElement?.id')).toBe('course-units-NASM');
    await page.keyboard.type('1.5');
    await page.keyboard.press('Enter');
    await expect.poll(() => progress(page)).toBe('1.5 of 2.0 CEUs');
    await page.close();
  });

  it('turns reminders off and back on through a confirmed opt-in, without JavaScript', async () => {
    const { url, email } = await confirmedTrainer([{ code: 'NASM-CPT', expiresOn: cptExpiresOn }]);
    const page = await noScript.newPage();
    await page.goto(url);
    await page.getByRole('link', { name: 'Unsubscribe from reminder emails' }).click();
    await page.getByRole('button', { name: /unsubscribe/i }).click();
    await page.goto(url);
    expect(await page.textContent('#reminders')).toContain('Reminders are off');
    expect(await page.textContent('main')).not.toContain('Your next reminder');
    await expectAccessible(page);
    await screenshot(page, 'status-reminders-off');

    await page.getByRole('button', { name: 'Turn reminders back on' }).click();
    expect(await page.locator('.flash').textContent()).toMatch(/^We emailed you a link/);
    await expect.poll(async () => (await lastMailTo(email))?.body.text ?? '').toContain('/resubscribe?token=');
    const text = (await lastMailTo(email))?.body.text ?? '';
    const link = /(http:\/\/\S+\/resubscribe\?token=\S+)/.exec(text)?.[1] ?? '';
    await page.goto(link);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Yes, send me reminders' }).click();
    expect(await page.textContent('h1')).toBe('Your reminders are back on');
    await page.getByRole('link', { name: 'Open my status page' }).click();
    expect(await page.textContent('main')).toContain('Your next reminder is due on');
    await page.close();
  });

  it('exports and deletes without JavaScript, with a destructive confirmation and nothing shown afterwards', async () => {
    const { url, email } = await confirmedTrainer([{ code: 'NASM-CPT', expiresOn: cptExpiresOn }]);
    const page = await noScript.newPage();
    await page.goto(url);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download everything we hold about you (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('recert-export.json');
    expect(readFileSync(await download.path(), 'utf8')).toContain(email);

    await page.getByRole('button', { name: 'Delete my data…' }).click();
    const yes = page.getByRole('button', { name: 'Yes, delete my data' });
    expect(await yes.getAttribute('class')).toBe('danger');
    await expectAccessible(page);
    await screenshot(page, 'status-delete');
    await yes.click();
    expect(await page.textContent('h1')).toBe('Your data is deleted');
    const shown = await page.textContent('body');
    expect(shown).not.toContain(email);
    expect(shown).not.toContain('Sam Lee');
    expect(shown).not.toContain('NASM');
    await expectAccessible(page);

    await page.goto(url);
    expect(await page.textContent('h1')).not.toContain('Sam Lee');
    await page.close();
  });
});
