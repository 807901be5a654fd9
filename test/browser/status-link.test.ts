import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

/**
 * "Email me a fresh link" in a real browser: from the expired-link page, with JavaScript off, a confirmed trainer
 * gets a new status link by email; the sign-up page leads to the same form. Every page passes axe (WCAG 2.2 AA).
 */
const shots = screenshots();
const SENT =
  'If that address has a Recert account, we have emailed a fresh link. It can take a few minutes; check spam.';

let stack: LocalStack;
let browser: Browser;
let dataDir: string;
let withoutJavaScript: BrowserContext;

const today = new Date().toISOString().slice(0, 10);

interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string };
}

async function mailsFor(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.some((to) => to.includes(address)));
}

function linkIn(email: StoredEmail | undefined, path: string): string | undefined {
  return new RegExp(`(http://\\S+${path}\\?token=[^\\s"<>]+)`).exec(email?.body.text ?? '')?.[1];
}

/** A confirmed trainer, made the way a trainer does it: the JSON sign-up, then the emailed confirmation link. */
async function confirmedTrainer(address: string): Promise<void> {
  const signup = await fetch(`${stack.urls.form}/api/signups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: address,
      name: 'Sam Lee',
      credentials: [{ code: 'NASM-CPT', expiresOn: addMonths(today, 12) }],
      activities: [],
    }),
  });
  expect(signup.status).toBe(202);
  const confirmUrl = linkIn((await mailsFor(address)).at(-1), '/confirm');
  const token = new URL(String(confirmUrl)).searchParams.get('token');
  const confirmation = await fetch(`${stack.urls.form}/api/confirmations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(confirmation.status).toBe(200);
}

const screenshot = shots.take;

/** axe runs as script inside the page, so it checks a JavaScript-enabled copy of the same URL. */
async function violationsAt(url: string): Promise<string[]> {
  const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
  await page.goto(url);
  const violations = await accessibilityViolations(page);
  await page.close();
  return violations;
}

describe('"email me a fresh link" in a real browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-browser-status-link-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
    withoutJavaScript = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop });
  });

  afterAll(async () => {
    await withoutJavaScript?.close();
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    shots.cleanup();
  });

  it('gets a trainer from an expired link to a fresh one, without JavaScript, using only the keyboard', async () => {
    const address = `expired+${Date.now()}@example.com`;
    await confirmedTrainer(address);
    const expiredUrl = `${stack.urls.form}/status?token=garbage`;
    const page = await withoutJavaScript.newPage();

    const expired = await page.goto(expiredUrl);
    expect(expired?.status()).toBe(401);
    expect(await page.textContent('h1')).toBe('This link has expired');
    await screenshot(page, 'status-link-expired');

    await page.keyboard.press('Tab'); // the Recert home link
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('name')).toBe('email');
    await page.keyboard.type(address);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Email me a fresh link');
    await page.keyboard.press('Enter');

    await page.waitForURL('**/status-link/sent');
    expect(await page.textContent('h1')).toBe('Check your email');
    expect(await page.textContent('main')).toContain(SENT);
    expect(await page.getByRole('link', { name: 'Sign up again with the same address.' }).getAttribute('href')).toBe(
      '/',
    );
    await screenshot(page, 'status-link-sent');

    const mails = await mailsFor(address);
    expect(mails.map((mail) => mail.subject)).toEqual(['Confirm your email for Recert', 'Your Recert status link']);
    const statusUrl = linkIn(mails.at(-1), '/status');
    const status = await page.goto(String(statusUrl));
    expect(status?.status()).toBe(200);
    expect(await page.textContent('h1')).not.toBe('This link has expired');
    await page.close();

    expect(await violationsAt(expiredUrl)).toEqual([]);
    expect(await violationsAt(`${stack.urls.form}/status-link/sent`)).toEqual([]);
  });

  it('leads from the sign-up page to the same form, and names a bad address in a trainer’s words', async () => {
    const page = await withoutJavaScript.newPage();
    await page.goto(stack.urls.form);

    await page.getByRole('link', { name: 'Get a fresh status link' }).click();
    await page.waitForURL('**/status-link');
    expect(await page.textContent('h1')).toBe('Get a fresh status link');
    await screenshot(page, 'status-link-page');

    await page.getByLabel('Email').fill('sam at example');
    await page.getByRole('button', { name: 'Email me a fresh link' }).click();
    await page.waitForURL('**/api/status-links');

    expect(await page.getByRole('alert').textContent()).toContain('Email: enter an address like name@example.com');
    expect(await page.getByLabel('Email').inputValue()).toBe('sam at example');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'status-link-error');
    await page.close();

    expect(await violationsAt(`${stack.urls.form}/status-link`)).toEqual([]);
    const withError = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await withError.goto(`${stack.urls.form}/status-link`);
    await withError.getByLabel('Email').fill('sam at example');
    await withError.getByRole('button', { name: 'Email me a fresh link' }).click();
    await withError.waitForURL('**/api/status-links');
    expect(await accessibilityViolations(withError)).toEqual([]);
    await withError.close();
  });
});
