import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium } from '../helpers/browser.js';
import { parseFeed } from '../helpers/calendar-client.js';

let stack: LocalStack;
let browser: Browser;
let noScript: BrowserContext;
let dataDir: string;

const today = new Date().toISOString().slice(0, 10);

/** A confirmed trainer, through the same API the form uses; returns the status page URL. */
async function confirmedTrainer(): Promise<string> {
  const email = `calendar.${Date.now()}@example.com`;
  const post = (path: string, body: unknown) =>
    fetch(`${stack.urls.form}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const credentials = [
    { code: 'NASM-CPT', expiresOn: addMonths(today, 12) },
    { code: 'CPR-AED', expiresOn: addMonths(today, 20) },
  ];
  await post('/api/signups', { email, name: 'Sam Lee', credentials, activities: [] });
  let text = '';
  await expect
    .poll(async () => {
      const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as {
        emails: { destination: { to: string[] }; body: { text?: string } }[];
      };
      text = store.emails.find((mail) => mail.destination.to.some((to) => to.includes(email)))?.body.text ?? '';
      return text;
    })
    .not.toBe('');
  const confirm = decodeURIComponent(/\/confirm\?token=([^\s"<>]+)/.exec(text)?.[1] ?? '');
  const confirmed = (await (await post('/api/confirmations', { token: confirm })).json()) as { statusUrl: string };
  return confirmed.statusUrl;
}

describe('subscribing to the calendar from the status page, in a real browser without JavaScript', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-calendar-browser-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets a link, shows the app buttons, replaces it, and the old address stops answering', async () => {
    const page = await noScript.newPage();
    await page.goto(await confirmedTrainer());
    await page.getByRole('button', { name: 'Get my calendar link' }).click();
    expect(new URL(page.url()).hash).toBe('#calendar');
    expect(await page.textContent('.flash')).toContain('Your calendar link is ready');

    const address = await page.getByLabel('Another calendar app? Subscribe to this address:').inputValue();
    expect(address).toMatch(new RegExp(`^${stack.urls.form}/calendar/[a-z2-7]{32}\\.ics$`));
    const webcal = address.replace(/^http:/, 'webcal:');
    expect(await page.getByRole('link', { name: 'Add to Apple Calendar' }).getAttribute('href')).toBe(webcal);
    expect(await page.getByRole('link', { name: 'Add to Google Calendar' }).getAttribute('href')).toBe(
      `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    );
    expect(await page.getByRole('link', { name: 'Add to Outlook' }).getAttribute('href')).toContain(
      `addfromweb?url=${encodeURIComponent(address)}`,
    );
    expect(await accessibilityViolations(page)).toEqual([]);

    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(parseFeed(await feed.text()).events.map((event) => event.summary)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Recert: Finish your CE by .+ \(NASM-CPT\)$/)]),
    );

    await page.getByRole('button', { name: 'Replace this link' }).click();
    expect(await page.textContent('.flash')).toContain('The old one no longer works');
    const replaced = await page.getByLabel('Another calendar app? Subscribe to this address:').inputValue();
    expect(replaced).not.toBe(address);
    expect((await fetch(address)).status).toBe(404);
    expect((await fetch(replaced)).status).toBe(200);
    await page.close();
  });
});
