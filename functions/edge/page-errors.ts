import { type HttpResponse, html } from '../common/http.js';
import { messagePage } from '../pages/layout.js';
import { errorResponse } from './map-errors.js';

/** Browser routes show errors as a page with the same status the JSON API would use. */
export function pageErrorResponse(error: unknown): HttpResponse {
  const { statusCode, body, headers } = errorResponse(error);
  const title =
    statusCode === 401 ? 'This link has expired' : statusCode >= 500 ? 'Something went wrong' : 'Please check the link';
  return html(statusCode, messagePage(title, body.error.message), {}, headers);
}
