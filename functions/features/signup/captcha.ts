import { CaptchaUnavailableError, type CaptchaVerifier } from '../../adapters/captcha/index.js';
import type { Config } from '../../common/config.js';
import { type HttpError, InvalidRequestError } from '../../common/errors.js';
import { logger } from '../../common/logger.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import { CaptchaRejectedError, SignupCaptchaUnavailableError } from './errors.js';

/** Where a JSON client puts the token (the form posts Turnstile's own `cf-turnstile-response`, mapped to this). */
export const CAPTCHA_TOKEN_FIELD = 'captchaToken';

/** The widget action of the sign-up form: a token solved for another form that shares the site key is refused. */
export const SIGNUP_CAPTCHA_ACTION = 'signup';

/** Emitted on every fail-closed answer; the stateless stack alarms on it (a 503 is not a Lambda error). */
export const CAPTCHA_UNAVAILABLE_METRIC = 'CaptchaUnavailable';

/** What the sign-up page needs to show the widget, or undefined when the CAPTCHA is off. */
export interface SignupCaptcha {
  readonly siteKey: string;
  readonly action: string;
}

export function signupCaptcha(cfg: Pick<Config, 'TURNSTILE_SITE_KEY'>): SignupCaptcha | undefined {
  return cfg.TURNSTILE_SITE_KEY === undefined
    ? undefined
    : { siteKey: cfg.TURNSTILE_SITE_KEY, action: SIGNUP_CAPTCHA_ACTION };
}

/**
 * The CAPTCHA gate of a sign-up, run after validation and before anything is written or sent. Undefined lets the
 * sign-up through (passed, or the CAPTCHA is off); otherwise the error to answer with: 400 naming `captchaToken`
 * when there is no token, 403 when it is refused, 503 with Retry-After when the provider gave no verdict.
 */
export async function checkSignupCaptcha(
  verifier: CaptchaVerifier | undefined,
  token: string | undefined,
  remoteIp: string | undefined,
): Promise<HttpError | undefined> {
  if (verifier === undefined) return undefined;
  if (!token) {
    return new InvalidRequestError([
      { path: CAPTCHA_TOKEN_FIELD, message: 'required: complete the check that you are a person' },
    ]);
  }
  try {
    const verdict = await verifier.verify({
      token,
      action: SIGNUP_CAPTCHA_ACTION,
      ...(remoteIp ? { remoteIp } : {}),
    });
    if (verdict.passed) return undefined;
    logger.info('sign-up refused: CAPTCHA token not accepted', { reason: verdict.reason });
    return new CaptchaRejectedError();
  } catch (error) {
    // Turning an adapter outcome into a domain outcome: no verdict means no sign-up, and a retryable answer.
    if (!(error instanceof CaptchaUnavailableError)) throw error;
    logger.warn('sign-up refused: CAPTCHA provider gave no verdict (fail closed)', { error });
    metrics.addMetric(CAPTCHA_UNAVAILABLE_METRIC, MetricUnit.Count, 1);
    return new SignupCaptchaUnavailableError();
  }
}
