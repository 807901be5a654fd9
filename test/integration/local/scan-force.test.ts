/**
 * `npm run scan -- --force` and the mailbox page against the real local stack: the real reminder run, dynalite and
 * the SES emulator, in this process (no fake handler), so what is asserted is what a developer sees.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../core/index.js';
import { newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { createDocumentClient } from '../../../functions/common/clients.js';
import { createRepositories } from '../../../functions/wiring/dependencies.js';
import { DEMO_EMAIL, demoProfile, seedDemo } from '../../../scripts/local/demo.js';
import { type LocalStack, startLocalStack } from '../../../scripts/local/local-stack.js';
import { parseScanArgs } from '../../../scripts/local/scan-cli.js';
import { runCli } from '../../helpers/run-cli.js';

// One stack for the file: the run's dependencies are cached per process, as in a Lambda container, so a second
// stack in this process would send through the first one's endpoints. Each test uses its own days and trainers.
let stack: LocalStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'recert-force-'));
  // The real handler reads its configuration from process.env, as in `npm start`.
  stack = await startLocalStack({ memory: true, port: 0, mailboxPort: 0, dataDir, log: () => undefined });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function repositoriesOf() {
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: stack.urls.dynamodb });
  return { client, repositories: createRepositories({ client, tableName: stack.tableName }) };
}

/** A confirmed trainer whose first reminder is due on `day` (the demo's story, another person). */
async function seedTrainer(email: string, day: string): Promise<void> {
  const { client, repositories } = repositoriesOf();
  const trainerId = newTrainerId();
  const profile = demoProfile(day);
  await repositories.emailClaims.claim(email, trainerId, new Date());
  await repositories.trainers.create({
    trainerId,
    email,
    name: 'Alex Kim',
    profile,
    nextReminderOn: evaluate(profile, day).nextReminderOn,
    now: new Date(),
  });
  client.destroy();
}

