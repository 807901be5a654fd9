import { config } from '../common/config.js';
import { httpRoute } from '../edge/http-route.js';
import { signupCaptcha } from '../features/signup/captcha.js';
import { statusLinkPageResponse } from '../pages/status-link-pages.js';

/** GET /status-link: the "email me a fresh link" form on its own (with the CAPTCHA widget when it is on). */
async function showStatusLinkPage() {
  return statusLinkPageResponse(200, { captcha: signupCaptcha(config()) });
}

export const handler = httpRoute({}, showStatusLinkPage);
