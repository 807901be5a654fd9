import { html } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { renderStatusLinkSentPage } from '../pages/status-link-pages.js';

/** GET /status-link/sent: where the "email me a fresh link" form lands, whatever the address. Static. */
async function showStatusLinkSentPage() {
  return html(200, renderStatusLinkSentPage());
}

export const handler = httpRoute({}, showStatusLinkSentPage);
