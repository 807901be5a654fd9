import { listCatalog } from '../../core/index.js';
import { config } from '../common/config.js';
import { httpRoute } from '../edge/http-route.js';
import { signupCaptcha } from '../features/signup/captcha.js';
import { signupPageResponse } from '../pages/signup-page.js';

/** GET /: the sign-up form (with the CAPTCHA widget when a site key is configured). */
async function showSignupPage() {
  return signupPageResponse(200, { catalog: listCatalog(), captcha: signupCaptcha(config()) });
}

export const handler = httpRoute({}, showSignupPage);
