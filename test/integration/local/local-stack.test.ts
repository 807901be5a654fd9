import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../../scripts/local/local-stack.js';

const dirs: string[] = [];
const stacks: LocalStack[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recert-local-'));
  dirs.push(dir);
  return dir;
}

async function start(options: LocalStackOptions): Promise<LocalStack> {
  const stack = await startLocalStack({ port: 0, mailboxPort: 0, setProcessEnv: false, log: () => {}, ...options });
  stacks.push(stack);
  return stack;
}

function ddb(stack: LocalStack): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: stack.urls.dynamodb,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

async function occupy(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Listening sockets in this process; a closed handle leaves the list on the next turn of the event loop. */
async function servers(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
}

/** One request to `url` whose Host header says `host` (fetch cannot set Host), as a DNS-rebound page sends it. */
function requestNaming(
  host: string,
  url: string,
  method = 'GET',
  body = '',
): Promise<{ status: number; text: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path: pathname, headers: { host }, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('local stack', () => {
  it('starts in memory with the table and due index from RECERT_TABLE, and stops leaving no server open', async () => {
    const before = await servers();
    const stack = await startLocalStack({
      memory: true,
      port: 0,
      mailboxPort: 0,
      dataDir: tempDir(),
      setProcessEnv: false,
      log: () => {},
    });
    const client = ddb(stack);
    const table = await client.send(new DescribeTableCommand({ TableName: stack.tableName }));
    client.destroy();
    expect(table.Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byDue']);
    expect((await fetch(`${stack.urls.mailbox}/store`)).status).toBe(200);
    expect(await servers()).toBe(before + 3);

    await stack.stop();
    expect(await servers()).toBe(before);
    await expect(fetch(`${stack.urls.control}/api/catalog`)).rejects.toThrow();
    expect(existsSync(join(stack.dataDir, 'endpoints.json'))).toBe(false);
  });

  it('gives handlers the local configuration: endpoints, base URL, sender, a generated signing key', async () => {
    const dataDir = tempDir();
    const stack = await start({ memory: true, dataDir });
    const key = readFileSync(join(dataDir, 'token-key'), 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(stack.env).toMatchObject({
      TABLE_NAME: stack.tableName,
      BASE_URL: stack.urls.form,
      SENDER_ADDRESS: 'Recert <reminders@recert.local>',
      TOKEN_SIGNING_KEY: key,
      DYNAMODB_ENDPOINT: stack.urls.dynamodb,
      SES_ENDPOINT: stack.urls.ses,
    });
    const recorded = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
    expect(recorded).toMatchObject({ controlUrl: stack.urls.control, dynamodbEndpoint: stack.urls.dynamodb });
  });

  it('keeps data and the signing key across a restart in the same data directory', async () => {
    const dataDir = tempDir();
    const first = await start({ dataDir });
    const firstKey = first.env.TOKEN_SIGNING_KEY;
    const client = ddb(first);
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({ TableName: first.tableName, Item: { pk: 'TRAINER#t1', sk: 'PROFILE', name: 'Sam' } }),
    );
    client.destroy();
    await first.stop();

    const second = await start({ dataDir });
    const again = ddb(second);
    const read = await DynamoDBDocumentClient.from(again).send(
      new GetCommand({ TableName: second.tableName, Key: { pk: 'TRAINER#t1', sk: 'PROFILE' } }),
    );
    again.destroy();
    expect(read.Item).toEqual({ pk: 'TRAINER#t1', sk: 'PROFILE', name: 'Sam' });
    expect(second.env.TOKEN_SIGNING_KEY).toBe(firstKey);
  });

  it('refuses a second stack on the same data directory with a clear message', async () => {
    const dataDir = tempDir();
    await start({ dataDir });
    await expect(start({ dataDir })).rejects.toThrow(/in use by another process .*--memory/);
  });

  it.each([
    ['PORT', 'port'],
    ['MAILBOX_PORT', 'mailboxPort'],
  ] as const)('names the port and %s when that port is taken, and leaves nothing running', async (variable, option) => {
    const taken = await occupy();
    const before = await servers();
    try {
      await expect(start({ memory: true, dataDir: tempDir(), [option]: taken.port })).rejects.toThrow(
        `Port ${taken.port} is already in use; set ${variable} to another port.`,
      );
      expect(await servers()).toBe(before);
    } finally {
      await new Promise((resolve) => taken.server.close(resolve));
    }
  });

  it('answers a page that rebinds its own name to 127.0.0.1 with 421 on every server: form, control, mailbox, SES, DynamoDB', async () => {
    const stack = await start({ memory: true, dataDir: tempDir() });
    const portOf = (url: string) => new URL(url).port;
    const targets = [
      ['the form', `${stack.urls.form}/`, 'GET', ''],
      ['a scan', `${stack.urls.control}/__local/scan`, 'POST', '{"today":"2026-11-21"}'],
      ['the mailbox page', `${stack.urls.mailbox}/`, 'GET', ''],
      ["the emulator's store (every email, links and all)", `${stack.urls.mailbox}/store`, 'GET', ''],
      ['the SES API', `${stack.urls.ses}/`, 'POST', 'Action=SendRawEmail'],
      ['DynamoDB', `${stack.urls.dynamodb}/`, 'POST', '{}'],
    ] as const;
    for (const [what, url, method, body] of targets) {
      const rebound = await requestNaming(`evil.example:${portOf(url)}`, url, method, body);
      expect(rebound.status, what).toBe(421);
      expect(rebound.text, what).toContain(`only to http://localhost:${portOf(url)}`);
    }
    // The same servers still answer this machine under every loopback name.
    const endpoints = `${stack.urls.control}/__local/endpoints`;
    expect((await requestNaming(`localhost:${portOf(endpoints)}`, endpoints)).status).toBe(200);
    const mailbox = `${stack.urls.mailbox}/`;
    for (const name of ['localhost', '127.0.0.1', '[::1]']) {
      expect((await requestNaming(`${name}:${portOf(mailbox)}`, mailbox)).status, name).toBe(200);
    }
    const client = ddb(stack);
    await expect(client.send(new DescribeTableCommand({ TableName: stack.tableName }))).resolves.toBeDefined();
    client.destroy();
  });

  it('fires the daily run for a chosen day through POST /__local/scan with a scheduled event at the configured hour', async () => {
    const events: ScheduledEvent[] = [];
    const stack = await start({
      memory: true,
      dataDir: tempDir(),
      scheduleHour: 7,
      scheduledRun: { id: 'SendDueReminders', entry: 'fake.ts' },
      loadHandler: async () => async (event) => {
        events.push(event as ScheduledEvent);
        return { sent: 1 };
      },
    });
    const response = await fetch(`${stack.urls.control}/__local/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ today: '2026-11-21' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { sent: 1 }, event: { time: '2026-11-21T07:00:00Z' } });
    expect(events[0]).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-11-21T07:00:00Z',
      detail: {},
    });
    expect(events[0]?.resources[0]).toMatch(/^arn:aws:events:us-east-1:\d{12}:rule\//);

    const bad = await fetch(`${stack.urls.control}/__local/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ today: '2026-02-30' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe(
      'today: not a calendar date (YYYY-MM-DD): "2026-02-30"',
    );
    expect(events).toHaveLength(1);
  });
});
