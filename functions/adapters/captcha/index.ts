export {
  type CaptchaCheck,
  type CaptchaRejection,
  CaptchaSecretRefusedError,
  CaptchaUnavailableError,
  type CaptchaVerdict,
  type CaptchaVerifier,
} from './captcha-verifier.js';
export {
  createTurnstileVerifier,
  SITEVERIFY_TIMEOUT_MS,
  SITEVERIFY_URL,
  TURNSTILE_TEST_SECRET,
  type TurnstileVerifierOptions,
} from './turnstile.js';
export { TURNSTILE_ORIGIN, TURNSTILE_RESPONSE_FIELD, TURNSTILE_SCRIPT_URL } from './turnstile-widget.js';
