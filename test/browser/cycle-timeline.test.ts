/**
 * The cycle timeline as a trainer meets it: on their status page with JavaScript off, at phone and desktop size,
 * and in the reminder email the local stack sends, where the picture travels inside the message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, evaluate, type TrainerProfile } from '../../core/index.js';
import { newTrainerId } from '../../functions/adapters/dynamodb/trainer-repository.js';
import { createDocumentClient } from '../../functions/common/clients.js';
import { createTokenService } from '../../functions/common/tokens.js';
import { createLinks, createRepositories } from '../../functions/wiring/dependencies.js';
import { type LocalStack, startLocalStack } from '../../scripts/local/local-stack.js';
import { accessibilityViolations } from '../helpers/axe.js';
import { launchChromium, screenshots, VIEWPORTS } from '../helpers/browser.js';

const shots = screenshots();
const today = new Date().toISOString().slice(0, 10);

let stack: LocalStack;
let browser: Browser;
let noScript: BrowserContext;
let dataDir: string;

/**
 * Sam's story, dated from today: the NASM-CPT expires in four months (its 90-day reminder is due today), three
 * courses counted this cycle, and the CPR/AED card runs out two months from now, before the renewal.
 */
function dueToday(): TrainerProfile {
  return {
    credentials: [
      { code: 'NASM-CPT', expiresOn: addDays(today, 120) },
      { code: 'CPR-AED', expiresOn: addDays(today, 60) },
    ],
    activities: [
      { title: 'Kettlebell workshop', completedOn: addDays(today, -400), units: { NASM: 0.5 } },
      { title: 'Mobility for lifters', completedOn: addDays(today, -210), units: { NASM: 0.3 } },
      { title: 'Nutrition basics', completedOn: addDays(today, -200), units: { NASM: 0.4 } },
    ],
  };
}

/** A NASM-CPT that expired three weeks ago: late CE still accepted, then a late renewal. */
function lateWindow(): TrainerProfile {
  return {
    credentials: [
      { code: 'NASM-CPT', expiresOn: addDays(today, -21) },
      { code: 'CPR-AED', expiresOn: addDays(today, 400) },
    ],
    activities: [{ title: 'Kettlebell workshop', completedOn: addDays(today, -300), units: { NASM: 1.2 } }],
  };
}

/** A confirmed trainer written straight to the table, as `npm run demo` seeds one; returns the status page URL. */
async function seededTrainer(email: string, profile: TrainerProfile): Promise<string> {
  const now = new Date();
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: stack.urls.dynamodb });
  try {
    const repositories = createRepositories({ client, tableName: stack.tableName });
    const trainerId = newTrainerId();
    await repositories.emailClaims.claim(email, trainerId, now);
    await repositories.trainers.create({
      trainerId,
      email,
      name: 'Sam Lee',
      profile,
      nextReminderOn: evaluate(profile, today).nextReminderOn,
      now,
    });
    const key = stack.env.TOKEN_SIGNING_KEY ?? '';
    return createLinks(stack.urls.form).status(createTokenService(key).issue('status', trainerId, now));
  } finally {
    client.destroy();
  }
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;
const apart = (a: Box, b: Box) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

/** Every line of text in the timeline, as the browser laid it out: none covers another, all inside the picture. */
async function expectReadableTimeline(page: Page, code: string): Promise<void> {
  const svg = page.locator(`#timeline-${code.toLowerCase()}-words`).locator('xpath=..').locator('svg');
  const picture = await svg.boundingBox();
  if (!picture) throw new Error('the timeline is not shown');
  const texts = await Promise.all((await svg.locator('text').all()).map((text) => text.boundingBox()));
  const boxes = texts.filter((box): box is Box => box !== null);
  expect(boxes.length).toBeGreaterThanOrEqual(5);
  for (const [index, box] of boxes.entries()) {
    expect(inside(box, picture), `text ${index} inside the picture`).toBe(true);
    for (const other of boxes.slice(index + 1))
      expect(apart(box, other), `text ${index} clear of the others`).toBe(true);
  }
  const viewport = page.viewportSize();
  expect(picture.x + picture.width).toBeLessThanOrEqual(viewport?.width ?? 0);
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page), page.url().replace(/token=[^&]+/, 'token=…')).toEqual([]);
}

