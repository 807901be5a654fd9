import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../core/index.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { runTeamCli } from '../../scripts/team.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();

let stack: LocalStack;
let browser: Browser;
let noScript: BrowserContext;
let dataDir: string;

const today = new Date().toISOString().slice(0, 10);
const run = Date.now();

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

/** Signs a trainer up through the API and confirms them; their status page's address. */
async function trainer(name: string, email: string, credentials: { code: string; expiresOn: string }[]) {
  const post = (path: string, body: unknown) =>
    fetch(`${stack.urls.form}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  await post('/api/signups', { email, name, credentials, activities: [] });
  const text = await mailTo(email, /confirm/i);
  const confirm = decodeURIComponent(/\/confirm\?token=([^\s"<>]+)/.exec(text)?.[1] ?? '');
  const confirmed = (await (await post('/api/confirmations', { token: confirm })).json()) as { statusUrl: string };
  return confirmed.statusUrl;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url().replace(/token=[^&#]+/g, 'token=…')).toEqual([]);
}

describe('a team roster in a real browser without JavaScript: invite, join, the manager’s page', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-team-browser-'));
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

  it('sets a team up with the CLI, invites three trainers, they join from their status pages, the roster lists them', async () => {
    // `npm run team -- add` against this running stack, found the way a developer's shell finds it.
    const managerEmail = `manager.${run}@northside.example.com`;
    const added = await runTeamCli(['add', '--name', 'Northside Fitness', '--email', managerEmail], {
      env: { ...process.env, RECERT_DATA_DIR: dataDir },
    });
    expect(added.exitCode, added.stderr).toBe(0);
    const teamUrl = /(http:\/\/\S+\/team\?token=\S+)/.exec(await mailTo(managerEmail, /team page/))?.[1] ?? '';

    const members = [
      {
        name: 'Jordan Ellis',
        email: `jordan.${run}@example.com`,
        credentials: [
          { code: 'NASM-CPT', expiresOn: addMonths(today, 14) },
          { code: 'CPR-AED', expiresOn: addMonths(today, 18) },
        ],
      },
      {
        name: 'Priya Raman',
        email: `priya.${run}@example.com`,
        credentials: [
          { code: 'ACE-CPT', expiresOn: addDays(today, -20) },
          { code: 'CPR-AED', expiresOn: addMonths(today, 10) },
        ],
      },
      {
        name: 'Sam Lee',
        email: `sam.${run}@example.com`,
        credentials: [
          { code: 'NASM-CPT', expiresOn: addDays(today, 45) },
          { code: 'ACSM-EP', expiresOn: addMonths(today, 20) },
          { code: 'CPR-AED', expiresOn: addDays(today, -3) },
        ],
      },
    ];
    const statusUrls = await Promise.all(members.map((m) => trainer(m.name, m.email, m.credentials)));

    const manager = await noScript.newPage();
    await manager.goto(teamUrl);
    expect(await manager.locator('h1').textContent()).toBe('Northside Fitness');
    await expectAccessible(manager);

    // A mistake first: the message is next to the field.
    await manager.getByLabel('Their email address').fill('jordan at example');
    await manager.getByRole('button', { name: 'Send the invitation' }).click();
    expect(await manager.locator('#invite-email-error').textContent()).toBe(
      'That is not an email address (it should look like name@example.com).',
    );
    await expectAccessible(manager);
    for (const member of members) {
      await manager.getByLabel('Their email address').fill(member.email);
      await manager.getByRole('button', { name: 'Send the invitation' }).click();
      expect(await manager.locator('.flash').textContent()).toContain('Invitation sent.');
    }
    expect(await manager.locator('#invite li').count()).toBe(3);
    // One more who never answers: it stays in the list as not accepted, and never joins the roster.
    await manager.getByLabel('Their email address').fill(`casey.${run}@example.com`);
    await manager.getByRole('button', { name: 'Send the invitation' }).click();

    // Each trainer answers on their own status page.
    const trainerPage = await noScript.newPage();
    for (const [index, url] of statusUrls.entries()) {
      await trainerPage.goto(url);
      const section = trainerPage.locator('#teams');
      expect(await section.innerText()).toContain('Northside Fitness invited you on');
      if (index === 0) {
        await expectAccessible(trainerPage);
        await shots.takeElement(trainerPage, '#teams', 'team-invitation');
      }
      await trainerPage.getByRole('button', { name: 'Join Northside Fitness' }).click();
      expect(await section.innerText()).toContain('Sees your status since');
    }
    await expectAccessible(trainerPage);
    await trainerPage.close();

    await manager.goto(teamUrl);
    expect(await manager.locator('[data-summary]').textContent()).toBe('2 of 3 need attention.');
    expect(await manager.locator('.member-name').allTextContents()).toEqual(['Priya Raman', 'Sam Lee', 'Jordan Ellis']);
    const waiting = await manager.locator('#invite li').allInnerTexts();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toContain(`casey.${run}@example.com`);
    expect(waiting[0]).toMatch(/Invited on \d{1,2} \w{3} \d{4} · not accepted/);
    const page = await manager.content();
    for (const member of members) expect(page).not.toContain(member.email);
    await expectAccessible(manager);
    await shots.take(manager, 'team-roster');

    await manager.getByRole('link', { name: 'name', exact: true }).click();
    expect(new URL(manager.url()).searchParams.get('sort')).toBe('name');
    expect(await manager.locator('.member-name').allTextContents()).toEqual(['Priya Raman', 'Sam Lee', 'Jordan Ellis']);

    const csv = await fetch(`${stack.urls.form}/team/roster.csv${new URL(teamUrl).search}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n')[0]).toMatch(/^name,needs_attention,/);
    await manager.close();
  });
});
