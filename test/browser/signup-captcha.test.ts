import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/index.js';
import { TURNSTILE_SCRIPT_URL } from '../../functions/adapters/captcha/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { launchChromium } from '../helpers/browser.js';
import { type FakeTurnstile, startFakeTurnstile } from '../helpers/fake-turnstile.js';

/**
 * The sign-up form with the CAPTCHA on, in a real browser, under the page's real CSP. Cloudflare is not reachable
 * from the test, so the widget loader URL is answered with a stand-in that does what the real one does for the form
 * (fills `cf-turnstile-response` with a token), and the server checks that token with a fake siteverify on loopback.
 * Were the CSP to block Turnstile's origin, the stand-in would not run and no sign-up would get through.
 */
const SECRET = 'widget-secret-for-the-browser-test';
const SITE_KEY = '0x4AAAAAAAbrowserSiteKey';

let stack: LocalStack;
let browser: Browser;
let turnstile: FakeTurnstile;
let dataDir: string;

const today = new Date().toISOString().slice(0, 10);

/** Renders every `.cf-turnstile` configured with our site key and action by adding the field the form posts. */
function fakeWidgetLoader(token: string): string {
  return `for (const el of document.querySelectorAll('.cf-turnstile')) {
  if (el.dataset.sitekey !== ${JSON.stringify(SITE_KEY)} || el.dataset.action !== 'signup') continue;
  const input = document.createElement('input');
  input.type = 'hidden';
  input.name = el.dataset.responseFieldName;
  input.value = ${JSON.stringify(token)};
  el.append(input);
  el.dataset.rendered = 'yes';
}`;
}

async function fillForm(page: Page, address: string): Promise<void> {
  await page.getByLabel('Your name').fill('Sam Lee');
  await page.getByLabel('Email').fill(address);
  await page.locator('#cert-0-code').selectOption('NASM-CPT');
  await page.locator('#cert-0-expiresOn').fill(addMonths(today, 12));
  await page.locator('#cpr-expiresOn').fill(addMonths(today, 20));
}

async function mailsTo(address: string): Promise<number> {
  const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  return store.emails.filter((email) => email.destination.to.some((to) => to.includes(address))).length;
}

describe('the sign-up form with the CAPTCHA on, in a real browser', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-browser-captcha-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    turnstile = await startFakeTurnstile(SECRET);
    stack = await startLocalStack({
      memory: true,
      port: 0,
      mailboxPort: 0,
      dataDir,
      log: () => undefined,
      captcha: { siteKey: SITE_KEY, secretKey: SECRET, siteverifyUrl: turnstile.url },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await turnstile?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the widget under the page CSP, posts its token, and sends one confirmation email', async () => {
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const token = turnstile.issue();
    await page.route(TURNSTILE_SCRIPT_URL, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fakeWidgetLoader(token) }),
    );
    const address = `captcha+${Date.now()}@example.com`;

    await page.goto(stack.urls.form);
    // The stand-in draws nothing (the real widget draws an iframe); it only adds the hidden field.
    await page.locator('#captcha[data-rendered="yes"]').waitFor({ state: 'attached' });
    await fillForm(page, address);
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();

    await expect.poll(() => page.textContent('h1')).toMatch(/check your email/i);
    await expect.poll(() => mailsTo(address)).toBe(1);
    expect(turnstile.calls.filter((call) => call.response === token)).toEqual([
      expect.objectContaining({ secret: SECRET, remoteip: '127.0.0.1' }),
    ]);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it('keeps what was typed and asks for the check again when the widget never loaded', async () => {
    const page = await browser.newPage();
    await page.route(TURNSTILE_SCRIPT_URL, (route) => route.abort('internetdisconnected'));
    const address = `unloaded+${Date.now()}@example.com`;

    await page.goto(stack.urls.form);
    await fillForm(page, address);
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();

    await expect
      .poll(() => page.locator('#captcha-error').textContent())
      .toMatch(/complete the check that you are a person/);
    expect(await page.getByLabel('Email').inputValue()).toBe(address);
    expect(await mailsTo(address)).toBe(0);
    await page.close();
  });

  it('tells a visitor without JavaScript that the check needs it, and sends nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const address = `nojs+${Date.now()}@example.com`;

    await page.goto(stack.urls.form);
    await expect
      .poll(() =>
        page
          .getByText(/needs JavaScript/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await fillForm(page, address);
    await page.getByRole('button', { name: 'Send my confirmation email' }).click();

    await expect.poll(() => page.locator('#captcha-error').count()).toBe(1);
    expect(await mailsTo(address)).toBe(0);
    await context.close();
  });
});
