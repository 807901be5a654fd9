import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

/** Links carry capability tokens: never cache, never leak them through Referer. */
const PRIVATE = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // Browsers ignore it over plain http (the local runtime) and pin https for a year after the first visit in AWS.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
};

/**
 * Pages run no script unless they name its hash: a page's inline script is static (`sha256-…` computed once at module
 * load), so nothing a request carries can ever become script, even if markup slipped through escaping.
 */
function pageSecurity(scriptHashes: readonly string[]): Record<string, string> {
  const scriptSrc = scriptHashes.length > 0 ? scriptHashes.map((hash) => `'${hash}'`).join(' ') : "'none'";
  return {
    ...PRIVATE,
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptSrc}; img-src 'self' data:; form-action 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
  };
}

const PAGE_SECURITY = pageSecurity([]);

/** Header names lower-cased (API Gateway passes them as the client sent them in some integrations). */
export function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...PRIVATE, ...headers },
    body: JSON.stringify(body),
  };
}

export const ok = (body: unknown) => json(200, body);
export const accepted = (body: unknown) => json(202, body);

/** An HTML page; `scriptHashes` (`sha256-…`) are the only scripts it may run (none by default). */
export function html(statusCode: number, page: string, scriptHashes: readonly string[] = []): HttpResponse {
  const security = scriptHashes.length > 0 ? pageSecurity(scriptHashes) : PAGE_SECURITY;
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', ...security }, body: page };
}

export { escapeHtml } from './escape-html.js';
