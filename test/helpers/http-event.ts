import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface HttpEventOptions {
  readonly method?: string;
  readonly path?: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly pathParameters?: Record<string, string>;
  readonly isBase64Encoded?: boolean;
  readonly timeEpoch?: number;
  /** The client address API Gateway saw; without it, each event comes from an address of its own (see below). */
  readonly sourceIp?: string;
}

let eventsMade = 0;

/**
 * A fresh address from the benchmarking range (198.18.0.0/15) per event: the per-network limit (ADR 0024) must not
 * couple unrelated requests of a suite, so only a test that means one client names its address.
 */
function anotherSourceIp(): string {
  eventsMade += 1;
  return `198.${18 + ((eventsMade >> 16) & 1)}.${(eventsMade >> 8) & 255}.${eventsMade & 255}`;
}

/** A complete API Gateway HTTP API (payload v2) event, as the Lambda integration delivers it. */
export function httpEvent(options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/';
  const query = options.query ?? {};
  const timeEpoch = options.timeEpoch ?? Date.UTC(2026, 10, 21, 9, 0, 0);
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { host: 'recert.example.com', 'user-agent': 'vitest', ...(options.headers ?? {}) },
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'recert.example.com',
      domainPrefix: 'recert',
      http: {
        method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? anotherSourceIp(),
        userAgent: 'vitest',
      },
      requestId: 'req-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: new Date(timeEpoch).toISOString(),
      timeEpoch,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}
