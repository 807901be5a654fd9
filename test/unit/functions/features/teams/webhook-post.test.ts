import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSigned } from '../../../../../functions/features/teams/webhook-post.js';

describe('postSigned: one attempt, to the addresses that were checked (ADR 0035)', () => {
  let server: Server;
  let port = 0;
  const seen: { host: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ host: request.headers.host, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url === '/slow') return; // never answers
        if (request.url === '/moved') response.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else response.writeHead(request.url === '/fail' ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (path: string, timeoutMs?: number) =>
    postSigned({
      // A name no resolver knows: the attempt can only reach the pinned address.
      url: new URL(`http://hooks.recert-test.invalid:${port}${path}`),
      addresses: [{ address: '127.0.0.1', family: 4 }],
      headers: { 'webhook-id': 'evt_test' },
      body: '{"ok":true}',
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });

  it('connects to the checked address without resolving the name again, and sends the body and host as given', async () => {
    expect(await post('/hook')).toEqual({ delivered: true, status: 204 });
    expect(seen.at(-1)).toEqual({ host: `hooks.recert-test.invalid:${port}`, body: '{"ok":true}' });
  });

  it('says what went wrong in plain words: a status, a redirect not followed, a timeout', async () => {
    expect(await post('/fail')).toEqual({ delivered: false, error: 'answered 500' });
    expect(await post('/moved')).toEqual({ delivered: false, error: 'answered 302 (redirects are not followed)' });
    expect(await post('/slow', 200)).toEqual({ delivered: false, error: 'timed out' });
  });

  it('never connects when no checked address fits', async () => {
    const outcome = await postSigned({
      url: new URL(`http://hooks.recert-test.invalid:${port}/hook`),
      addresses: [],
      headers: {},
      body: '{}',
    });
    expect(outcome).toEqual({ delivered: false, error: 'host not found' });
  });
});
