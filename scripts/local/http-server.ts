import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import {
  createLambdaContext,
  findRoute,
  InvalidHandlerResultError,
  type RouteLike,
  toApiGatewayEvent,
  writeJson,
  writeResult,
} from './apigw-event.js';
import { foreignHostMessage, isLoopbackHost, MISDIRECTED_STATUS } from './loopback-host.js';
import { close, listen } from './ports.js';

/** The handler signature every Recert entry point exports (middy handlers satisfy it). */
export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalRoute extends RouteLike {
  readonly id: string;
  readonly entry: string;
}

/** Thrown by a handler loader when the route's module does not exist (yet): answered 501, not 500. */
export class HandlerNotFoundError extends Error {
  override readonly name = 'HandlerNotFoundError';
  readonly code = 'local.handler-not-found';
}

export interface ControlResponse {
  readonly statusCode: number;
  readonly body: unknown;
  /** A page to answer with instead of `body` as JSON (`GET /__local/stats`). */
  readonly html?: string;
}

/** Local-only operations (`POST /__local/scan` …), keyed `METHOD /path`, reachable from loopback only. */
export type ControlActions = Readonly<Record<string, (input: unknown) => Promise<ControlResponse>>>;

export interface HttpServerOptions<R extends LocalRoute> {
  readonly routes: readonly R[];
  readonly loadHandler: (route: R) => Promise<LocalHandler>;
  readonly port: number;
  readonly host?: string;
  /** The variable a user changes when the port is taken (named in the error). */
  readonly portVariable?: string;
  readonly control?: ControlActions;
  /** Where access lines and handler failures go; stdout by default. */
  readonly log?: (line: string) => void;
  /** API Gateway's cap on a request payload. */
  readonly maxBodyBytes?: number;
  /** The `$default` route: where any request no route matches goes (any method), as in the deployed API. */
  readonly fallback?: R;
}

export interface RunningHttpServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const CONTROL_PREFIX = '/__local/';
/** HTTP API's integration timeout is 30 s; the handler sees a little less, as in AWS. */
const HTTP_TIMEOUT_MS = 29_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The local stand-in for API Gateway: routes with the given table, builds a payload v2 event, calls the handler,
 * writes its result. Tests inject `routes` and `loadHandler`; production passes HTTP_ROUTES and a real import.
 */
export async function startHttpServer<R extends LocalRoute>(options: HttpServerOptions<R>): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const action = options.control?.[`${req.method} ${path}`];
    if (!action) {
      writeJson(res, 404, { message: `No local control action ${req.method} ${path}` });
      return;
    }
    // Loopback only, and never from a web page: a browser always sends Origin on a cross-site POST.
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || req.headers.origin !== undefined) {
      writeJson(res, 403, { message: 'Local control actions are available from 127.0.0.1 only' });
      return;
    }
    const body = await readBody(req, 64 * 1024);
    // A GET (a page a developer opens) carries its input in the query string.
    let input: unknown =
      req.method === 'GET' ? Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams) : {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        writeJson(res, 400, { message: 'body: not valid JSON' });
        return;
      }
    }
    const response = await action(input);
    if (response.html === undefined) {
      writeJson(res, response.statusCode, response.body);
      return;
    }
    res.writeHead(response.statusCode, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(response.html),
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(response.html);
  }

  async function handleRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    const method = (req.method ?? 'GET').toUpperCase();
    const found = findRoute(options.routes, method, path);
    const lookup =
      found.kind !== 'found' && options.fallback
        ? { kind: 'found' as const, route: options.fallback, match: { routeKey: '$default', pathParameters: {} } }
        : found;
    if (lookup.kind === 'not-found') {
      writeJson(res, 404, { message: 'Not Found' });
      return 'no route';
    }
    if (lookup.kind === 'method-not-allowed') {
      writeJson(res, 405, { message: 'Method Not Allowed' }, { allow: lookup.allowed.join(', ') });
      return 'no route for this method';
    }
    const { route, match } = lookup;
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        writeJson(res, 413, { message: 'Request Entity Too Large' });
        return route.id;
      }
      throw error;
    }
    const requestId = randomUUID();
    const event = toApiGatewayEvent(req, body, { match, requestId });
    const context = createLambdaContext({ functionId: route.id, timeoutMs: HTTP_TIMEOUT_MS, requestId });
    let handler: LocalHandler;
    try {
      handler = await options.loadHandler(route);
    } catch (error) {
      if (error instanceof HandlerNotFoundError) {
        writeJson(res, 501, { message: `Not implemented yet: ${error.message}` });
        return route.id;
      }
      throw error;
    }
    let result: unknown;
    try {
      result = await handler(event, context);
    } catch (error) {
      // What API Gateway answers when the function errors; the details go to the log, not the client.
      log(`${route.id} failed (request ${requestId}): ${describeError(error)}`);
      writeJson(res, 500, { message: 'Internal Server Error' });
      return route.id;
    }
    try {
      writeResult(res, result);
    } catch (error) {
      if (!(error instanceof InvalidHandlerResultError)) throw error;
      log(`${route.id} returned an invalid result (request ${requestId}): ${error.message}`);
      writeJson(res, 502, { message: 'Internal Server Error' });
    }
    return route.id;
  }

  /** DNS rebinding (loopback-host.ts): a request naming any other host is answered 421 before anything runs. */
  function refuseForeignHost(req: IncomingMessage, res: ServerResponse): boolean {
    const { port } = server.address() as AddressInfo;
    if (isLoopbackHost(req.headers.host, port)) return false;
    writeJson(res, MISDIRECTED_STATUS, { message: foreignHostMessage(req.headers.host, port) });
    req.resume();
    return true;
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    // Only the path is logged: query strings carry tokens.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const work = refuseForeignHost(req, res)
      ? Promise.resolve('refused: not a loopback Host')
      : path.startsWith(CONTROL_PREFIX)
        ? handleControl(req, res, path).then(() => 'local')
        : handleRoute(req, res, path);
    work
      .then((target) => {
        log(`${req.method} ${path} → ${res.statusCode} ${target} (${Math.round(performance.now() - started)} ms)`);
      })
      .catch((error: unknown) => {
        log(`${req.method} ${path} failed: ${describeError(error)}`);
        if (!res.headersSent) writeJson(res, 500, { message: 'Internal Server Error' });
        else res.destroy();
      });
  });

  const port = await listen(server, options.port, host, options.portVariable ?? 'PORT');
  return {
    server,
    port,
    url: `http://localhost:${port}`,
    close: () => close(server),
  };
}