interface StoredEmail {
  readonly destination: { readonly to: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: { readonly contentType: string; readonly cid?: string; readonly related?: boolean }[];
}

async function mailTo(address: string): Promise<StoredEmail[]> {
  const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as { emails: StoredEmail[] };
  return store.emails.filter((email) => email.destination.to.some((to) => to.includes(address)));
}

describe('the cycle timeline in a real browser', () => {
  let statusSentence = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-timeline-browser-'));
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

  it('draws the cycle on the status page without JavaScript: today, each course, the dates, the card; in words too', async () => {
    const page = await noScript.newPage();
    await page.goto(await seededTrainer('timeline.sam@example.com', dueToday()));
    const figure = page.locator('figure.timeline');
    expect(await figure.count()).toBe(1);
    expect(await figure.locator(`[data-mark="today"][data-date="${today}"]`).count()).toBe(1);
    expect(await figure.locator('[data-mark="credit"]').count()).toBe(3);
    expect(await figure.locator('[data-mark="card"]').count()).toBe(1);
    expect(await figure.locator('svg').getAttribute('role')).toBe('img');
    statusSentence = (await figure.locator('figcaption').textContent()) ?? '';
    expect(statusSentence).toMatch(/^Timeline of NASM-CPT: cycle started on .*; 3 courses counted, on .*; today is /);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await expectReadableTimeline(page, 'NASM-CPT');
    }
    await expectAccessible(page);
    await shots.takeElement(page, 'section[aria-labelledby="cert-NASM-CPT"] figure.timeline', 'status-timeline');
    await page.close();
  });

  it('draws the late-CE and late-renewal windows after expiry', async () => {
    const page = await noScript.newPage();
    await page.goto(await seededTrainer('timeline.late@example.com', lateWindow()));
    const figure = page.locator('figure.timeline');
    expect(await figure.locator('[data-segment]').count()).toBe(3);
    expect(await figure.locator('[data-mark="late-ce"]').count()).toBe(1);
    expect(await figure.locator('[data-mark="renew-late"]').count()).toBe(1);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await expectReadableTimeline(page, 'NASM-CPT');
    }
    await expectAccessible(page);
    await shots.takeElement(page, 'section[aria-labelledby="cert-NASM-CPT"] figure.timeline', 'status-timeline-late');
    await page.close();
  });

  it('puts the same picture in the reminder, inside the message, with the page’s sentence as alt text and text', async () => {
    expect((await stack.scan(today)).statusCode).toBe(200);
    const reminder = (await mailTo('timeline.sam@example.com')).at(-1);
    if (!reminder) throw new Error('no reminder in the mailbox');
    expect(reminder.attachments.filter((part) => part.contentType === 'image/png')).toMatchObject([
      { cid: 'timeline-nasm-cpt@recert', related: true },
    ]);
    expect(reminder.body.text).toContain(statusSentence);
    // The emulator resolves the cid: link from the message itself, as a mail app does; nothing is fetched.
    const html = reminder.body.html ?? '';
    expect(html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="Timeline of NASM-CPT: /);

    const page = await browser.newPage({ viewport: VIEWPORTS.phone });
    await page.setContent(html);
    const image = page.locator('img');
    expect(await image.getAttribute('alt')).toBe(statusSentence);
    // Drawn, not a broken-image box: the PNG decoded to the size the email gives it.
    const drawn = await image.evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth);
    expect(drawn).toBe(2 * Number(await image.getAttribute('width')));
    await shots.take(page, 'reminder-timeline');
    await page.close();
  });
});
