import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * Translation between node:http and API Gateway HTTP API payload format 2.0, so the local server hands handlers
 * exactly the event shape they get in AWS. Rules follow the API Gateway developer guide ("Working with AWS Lambda
 * proxy integrations for HTTP APIs").
 */

/** Values that identify the fake API; sanitised, never a real account. */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_API_ID = 'recertlocal';
export const LOCAL_REGION = 'us-east-1';

export interface RouteMatch {
  /** `POST /webhooks/{providerId}` */
  readonly routeKey: string;
  readonly pathParameters: Readonly<Record<string, string>>;
}

export interface RouteLike {
  readonly method: string;
  readonly path: string;
}

export type RouteLookup<R extends RouteLike> =
  | { readonly kind: 'found'; readonly route: R; readonly match: RouteMatch }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/** Matches one path against a route template; `{name}` matches exactly one non-empty segment. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const actual = got[index] ?? '';
    const parameter = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
    if (parameter?.[1]) {
      if (actual === '') return undefined;
      params[parameter[1]] = safeDecode(actual);
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

/** Finds the route for a request; a known path with another method is 405, as API Gateway's `$default`-less API. */
export function findRoute<R extends RouteLike>(routes: readonly R[], method: string, path: string): RouteLookup<R> {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) {
      return { kind: 'found', route, match: { routeKey: `${route.method} ${route.path}`, pathParameters: params } };
    }
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

const TEXTUAL_TYPES = [
  /^text\//,
  /^application\/(json|x-www-form-urlencoded|xml|javascript|ecmascript|graphql|x-ndjson)$/,
  /^application\/[a-z0-9.+-]+\+(json|xml)$/,
];

function isTextualContentType(contentType: string | undefined): boolean {
  // No content type: decided by the bytes alone.
  if (contentType === undefined || contentType.trim() === '') return true;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return TEXTUAL_TYPES.some((pattern) => pattern.test(mediaType));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return component;
  }
}

/** `21/Nov/2026:09:00:00 +0000`, the format of requestContext.time. */
export function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

export interface EventOptions {
  readonly match: RouteMatch;
  /** Defaults to the current time; injectable so tests can pin it. */
  readonly now?: Date;
  readonly requestId?: string;
}

/** Builds a complete payload v2 event from a node:http request and its fully read body. */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer, options: EventOptions): APIGatewayProxyEventV2 {
  const now = options.now ?? new Date();
  const rawUrl = req.url ?? '/';
  const questionMark = rawUrl.indexOf('?');
  const rawPath = questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
  const rawQueryString = questionMark === -1 ? '' : rawUrl.slice(questionMark + 1);

  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    // HTTP API moves Cookie headers into `cookies` and drops them from `headers`.
    if (name === 'cookie') {
      cookies = values
        .flatMap((value) => value.split(';'))
        .map((cookie) => cookie.trim())
        .filter((cookie) => cookie !== '');
      continue;
    }
    headers[name] = values.join(',');
  }

  const queryStringParameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = safeDecode(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : safeDecode(pair.slice(equals + 1));
    const previous = queryStringParameters[key];
    queryStringParameters[key] = previous === undefined ? value : `${previous},${value}`;
  }

  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = options.requestId ?? randomUUID();
  const host = headers.host ?? `localhost`;

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: options.match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(options.match.pathParameters).length > 0
      ? { pathParameters: { ...options.match.pathParameters } }
      : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0]?.split(':')[0] ?? 'localhost',
      http: {
        method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: normaliseIp(req.socket.remoteAddress),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: options.match.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };

  if (body.length > 0) {
    const text = isTextualContentType(headers['content-type']) ? decodeUtf8(body) : undefined;
    if (text === undefined) {
      event.body = body.toString('base64');
      event.isBase64Encoded = true;
    } else {
      event.body = text;
    }
  }
  return event;
}

function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

export class InvalidHandlerResultError extends Error {
  override readonly name = 'InvalidHandlerResultError';
  readonly code = 'local.invalid-handler-result';
}

/**
 * Normalises whatever a handler returned into a structured v2 result. A result without `statusCode` is the
 * "inferred" format: 200, application/json, body = the returned JSON (a string is sent as is).
 */
export function toStructuredResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as APIGatewayProxyStructuredResultV2;
    if (typeof structured.statusCode !== 'number' || !Number.isInteger(structured.statusCode)) {
      throw new InvalidHandlerResultError(
        `statusCode must be an integer, got ${JSON.stringify(structured.statusCode)}`,
      );
    }
    if (structured.body !== undefined && typeof structured.body !== 'string') {
      throw new InvalidHandlerResultError(`body must be a string, got ${typeof structured.body}`);
    }
    return structured;
  }
  const body = typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false };
}

/** Writes a handler result to the node:http response. */
export function writeResult(res: ServerResponse, result: unknown): void {
  const structured = toStructuredResult(result);
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    res.setHeader(name.toLowerCase(), String(value));
  }
  if (structured.cookies && structured.cookies.length > 0) {
    res.setHeader('set-cookie', [...structured.cookies]);
  }
  const body = structured.body ?? '';
  const bytes = structured.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (!res.hasHeader('content-type') && bytes.length > 0) res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', bytes.length);
  res.writeHead(structured.statusCode ?? 200);
  res.end(bytes);
}

/** A JSON response for errors the gateway itself produces (unknown route, handler crash …). */
export function writeJson(
  res: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(statusCode, { ...headers, 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
}

export interface ContextOptions {
  readonly functionId: string;
  readonly timeoutMs: number;
  readonly requestId?: string;
  /** Injectable clock for getRemainingTimeInMillis. */
  readonly clock?: () => number;
}

/** A Lambda `Context` with a real deadline, so handlers that checkpoint on remaining time behave as in AWS. */
export function createLambdaContext(options: ContextOptions): Context {
  const clock = options.clock ?? Date.now;
  const deadline = clock() + options.timeoutMs;
  const functionName = `recert-local-${options.functionId}`;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
