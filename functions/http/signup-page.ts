import { listCatalog } from '../../core/index.js';
import { httpRoute } from '../middleware/http-route.js';
import { renderSignupPage } from '../pages/signup-page.js';
import { html } from '../shared/http.js';

/** GET /: the sign-up form. */
async function showSignupPage() {
  return html(200, renderSignupPage({ catalog: listCatalog() }));
}

export const handler = httpRoute({}, showSignupPage);
