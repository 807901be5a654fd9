import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../common/errors.js';
import { type HttpResponse, html } from '../common/http.js';
import { jsonErrorResponse } from '../edge/map-errors.js';
import { observed } from '../edge/observability.js';
import { wantsHtml } from '../edge/page-or-json.js';
import { renderNotFoundPage } from '../pages/not-found-page.js';

/**
 * The `$default` route (any method, any path no other route matches): a 404 page for browsers, the API's JSON error
 * otherwise. Not an `httpRoute`: nothing is read from the request but its method and path, so no body can turn the
 * 404 into a 400. Observed like every entry (ADR 0028), although it logs and counts nothing today.
 */
export const handler = observed(async (event: APIGatewayProxyEventV2): Promise<HttpResponse> => {
  if (wantsHtml(event)) return html(404, renderNotFoundPage());
  const asked = `${event.requestContext.http.method} ${event.rawPath.slice(0, 200)}`;
  return jsonErrorResponse(new NotFoundError(`There is no ${asked}; see docs/api.md.`));
});