async function scan(body: Record<string, unknown>) {
  const response = await fetch(`${stack.urls.control}/__local/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      result: { status: string; emailsSent: number };
      forced?: unknown;
      message?: string;
    },
  };
}

/** Emails in the mailbox per recipient. */
async function mailbox(): Promise<Record<string, number>> {
  const { emails } = (await (await fetch(`${stack.urls.mailbox}/store`)).json()) as {
    emails: { destination: { to: string[] } }[];
  };
  const counts: Record<string, number> = {};
  for (const email of emails) for (const to of email.destination.to) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
}

describe('npm run scan -- --force (local stack only)', () => {
  it('runs a completed day again: a trainer due since gets a reminder, one already reminded gets no second', async () => {
    await seedTrainer('first@example.com', '2026-11-21');
    expect((await scan({ today: '2026-11-21' })).body.result).toMatchObject({
      status: 'completed',
      emailsSent: 1,
    });

    await seedTrainer('later@example.com', '2026-11-21');
    expect((await scan({ today: '2026-11-21' })).body.result).toMatchObject({
      status: 'already-completed',
      emailsSent: 0,
    });
    expect(await mailbox()).toMatchObject({ 'first@example.com': 1 });
    expect(await mailbox()).not.toHaveProperty('later@example.com');

    const port = new URL(stack.urls.control).port;
    const forced = await runCli('scripts/scan.ts', ['--today', '2026-11-21', '--force'], {
      PORT: port,
      RECERT_DATA_DIR: stack.dataDir,
    });
    expect(forced.stderr).toMatch(/^--force: deleted the completed run of 2026-11-21 \(completed \S+\); ran the day/);
    expect(JSON.parse(forced.stdout)).toMatchObject({ status: 'completed', asOf: '2026-11-21', emailsSent: 1 });
    expect(forced.code).toBe(0);
    expect(await mailbox()).toMatchObject({ 'first@example.com': 1, 'later@example.com': 1 });

    // Forcing again re-runs the day once more and finds nothing unsent: the ledger, not the day marker, decides.
    const again = await scan({ today: '2026-11-21', force: true });
    expect(again.body.forced).toMatchObject({ cleared: true });
    expect(again.body.result).toMatchObject({ status: 'completed', emailsSent: 0 });
    expect(await mailbox()).toMatchObject({ 'first@example.com': 1, 'later@example.com': 1 });
  });

  it('never takes a day from a run that still holds it, and runs a day that never ran as usual', async () => {
    const { client, repositories } = repositoriesOf();
    const lease = { runDate: '2026-10-01', holder: 'another-invocation', runId: 'another-event' };
    const now = new Date();
    await repositories.runCheckpoints.acquireRunLease({
      ...lease,
      now,
      leaseUntil: new Date(now.getTime() + 15 * 60 * 1000),
    });

    const held = await scan({ today: '2026-10-01', force: true });
    expect(held.status).toBe(200);
    expect(held.body.forced).toEqual({ cleared: false, reason: 'not-completed' });
    expect(held.body.result).toMatchObject({ status: 'held-elsewhere', emailsSent: 0 });
    expect(await repositories.runCheckpoints.get('2026-10-01', new Date())).toMatchObject({
      holder: 'another-invocation',
    });
    client.destroy();

    const fresh = await scan({ today: '2026-10-02', force: true });
    expect(fresh.body.forced).toEqual({ cleared: false, reason: 'no-run' });
    expect(fresh.body.result).toMatchObject({ status: 'completed' });
  });

  it('rejects a force that is not true or false', async () => {
    const bad = await scan({ today: '2026-10-02', force: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('force: must be true or false, got "yes"');
  });
});

describe('npm run demo → npm run scan → mailbox', () => {
  it('prints the scan that puts the demo reminder in the mailbox, which shows its headers and run date', async () => {
    // That day has already run here (say, an earlier `npm run scan`) before Sam is seeded.
    expect((await scan({ today: '2026-09-01' })).body.result.status).toBe('completed');

    const demo = await seedDemo(stack, new Date('2026-09-01T08:00:00Z'));
    expect(demo).toMatchObject({ seeded: true, scanCommand: 'npm run scan -- --today 2026-09-01 --force' });
    if (!demo.seeded || demo.scanCommand === undefined) throw new Error('no scan command');
    expect(demo.summary).toContain(`To put Sam's reminder in the mailbox (${stack.urls.mailbox}): ${demo.scanCommand}`);

    const command = parseScanArgs(demo.scanCommand.replace('npm run scan -- ', '').split(' '));
    if (command.kind !== 'scan') throw new Error('not a scan');
    const ran = await stack.scan(command.today, { force: command.force });
    expect(ran.body).toMatchObject({ result: { status: 'completed', emailsSent: 1 } });
    expect((await mailbox())[DEMO_EMAIL]).toBe(1);

    const response = await fetch(stack.urls.mailbox);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    const article = page.slice(page.indexOf('<article>'), page.indexOf('</article>'));
    const row = (name: string) =>
      new RegExp(`<tr><th scope="row">${name}</th><td>([^<]*)</td></tr>`).exec(article)?.[1];
    expect(row('From')).toBe('Recert &lt;reminders@recert.local&gt;');
    expect(row('To')).toBe(DEMO_EMAIL);
    expect(row('Subject')).toMatch(/\S/);
    // Sent now, for 2026-09-01: the Date header is the sending time, the run date says which day's run it was.
    expect(row('Date')).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/);
    expect(row('List-Unsubscribe')).toMatch(/^&lt;http:\/\/localhost:\d+\/unsubscribe\?token=[^&]+&gt;$/);
    expect(row('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(article).toContain('Reminder run date: <strong>2026-09-01</strong>');

    // The emulator's own API and page still answer beside it.
    expect((await fetch(`${stack.urls.mailbox}/store`)).status).toBe(200);
    expect(await (await fetch(`${stack.urls.mailbox}/emulator`)).text()).toContain('aws-ses-v2-local');

    // Sam's next reminder falls on a later day, and the demo now says so.
    const next = await seedDemo(stack, new Date('2026-09-01T08:05:00Z'));
    expect(next).toMatchObject({ seeded: true, scanCommand: expect.stringMatching(/^npm run scan -- --today \S+$/) });
    expect(next.seeded && next.scanCommand).not.toContain('2026-09-01');
  });
});
