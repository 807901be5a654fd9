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

/** What a page may load beyond itself: its own static inline scripts by hash, and third-party origins. */
export interface PageSources {
  /** `sha256-…` of each static inline script the page runs. */
  readonly scriptHashes?: readonly string[];
  /** Origins whose scripts the page loads (the CAPTCHA widget's loader), e.g. `https://challenges.cloudflare.com`. */
  readonly scriptOrigins?: readonly string[];
  /** Origins the page may frame (the CAPTCHA widget's iframe); nothing otherwise (`default-src 'none'`). */
  readonly frameOrigins?: readonly string[];
}

/**
 * Pages run no script unless they name its hash or its origin: a page's inline script is static (`sha256-…` computed
 * once at module load), so nothing a request carries can ever become script, even if markup slipped through
 * escaping. Only the sign-up page with the CAPTCHA on names an origin (Cloudflare Turnstile), and only that one.
 */
function pageSecurity({
  scriptHashes = [],
  scriptOrigins = [],
  frameOrigins = [],
}: PageSources): Record<string, string> {
  const scripts = [...scriptHashes.map((hash) => `'${hash}'`), ...scriptOrigins];
  const frameSrc = frameOrigins.length > 0 ? ` frame-src ${frameOrigins.join(' ')};` : '';
  return {
    ...PRIVATE,
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"};${frameSrc} img-src 'self' data:; form-action 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
  };
}

const PAGE_SECURITY = pageSecurity({});

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

/** 303 See Other: after a form post, the browser GETs `location`, so a refresh never posts twice. */
export function seeOther(location: string): HttpResponse {
  return { statusCode: 303, headers: { location, ...PRIVATE }, body: '' };
}
export const accepted = (body: unknown) => json(202, body);

/** An HTML page; `sources` are the only scripts and frames it may load (none by default). */
export function html(
  statusCode: number,
  page: string,
  sources: PageSources = {},
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  const isDefault = !sources.scriptHashes?.length && !sources.scriptOrigins?.length && !sources.frameOrigins?.length;
  const security = isDefault ? PAGE_SECURITY : pageSecurity(sources);
  return { statusCode, headers: { 'content-type': 'text/html; charset=utf-8', ...security, ...headers }, body: page };
}

export { escapeHtml } from './escape-html.js';
