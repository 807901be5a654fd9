import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();

let stack: LocalStack;
let browser: Browser;
let dataDir: string;

const today = new Date().toISOString().slice(0, 10);
// Dates relative to today so the story stays true whenever the suite runs: a CPT renewing in about a year.
const cptExpiresOn = addMonths(today, 12);
const cptEarnedOn = addMonths(cptExpiresOn, -24);
const cprExpiresOn = addMonths(today, 20);

interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string };
}

async function mailFor(address: string): Promise<StoredEmail | undefined> {
  const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.find((email) => email.destination.to.some((to) => to.includes(address)));
}

const screenshot = shots.take;

async function fillCertification(page: Page, expiresOn: string): Promise<void> {
  await page.getByLabel('Your name').fill('Sam Lee');
  await page.getByLabel('Email').fill(`sam+${Date.now()}@example.com`);
  await page.locator('#cert-0-code').selectOption('NASM-CPT');
  await page.locator('#cert-0-earnedOn').fill(cptEarnedOn);
  await page.locator('#cert-0-expiresOn').fill(expiresOn);
  await page.locator('#cpr-expiresOn').fill(cprExpiresOn);
}

describe('the web form in a real browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-browser-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    shots.cleanup();
  });

  it('signs up, confirms from the emailed link, and shows progress with the two specializations offered as one choice', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(stack.urls.form);
    await screenshot(page, 'signup');

    await fillCertification(page, cptExpiresOn);
    const address = await page.getByLabel('Email').inputValue();
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();
    await expect.poll(() => page.textContent('h1')).toMatch(/check your email/i);

    let email: StoredEmail | undefined;
    await expect.poll(async () => (email = await mailFor(address))).toBeDefined();
    const confirmLink = /(http:\/\/\S+\/confirm\?token=\S+)/.exec(email?.body.text ?? '')?.[1];
    expect(confirmLink).toBeDefined();

    await page.goto(String(confirmLink));
    await screenshot(page, 'confirm');
    await page.getByRole('button', { name: 'Confirm my email' }).click();
    await page.getByRole('link', { name: 'Open my status page' }).click();

    await expect.poll(() => page.textContent('[data-testid="progress-NASM-CPT"]')).toBe('0.1 of 2.0 CEUs');
    const advice = await page.locator('ol.advice > li').allTextContents();
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/^Complete one of these by /);
    const options = await page.locator('ol.advice > li > ul > li').allTextContents();
    expect(options).toEqual([
      'NASM-CES (corrective exercise, 1.9 CEUs)',
      'NASM-PES (performance training for athletes, 1.9 CEUs)',
    ]);
    expect(advice[0]).toContain('Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours).');
    await screenshot(page, 'status');
    await page.close();
  });

  it('shows a bad date next to its field and keeps what was typed', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(stack.urls.form);

    await fillCertification(page, addDays(cptEarnedOn, -1));
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();

    const error = page.locator('#cert-0-expiresOn-error');
    await expect
      .poll(() => error.textContent())
      .toMatch(/^Expiry must be after the date you earned it \(\d+ \w{3} \d{4}\)$/);
    expect(await page.locator('#cert-0-expiresOn').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#cert-0-expiresOn').getAttribute('aria-describedby')).toContain(
      'cert-0-expiresOn-error',
    );
    expect(await page.getByLabel('Your name').inputValue()).toBe('Sam Lee');
    await screenshot(page, 'signup-error');
    await page.close();
  });

  /** Tab forward (never more than 60 times) until the focused element's text is `text`. */
  async function tabTo(page: Page, text: string): Promise<void> {
    for (let presses = 0; presses < 60; presses += 1) {
      if ((await page.evaluate('document.activeElement?.textContent')) === text) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached "${text}"`);
  }

  it('can be completed with the keyboard alone', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.desktop });
    await page.goto(stack.urls.form);
    const address = `keyboard+${Date.now()}@example.com`;

    await page.keyboard.press('Tab'); // the Recert home link
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('name');
    await page.keyboard.type('Kim Keyboard');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('email');
    await page.keyboard.type(address);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('cert-0-code');
    await page.keyboard.type('NASM-CPT');
    expect(await page.locator('#cert-0-code').inputValue()).toBe('NASM-CPT');

    // "Add another certification" is a button like any other: one more row, everything typed kept, nothing sent.
    await tabTo(page, 'Add another certification');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#cert-1-code').count()).toBe(1);
    expect(await page.locator('#name').inputValue()).toBe('Kim Keyboard');
    expect(await page.locator('#cert-0-code').inputValue()).toBe('NASM-CPT');
    expect(await page.locator('.error').count()).toBe(0);

    await tabTo(page, 'Send my confirmation email');
    await page.keyboard.press('Enter');

    // Incomplete (no expiry): the server answers with the form again and the error names the field.
    await expect.poll(() => page.locator('#cert-0-expiresOn-error').count()).toBe(1);
    expect(await mailFor(address)).toBeUndefined();

    // Enter inside a text field sends the form; it never adds a row.
    await page.locator('#name').press('Enter');
    await expect.poll(() => page.locator('#cert-0-expiresOn-error').count()).toBe(1);
    expect(await page.locator('#cert-2-code').count()).toBe(0);
    await page.close();
  });

  it('fits the empty form on a phone in under two screens', async () => {
    const page = await browser.newPage({ viewport: VIEWPORTS.phone });
    await page.goto(stack.urls.form);

    expect(Number(await page.evaluate('document.documentElement.scrollHeight'))).toBeLessThan(
      2 * VIEWPORTS.phone.height,
    );
    await page.close();
  });
});
