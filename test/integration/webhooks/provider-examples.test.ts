import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../../../functions/edge/webhook-signature.js';
import { createCourseCompletedHandler } from '../../../functions/webhooks/course-completed.js';
import { httpEvent } from '../../helpers/http-event.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { DEMO_SECRET, deliver } from './webhook-fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MARKER = '<!-- example: webhook course.completed request -->';

/** The Node.js client example of docs/webhooks.md, exactly as a provider would copy it. */
function nodeExample(): string {
  const lines = readFileSync(join(ROOT, 'docs', 'webhooks.md'), 'utf8').split('\n');
  const start = lines.findIndex((line, at) => line === '```js' && lines[at - 1] === MARKER);
  const end = lines.findIndex((line, at) => at > start && line === '```');
  expect(start, 'docs/webhooks.md has a marked ```js provider example').toBeGreaterThan(0);
  return lines.slice(start + 1, end).join('\n');
}

interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly sentAt: number;
}

/**
 * Runs the example in a fresh Node (from the repository, where `standardwebhooks` is installed) with `fetch`
 * replaced by a recorder, so nothing leaves the machine: what it would have sent comes back on stdout.
 */
function runNodeExample(env: Record<string, string>): { request: SentRequest; stdout: string } {
  const recorder = `globalThis.fetch = async (url, init) => {
    process.stdout.write('REQUEST ' + JSON.stringify({ url, ...init, sentAt: Date.now() }) + '\\n');
    return new Response(JSON.stringify({ status: 'recorded' }), { status: 202 });
  };\n`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', recorder + nodeExample()], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  expect(run.status, run.stderr).toBe(0);
  const line = run.stdout.split('\n').find((candidate) => candidate.startsWith('REQUEST '));
  return { request: JSON.parse(line?.slice('REQUEST '.length) ?? '{}') as SentRequest, stdout: run.stdout };
}

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
  await aws.repositories.providers.create({
    providerId: 'demo',
    name: 'Demo Academy',
    secret: DEMO_SECRET,
    courseMap: {},
    now: new Date(),
  });
});

afterAll(async () => {
  await aws?.stop();
});

describe("docs/webhooks.md's Node.js provider example", () => {
  it('signs a delivery the webhook accepts, and prints the answer', async () => {
    const { request, stdout } = runNodeExample({
      RECERT_WEBHOOK_URL: 'https://recert.example.com/webhooks/demo',
      RECERT_WEBHOOK_SECRET: DEMO_SECRET,
    });
    expect(request).toMatchObject({ url: 'https://recert.example.com/webhooks/demo', method: 'POST' });
    expect(stdout).toContain("202 { status: 'recorded' }");

    // API Gateway hands the handler what the example sent, at the time it sent it.
    const event = httpEvent({
      method: 'POST',
      path: '/webhooks/demo',
      pathParameters: { providerId: 'demo' },
      headers: request.headers,
      body: request.body,
      timeEpoch: request.sentAt,
    });
    const response = await deliver(createCourseCompletedHandler(), event);

    // Nobody has confirmed sam@example.com here: the completion is kept for them, correctly signed and shaped.
    expect(response).toEqual({ status: 202, body: expect.objectContaining({ status: 'unclaimed' }) });
  });

  it('sends a new webhook-id per event and the same bytes it signed', () => {
    const env = { RECERT_WEBHOOK_URL: 'https://recert.example.com/webhooks/demo', RECERT_WEBHOOK_SECRET: DEMO_SECRET };
    const first = runNodeExample(env).request;
    const second = runNodeExample(env).request;

    expect(first.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(second.headers['webhook-id']).not.toBe(first.headers['webhook-id']);
    expect(JSON.parse(first.body)).toMatchObject({ type: 'course.completed', data: { course: { code: 'NASM-PES' } } });
    const { 'webhook-id': id = '', 'webhook-timestamp': timestamp = '' } = first.headers;
    expect(first.headers['webhook-signature']).toBe(signPayload(DEMO_SECRET, id, Number(timestamp), first.body));
  });
});
