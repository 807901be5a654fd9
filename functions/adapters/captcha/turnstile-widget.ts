/**
 * What a page needs to show the Turnstile widget: no secrets and no verification code here, so the sign-up page's
 * bundle carries only these strings.
 */

/** The one third-party origin the sign-up page may load script and frames from when the CAPTCHA is on. */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

/** The widget loader; with implicit rendering it turns every `.cf-turnstile` element into a widget. */
export const TURNSTILE_SCRIPT_URL = `${TURNSTILE_ORIGIN}/turnstile/v0/api.js`;

/** The hidden form field the widget fills with its token (Turnstile's default `response-field-name`). */
export const TURNSTILE_RESPONSE_FIELD = 'cf-turnstile-response';
