import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { runTeamCli } from '../../scripts/team.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();
const today = new Date().toISOString().slice(0, 10);
const run = Date.now();

let stack: LocalStack;
let browser: Browser;
let dataDir: string;
let receiver: Server;
/** Statuses the receiver gives, in order, then 204. */
const answers: number[] = [];

interface StoredMail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string };
}

async function mailTo(address: string, subject: RegExp): Promise<string> {
  let text = '';
  await expect
    .poll(async () => {
      const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredMail[] };
      text =
        store.emails.findLast((mail) => mail.destination.to.includes(address) && subject.test(mail.subject))?.body
          .text ?? '';
      return text;
    })
    .not.toBe('');
  return text;
}

const post = (path: string, body: unknown) =>
  fetch(`${stack.urls.form}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const team = (...args: string[]) => runTeamCli(args, { env: { ...process.env, RECERT_DATA_DIR: dataDir } });

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url().replace(/token=[^&#]+/g, 'token=…')).toEqual([]);
}

describe('the manager’s page shows each webhook endpoint and its deliveries (ADR 0035)', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-webhook-browser-'));
    process.env.RECERT_LOG_LEVEL = 'silent';
    stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
    browser = await launchChromium();
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(answers.shift() ?? 204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
    shots.cleanup();
  });

  it('lists a delivered event, one retried after a 500, and an endpoint that refuses connections', async () => {
    const managerEmail = `manager.${run}@northside.example.com`;
    const added = await team('add', '--name', 'Northside Fitness', '--email', managerEmail);
    expect(added.exitCode, added.stderr).toBe(0);
    const teamId = /(tm_[0-9a-f]{20})/.exec(added.stdout)?.[1] ?? '';
    const teamUrl = /(http:\/\/\S+\/team\?token=\S+)/.exec(await mailTo(managerEmail, /team page/))?.[1] ?? '';
    const teamToken = new URL(teamUrl).searchParams.get('token') ?? '';

    const email = `jordan.${run}@example.com`;
    await post('/api/signups', {
      email,
      name: 'Jordan Ellis',
      credentials: [
        { code: 'NASM-CPT', expiresOn: addMonths(today, 14) },
        { code: 'CPR-AED', expiresOn: addMonths(today, 18) },
      ],
      activities: [],
    });
    const confirm = decodeURIComponent(/\/confirm\?token=([^\s"<>]+)/.exec(await mailTo(email, /confirm/i))?.[1] ?? '');
    const { statusUrl } = (await (await post('/api/confirmations', { token: confirm })).json()) as {
      statusUrl: string;
    };
    const statusToken = new URL(statusUrl).searchParams.get('token') ?? '';
    const form = (path: string, fields: Record<string, string>) =>
      fetch(`${stack.urls.form}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await form('/team/invitations', { token: teamToken, action: 'invite', email })).status).toBe(303);
    expect((await form('/status/teams', { token: statusToken, action: 'accept', team: teamId })).status).toBe(303);

    const port = (receiver.address() as AddressInfo).port;
    expect((await team('webhook', 'add', '--team', teamId, '--url', `http://127.0.0.1:${port}/recert`)).exitCode).toBe(
      0,
    );
    // Nothing listens on port 9 (discard) on this machine: connection refused, tried again.
    expect((await team('webhook', 'add', '--team', teamId, '--url', 'http://127.0.0.1:9/hooks')).exitCode).toBe(0);

    const manager = await (
      await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.desktop })
    ).newPage();
    const delivered = async () => {
      await manager.goto(teamUrl);
      return manager.locator('#webhooks [data-status="delivered"]').count();
    };

    // The first report; once it is in, a change the receiver answers 500 to once.
    await stack.sweepTeamWebhooks(today);
    await expect.poll(delivered, { timeout: 15_000 }).toBe(1);
    answers.push(500);
    const changed = await form('/status', {
      token: statusToken,
      action: 'add-credential',
      code: 'ACE-CPT',
      expiresOn: addMonths(today, -1),
    });
    expect(changed.status).toBe(303);
    await expect.poll(delivered, { timeout: 15_000 }).toBe(2);

    const section = await manager.locator('#webhooks').innerText();
    expect(section).toContain('Status-change webhooks');
    expect(section).toMatch(/Delivered · change #2 · 2 attempts/);
    expect(section).toMatch(/Failed, trying again · change #\d · \d+ attempts? · connection refused/);
    expect(section).not.toContain('whsec_');
    await expectAccessible(manager);
    await shots.takeElement(manager, '#webhooks', 'team-webhooks');
  });
});
