import { request } from 'node:http';
import { connect } from 'node:net';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HandlerNotFoundError,
  type LocalRoute,
  type RunningHttpServer,
  startHttpServer,
} from '../../../scripts/local/http-server.js';

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw node:http so duplicate headers and exact bytes reach the server as written. */
function send(port: number, method: string, path: string, headers: string[] = [], body?: Buffer): Promise<Sent> {
  return sendAs(`127.0.0.1:${port}`, port, method, path, headers, body);
}

/** As `send`, naming the server by `host` in the Host header (`undefined`: no Host header at all). */
function sendAs(
  host: string | undefined,
  port: number,
  method: string,
  path: string,
  headers: string[] = [],
  body?: Buffer,
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    // A raw header array replaces Node's defaults, Host included.
    const raw = [...(host === undefined ? [] : ['Host', host]), ...headers];
    const req = request({ host: '127.0.0.1', port, method, path, headers: raw, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const routes: LocalRoute[] = [
  { id: 'Webhook', method: 'POST', path: '/webhooks/{providerId}', entry: 'fake/webhook.ts' },
  { id: 'Things', method: 'GET', path: '/things', entry: 'fake/things.ts' },
  { id: 'Crash', method: 'GET', path: '/crash', entry: 'fake/crash.ts' },
  { id: 'Missing', method: 'GET', path: '/missing', entry: 'fake/missing.ts' },
];

describe('local API Gateway (payload v2)', () => {
  let server: RunningHttpServer;
  const logged: string[] = [];
  let lastEvent: APIGatewayProxyEventV2 | undefined;
  let lastContext: Context | undefined;
  let nextResult: unknown;

  beforeAll(async () => {
    server = await startHttpServer({
      routes,
      port: 0,
      log: (line) => logged.push(line),
      control: { 'POST /__local/ping': async (input) => ({ statusCode: 200, body: { got: input } }) },
      loadHandler: async (route) => {
        if (route.id === 'Missing') throw new HandlerNotFoundError(`${route.entry} does not exist in this checkout`);
        if (route.id === 'Crash')
          return async () => {
            throw new Error('not implemented yet');
          };
        return async (event, context) => {
          lastEvent = event as APIGatewayProxyEventV2;
          lastContext = context;
          return nextResult;
        };
      },
    });
  });

  afterAll(() => server.close());

  it('builds a complete v2 event: route key, path parameters, query, cookies, joined headers, context', async () => {
    nextResult = { statusCode: 204 };
    const body = Buffer.from(JSON.stringify({ type: 'course.completed', name: 'Zoë' }));
    const response = await send(
      server.port,
      'POST',
      '/webhooks/demo-provider?a=1&b=two%20words&a=3&flag',
      [
        'Content-Type',
        'application/json',
        'X-Custom',
        'one',
        'X-Custom',
        'two',
        'Cookie',
        'theme=dark; session=abc',
        'User-Agent',
        'local-test/1.0',
      ],
      body,
    );
    expect(response.status).toBe(204);
    const event = lastEvent!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /webhooks/{providerId}',
      rawPath: '/webhooks/demo-provider',
      rawQueryString: 'a=1&b=two%20words&a=3&flag',
      cookies: ['theme=dark', 'session=abc'],
      queryStringParameters: { a: '1,3', b: 'two words', flag: '' },
      pathParameters: { providerId: 'demo-provider' },
      body: '{"type":"course.completed","name":"Zoë"}',
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'content-type': 'application/json', 'x-custom': 'one,two' });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.requestContext).toMatchObject({
      accountId: '123456789012',
      apiId: expect.any(String),
      domainName: `127.0.0.1:${server.port}`,
      http: {
        method: 'POST',
        path: '/webhooks/demo-provider',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'local-test/1.0',
      },
      routeKey: 'POST /webhooks/{providerId}',
      stage: '$default',
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Number.isInteger(event.requestContext.timeEpoch)).toBe(true);
  });

  it('leaves out query, path parameters, cookies and body when the request has none', async () => {
    nextResult = { statusCode: 200, body: 'ok' };
    await send(server.port, 'GET', '/things');
    for (const absent of ['queryStringParameters', 'pathParameters', 'cookies', 'body']) {
      expect(lastEvent, absent).not.toHaveProperty(absent);
    }
    expect(lastEvent!.rawQueryString).toBe('');
  });

  it.each([
    ['binary content type', 'application/octet-stream', Buffer.from([0x00, 0x01, 0xfe, 0xff])],
    ['an image', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['text that is not valid UTF-8', 'text/plain', Buffer.from([0x68, 0x69, 0xc3, 0x28])],
    ['JSON that is not valid UTF-8', 'application/json', Buffer.from([0x7b, 0xff, 0x7d])],
  ])('base64-encodes %s', async (_name, contentType, bytes) => {
    nextResult = { statusCode: 202 };
    await send(server.port, 'POST', '/webhooks/p', ['Content-Type', contentType], bytes);
    expect(lastEvent!.isBase64Encoded).toBe(true);
    expect(Buffer.from(lastEvent!.body!, 'base64')).toEqual(bytes);
  });

  it('keeps form-encoded and charset-qualified text bodies as text', async () => {
    nextResult = { statusCode: 202 };
    await send(
      server.port,
      'POST',
      '/webhooks/p',
      ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
      Buffer.from('List-Unsubscribe=One-Click'),
    );
    expect(lastEvent).toMatchObject({ body: 'List-Unsubscribe=One-Click', isBase64Encoded: false });
  });

  it('writes a structured result: status, headers, every cookie, base64 body decoded', async () => {
    nextResult = {
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Request': 'r1' },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
      isBase64Encoded: true,
    };
    const response = await send(server.port, 'GET', '/things');
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-request']).toBe('r1');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it.each([
    ['an object', { hello: 'world' }, '{"hello":"world"}'],
    ['a string', 'plain words', 'plain words'],
  ])('answers 200 application/json when the handler returns %s without statusCode', async (_name, result, body) => {
    nextResult = result;
    const response = await send(server.port, 'GET', '/things');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString('utf8')).toBe(body);
  });

  it('answers 404 JSON for an unknown path and 405 for a known path with another method', async () => {
    const unknown = await send(server.port, 'GET', '/nowhere');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString('utf8'))).toEqual({ message: 'Not Found' });
    const wrongMethod = await send(server.port, 'DELETE', '/things');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(JSON.parse(wrongMethod.body.toString('utf8'))).toEqual({ message: 'Method Not Allowed' });
  });

  it('turns a thrown handler error into a 500 JSON, logs it, and keeps serving', async () => {
    const crash = await send(server.port, 'GET', '/crash');
    expect(crash.status).toBe(500);
    expect(JSON.parse(crash.body.toString('utf8'))).toEqual({ message: 'Internal Server Error' });
    expect(logged.some((line) => line.startsWith('Crash failed') && line.includes('not implemented yet'))).toBe(true);
    nextResult = { statusCode: 200, body: 'still here' };
    expect((await send(server.port, 'GET', '/things')).status).toBe(200);
  });

  it('answers 501 naming the file when a route has no handler module yet', async () => {
    const response = await send(server.port, 'GET', '/missing');
    expect(response.status).toBe(501);
    expect(JSON.parse(response.body.toString('utf8')).message).toContain('fake/missing.ts');
  });

  it('gives the handler a Lambda context with a deadline under the 30 s integration timeout', async () => {
    nextResult = { statusCode: 200 };
    await send(server.port, 'GET', '/things');
    expect(lastContext!.functionName).toContain('Things');
    const remaining = lastContext!.getRemainingTimeInMillis();
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(29_000);
  });

  it('runs control actions for loopback callers but refuses any request carrying an Origin (a web page)', async () => {
    const ok = await send(
      server.port,
      'POST',
      '/__local/ping',
      ['Content-Type', 'application/json'],
      Buffer.from('{"x":1}'),
    );
    expect(JSON.parse(ok.body.toString('utf8'))).toEqual({ got: { x: 1 } });
    const fromPage = await send(
      server.port,
      'POST',
      '/__local/ping',
      ['Origin', 'http://evil.example.com'],
      Buffer.from('{}'),
    );
    expect(fromPage.status).toBe(403);
  });

  // DNS rebinding: a page on evil.example resolves its own name to 127.0.0.1, so the browser sends it here as a
  // same-origin request (no Origin on a GET). Only the Host header still names the attacker's site.
  it.each([
    ['a rebinding site', (port: number) => `evil.example:${port}`],
    ['a rebinding site on port 80', () => 'evil.example'],
    ['a loopback name on another port', (port: number) => `localhost:${port + 1}`],
    ['a loopback name without the port', () => 'localhost'],
    ['a name that merely starts with localhost', (port: number) => `localhost.evil.example:${port}`],
    ['0.0.0.0', (port: number) => `0.0.0.0:${port}`],
  ])('refuses %s with 421, runs no handler and no control action, and says which names work', async (_name, hostOf) => {
    const host = hostOf(server.port);
    lastEvent = undefined;
    nextResult = { statusCode: 200, body: 'secret page' };
    const page = await sendAs(host, server.port, 'GET', '/things');
    expect(page.status).toBe(421);
    expect(page.body.toString('utf8')).toContain(`only to http://localhost:${server.port}`);
    expect(page.body.toString('utf8')).not.toContain('secret page');
    expect(lastEvent).toBeUndefined();

    const control = await sendAs(host, server.port, 'POST', '/__local/ping', [], Buffer.from('{"x":1}'));
    expect(control.status).toBe(421);
    expect(control.body.toString('utf8')).not.toContain('got');
    expect(logged.at(-1)).toMatch(/→ 421/);
  });

  it('refuses an HTTP/1.0 request without a Host header (Node itself refuses one in HTTP/1.1)', async () => {
    lastEvent = undefined;
    nextResult = { statusCode: 200, body: 'secret page' };
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('GET /things HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(answer).toContain('the request named no Host header');
    expect(lastEvent).toBeUndefined();
  });

  it.each(['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])('answers a request naming it %s:<port>', async (name) => {
    nextResult = { statusCode: 200, body: 'ok' };
    expect((await sendAs(`${name}:${server.port}`, server.port, 'GET', '/things')).status).toBe(200);
    const control = await sendAs(`${name}:${server.port}`, server.port, 'POST', '/__local/ping', [], Buffer.from('{}'));
    expect(control.status).toBe(200);
  });

  it('does not put query strings (which carry tokens) in its access log', async () => {
    nextResult = { statusCode: 200 };
    await send(server.port, 'GET', '/things?token=secret-token-value');
    expect(logged.join('\n')).not.toContain('secret-token-value');
  });
});
