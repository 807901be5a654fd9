import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { HttpError } from '../common/errors.js';
import { type HttpResponse, html, lowerCaseHeaders } from '../common/http.js';
import { TokenError } from '../common/tokens.js';
import { renderInvalidLinkPage } from '../pages/token-pages.js';
import { pageErrorResponse } from './page-errors.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

function header(event: APIGatewayProxyEventV2, name: string): string {
  return lowerCaseHeaders(event.headers)[name] ?? '';
}

/** An HTML form post from a browser (the pages post `application/x-www-form-urlencoded`). */
export function isFormPost(event: APIGatewayProxyEventV2): boolean {
  return header(event, 'content-type').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** A browser navigation that wants a page back (RFC 8058 one-click posts from mail providers do not ask for HTML). */
export function wantsHtml(event: APIGatewayProxyEventV2): boolean {
  return /\btext\/html\b/i.test(header(event, 'accept'));
}

/** Routes one entry point to a page-answering or a JSON-answering variant of the same use case. */
export function pageOrJson(isPage: (event: APIGatewayProxyEventV2) => boolean, page: Handler, api: Handler): Handler {
  return (event, context) => (isPage(event) ? page(event, context) : api(event, context));
}

/** Pages behind token links: a bad, expired or used token shows the invalid-link page with a 401. */
export function tokenPageErrorResponse(error: unknown): HttpResponse {
  const unauthorized = error instanceof TokenError || (error instanceof HttpError && error.statusCode === 401);
  return unauthorized ? html(401, renderInvalidLinkPage()) : pageErrorResponse(error);
}
