import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number };

/** Links carry capability tokens: never cache, never leak them through Referer. */
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' };

const PAGE_SECURITY = {
  ...PRIVATE,
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...PRIVATE, ...headers },
    body: JSON.stringify(body),
  };
}

export const ok = (body: unknown) => json(200, body);
export const accepted = (body: unknown) => json(202, body);

export function noContent(): HttpResponse {
  return { statusCode: 204, headers: { ...PRIVATE }, body: '' };
}

export function html(statusCode: number, page: string): HttpResponse {
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_SECURITY }, body: page };
}

export function redirect(location: string, statusCode: 303 | 302 = 303): HttpResponse {
  return { statusCode, headers: { location, ...PRIVATE }, body: '' };
}

export { escapeHtml } from './escape-html.js';
