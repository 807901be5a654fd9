import { config } from '../common/config.js';
import { html } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { privacyFacts, renderPrivacyPage } from '../pages/privacy-page.js';

/** GET /privacy: what is stored, for how long, and who operates this Recert (from its configuration). */
export const handler = httpRoute({}, async () => html(200, renderPrivacyPage(privacyFacts(config()))));
