import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReminder } from '../../../../functions/adapters/email/index.js';
import {
  createMailer,
  createSesClient,
  SES_HTTP_TIMEOUTS,
  SendOutcomeUnknownError,
} from '../../../../functions/adapters/ses/index.js';
import { createDocumentClient, DYNAMODB_HTTP_TIMEOUTS } from '../../../../functions/common/clients.js';
import { storyInput } from './email/fixtures.js';

/**
 * A server that accepts the TCP connection, reads the request and never answers: a hung SES or DynamoDB call.
 * Without an HTTP timeout the SDK waits forever and the reminder run never reaches its 60-s checkpoint.
 */
let server: Server;
let hangingEndpoint: string;
const sockets = new Set<Socket>();
let connections = 0;
const SHORT = { connectionTimeoutMs: 300, requestTimeoutMs: 500 };
/** Generous: with the timeouts above a call ends well inside it; without them it would never end. */
const BOUND_MS = 8_000;

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hangingEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The handler's resolved options (known after its first request): what a deployed client really runs with. */
async function handlerOptions(client: { config: { requestHandler: unknown } }): Promise<Record<string, unknown>> {
  const handler = client.config.requestHandler as { httpHandlerConfigs(): Record<string, unknown> };
  return handler.httpHandlerConfigs();
}

describe('SDK HTTP timeouts', () => {
  it('ends a hung SES send within bounds as outcome-unknown (it may have been accepted), after one HTTP attempt', async () => {
    const client = createSesClient({ region: 'us-east-1', endpoint: hangingEndpoint, timeouts: SHORT });
    const mailer = createMailer({ client, fromAddress: 'reminders@recert.example.com' });
    const before = connections;
    const started = performance.now();

    const failure = await mailer.send(renderReminder(storyInput)).catch((err: unknown) => err);
    const elapsed = performance.now() - started;
    client.destroy();

    expect(failure).toBeInstanceOf(SendOutcomeUnknownError);
    expect(failure).toMatchObject({ code: 'ses.outcome-unknown', awsErrorName: 'ETIMEDOUT' });
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(connections - before).toBe(1); // maxAttempts 1: a timed-out send is never retried by the SDK
  });

  it('ends a hung DynamoDB call within bounds (each SDK retry attempt is bounded too)', async () => {
    const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: hangingEndpoint }, SHORT);
    const started = performance.now();

    const failure = await client
      .send(new GetCommand({ TableName: 'recert', Key: { pk: 'x', sk: 'y' } }))
      .catch((err: unknown) => err);
    const elapsed = performance.now() - started;
    client.destroy();

    expect(failure).toMatchObject({ name: 'TimeoutError' });
    expect(elapsed).toBeLessThan(BOUND_MS);
  });

  it('configures the deployed clients with 3 s to connect, 10 s per request, and a thrown error when exceeded', async () => {
    // A closed port answers at once, which resolves the handler's options without waiting for a timeout.
    const closed = `http://127.0.0.1:1`;
    const ses = createSesClient({ region: 'us-east-1', endpoint: closed });
    const dynamo = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: closed });
    await createMailer({ client: ses, fromAddress: 'reminders@recert.example.com' })
      .send(renderReminder(storyInput))
      .catch(() => undefined);
    await dynamo.send(new GetCommand({ TableName: 'recert', Key: { pk: 'x', sk: 'y' } })).catch(() => undefined);

    const expected = { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true };
    expect(await handlerOptions(ses)).toMatchObject(expected);
    expect(await handlerOptions(dynamo)).toMatchObject(expected);
    expect(SES_HTTP_TIMEOUTS).toEqual({ connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 });
    expect(DYNAMODB_HTTP_TIMEOUTS).toEqual({ connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 });
    ses.destroy();
    dynamo.destroy();
  });
});
