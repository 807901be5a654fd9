/**
 * `GET /__local/stats` against the real local stack (the real reminder run, dynalite and the SES emulator, in this
 * process): the figures a developer reads after seeding a trainer and running the day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../core/index.js';
import { newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { createDocumentClient } from '../../../functions/common/clients.js';
import { createRepositories } from '../../../functions/wiring/dependencies.js';
import { demoProfile } from '../../../scripts/local/demo.js';
import { type LocalStack, startLocalStack } from '../../../scripts/local/local-stack.js';

// One stack for the file: the run's dependencies are cached per process, as in a Lambda container.
let stack: LocalStack;
let dataDir: string;
const DAY = '2027-03-01';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'recert-stats-'));
  stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A confirmed trainer due on DAY, an unrelated suppressed address, and one webhook delivery kept unclaimed. */
async function seed(): Promise<void> {
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: stack.urls.dynamodb });
  const repositories = createRepositories({ client, tableName: stack.tableName });
  const trainerId = newTrainerId();
  const profile = demoProfile(DAY);
  const now = new Date();
  await repositories.emailClaims.claim('due.trainer@example.com', trainerId, now);
  await repositories.trainers.create({
    trainerId,
    email: 'due.trainer@example.com',
    name: 'Alex Kim',
    profile,
    nextReminderOn: evaluate(profile, DAY).nextReminderOn,
    now,
  });
  await repositories.suppressions.add('bounced@example.com', 'bounce', now);
  const ref = { providerId: 'demo', webhookId: 'msg_stats_1' };
  await repositories.deliveries.claim({ ...ref, now, leaseSeconds: 30 });
  await repositories.deliveries.markApplied({ ...ref, outcome: 'unclaimed', now });
  client.destroy();
}

/** `GET path` naming the server by `host` (fetch cannot set Host). */
function get(path: string, host: string): Promise<{ status: number; type: string; text: string }> {
  const { port } = new URL(stack.urls.control);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The page's figures: each table row's label → value. */
function figures(html: string): Record<string, string> {
  const rows = html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g);
  return Object.fromEntries([...rows].map(([, label, value]) => [label, value]));
}

describe('GET /__local/stats', () => {
  it("shows the due trainers, the mailbox, suppressions, webhook deliveries and then the day's run", async () => {
    await seed();
    const local = `localhost:${new URL(stack.urls.control).port}`;

    const before = await get(`/__local/stats?today=${DAY}`, local);
    expect(before.status).toBe(200);
    expect(before.type).toBe('text/html; charset=utf-8');
    expect(before.text).toContain(`Reminders on ${DAY}`);
    expect(before.text).toContain('No reminder run yet');
    expect(before.text).not.toContain('<script');
    expect(figures(before.text)).toEqual({
      'Due trainers': '1',
      'Emails in the local mailbox': '0',
      'Suppressed addresses': '1',
      unclaimed: '1',
    });

    const scan = await fetch(`${stack.urls.control}/__local/scan`, {
      method: 'POST',
      body: JSON.stringify({ today: DAY }),
    });
    expect(scan.status).toBe(200);

    const after = await get(`/__local/stats?today=${DAY}`, local);
    expect(after.text).toContain(`Last reminder run (${DAY}T`);
    expect(figures(after.text)).toMatchObject({
      'Due trainers': '0',
      'Emails in the local mailbox': '1',
      Status: 'completed',
      'Due trainers reached': '1',
      'Emails sent': '1',
      'Left pending': '0',
      Failed: '0',
    });
  });

  it('refuses a request naming another host with 421 (DNS rebinding) and a date that is not one with 400', async () => {
    const port = new URL(stack.urls.control).port;
    const foreign = await get('/__local/stats', `rebind.example:${port}`);
    expect(foreign.status).toBe(421);
    expect(foreign.text).not.toContain('Due trainers');

    const badDate = await get('/__local/stats?today=tomorrow', `localhost:${port}`);
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('today: not a calendar date');
  });
});
