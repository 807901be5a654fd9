import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();

let stack: LocalStack;
let browser: Browser;
let noScript: BrowserContext;
let dataDir: string;

const today = new Date().toISOString().slice(0, 10);
const email = `share.${Date.now()}@example.com`;

/** A trainer with NASM-CPT current, ACE-CPT three weeks expired (its late window) and a current card. */
async function confirmedTrainer(): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${stack.urls.form}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const credentials = [
    { code: 'NASM-CPT', expiresOn: addMonths(today, 12) },
    { code: 'ACE-CPT', expiresOn: addDays(today, -21) },
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

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url().replace(/(token|link)=[^&#]+/g, '$1=…')).toEqual([]);
}

describe('sharing a verification link from the status page, in a real browser without JavaScript', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-share-browser-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
    noScript = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    shots.cleanup();
  });

  it('makes a link, shows what a gym sees (page and JSON), counts the view, and turns a link off', async () => {
    const page = await noScript.newPage();
    await page.goto(await confirmedTrainer());
    const section = page.locator('#share');
    expect(await section.locator('h2').textContent()).toBe('Share your status');

    // Nothing chosen: the page comes back with the message next to the choices.
    await page.getByRole('button', { name: 'Make the link' }).click();
    expect(await page.locator('#share-codes-error').textContent()).toBe('Choose at least one certification to show');
    await expectAccessible(page);

    await page.getByLabel('NASM-CPT · NASM Certified Personal Trainer').check();
    await page.getByLabel('ACE-CPT · ACE Certified Personal Trainer').check();
    await page.getByLabel('1 year').check();
    await page.getByLabel('Who is it for? (optional)').fill('Northside Fitness');
    await page.getByRole('button', { name: 'Make the link' }).click();

    expect(new URL(page.url()).pathname).toBe('/status/share');
    const address = await page.getByLabel('Send this link to Northside Fitness:').inputValue();
    expect(address).toMatch(new RegExp(`^${stack.urls.form}/verify/[A-Za-z0-9_-]{32}$`));
    await expectAccessible(page);
    await shots.take(page, 'share-ready');

    // The gym opens it: another browser, knowing nothing but the address.
    const gym = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const shared = await gym.newPage();
    const response = await shared.goto(address);
    expect(response?.status()).toBe(200);
    expect(await shared.locator('h1').textContent()).toBe('Sam Lee');
    const items = await shared.locator('.entries > li').allInnerTexts();
    expect(items[0]).toMatch(/^NASM-CPT NASM Certified Personal Trainer\n+Current — expires on \d{1,2} \w{3} \d{4}$/);
    expect(items[1]).toMatch(/^ACE-CPT .*\n+In its late-renewal window — expired on \d{1,2} \w{3} \d{4}$/);
    expect(await shared.locator('[data-cpr]').textContent()).toBe('Current');
    expect(await shared.content()).not.toContain(email);
    await expectAccessible(shared);
    await shots.take(shared, 'share-page');

    const asJson = await fetch(address, { headers: { accept: 'application/json' } });
    expect(asJson.status).toBe(200);
    expect(((await asJson.json()) as { certifications: unknown[] }).certifications).toHaveLength(2);

    // Back on the status page: the link with its two views; a second link, turned off at once.
    await page.getByRole('link', { name: 'Back to my status page' }).click();
    expect(await section.innerText()).toContain('Opened 2 times');
    await page.getByText('Make a share link').click();
    await page.getByLabel('NASM-CPT · NASM Certified Personal Trainer').check();
    await page.getByLabel('30 days').check();
    await page.getByLabel('Who is it for? (optional)').fill('Old insurer');
    await page.getByRole('button', { name: 'Make the link' }).click();
    const second = await page.getByLabel('Send this link to Old insurer:').inputValue();
    await page.getByRole('link', { name: 'Back to my status page' }).click();
    await page.getByRole('button', { name: 'Turn off the link for Old insurer' }).click();
    expect(await page.locator('.flash').textContent()).toContain('Link turned off.');
    expect(await section.innerText()).toMatch(/For Old insurer[\s\S]*Turned off on/);
    await page.getByText('Make a share link').click();
    await expectAccessible(page);
    await shots.takeElement(page, '#share', 'share-section');

    const gone = await shared.goto(second);
    expect(gone?.status()).toBe(410);
    expect(await shared.locator('h1').textContent()).toBe('This link no longer works');
    await expectAccessible(shared);
    expect((await shared.goto(address))?.status()).toBe(200);
    await gym.close();
    await page.close();
  });
});
