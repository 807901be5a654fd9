import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { pageErrorResponse } from '../edge/page-errors.js';
import { renderUnsubscribePage } from '../pages/token-pages.js';

export const UnsubscribePageQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** GET /unsubscribe?token=…: explains and offers a button; only the POST unsubscribes (RFC 8058). */
async function showUnsubscribePage({ query }: { query: z.infer<typeof UnsubscribePageQuery> }) {
  return html(200, renderUnsubscribePage(query.token));
}

export const handler = httpRoute({ query: UnsubscribePageQuery, renderError: pageErrorResponse }, showUnsubscribePage);
