import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { pageErrorResponse } from '../edge/page-errors.js';
import { renderConfirmPage } from '../pages/token-pages.js';

export const ConfirmPageQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** GET /confirm?token=…: a page with a confirm button. Changes nothing: mail scanners follow links. */
async function showConfirmPage({ query }: { query: z.infer<typeof ConfirmPageQuery> }) {
  return html(200, renderConfirmPage(query.token));
}

export const handler = httpRoute({ query: ConfirmPageQuery, renderError: pageErrorResponse }, showConfirmPage);
