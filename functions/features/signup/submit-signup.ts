import { listCatalog, type TrainerProfile } from '../../../core/index.js';
import { config } from '../../common/config.js';
import { type HttpError, InvalidRequestError } from '../../common/errors.js';
import { accepted, html } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { toFieldIssues } from '../../common/validation.js';
import type { RouteRequest } from '../../edge/http-route.js';
import { retryAfterHeaders } from '../../edge/map-errors.js';
import { messagePage } from '../../pages/layout.js';
import { readSignupForm } from '../../pages/signup-form.js';
import { signupPageResponse } from '../../pages/signup-page.js';
import { mailingDependencies } from '../../wiring/mailing-dependencies.js';
import { checkSignupCaptcha, signupCaptcha } from './captcha.js';
import { captchaVerifier } from './captcha-verifier.js';
import { registerSignup, SIGNUP_ACCEPTED } from './register-signup.js';
import { isHoneypotFilled, type Signup, SignupSchema } from './signup-schema.js';

export type SignupRequest = Pick<RouteRequest<unknown, undefined>, 'body' | 'now' | 'event'>;

/** The CAPTCHA gate (ADR 0015): after validation, before anything is written or sent. */
async function captchaFailure(signup: Signup, event: SignupRequest['event']): Promise<HttpError | undefined> {
  // Optional chaining: a hand-made event (npm run invoke, tests) may come without a request context.
  return checkSignupCaptcha(await captchaVerifier(), signup.captchaToken, event.requestContext?.http?.sourceIp);
}

async function accept(signup: Signup, now: Date): Promise<void> {
  // Zod types absent optional keys as `T | undefined`; parsed JSON never holds an explicit undefined.
  // Marked as entered on the form, for the trainer's history on their status page.
  const activities = signup.activities.map((activity) => ({ ...activity, enteredVia: 'sign-up' }));
  const profile = { credentials: signup.credentials, activities } as TrainerProfile;
  await registerSignup(await mailingDependencies(), { email: signup.email, name: signup.name, profile }, now);
}

/**
 * POST /api/signups (JSON): 202 with the same body for every address; 400 naming each bad field (or a missing
 * `captchaToken`); 403 for a refused CAPTCHA token; 503 with Retry-After when it could not be checked.
 */
export async function submitSignupJson({ body, now, event }: SignupRequest) {
  if (isHoneypotFilled(body)) return honeypot(accepted(SIGNUP_ACCEPTED));
  const parsed = SignupSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(toFieldIssues(parsed.error, body));
  const refused = await captchaFailure(parsed.data, event);
  if (refused) throw refused;
  await accept(parsed.data, now);
  return accepted(SIGNUP_ACCEPTED);
}

const CHECK_EMAIL_PAGE = messagePage('Check your email', SIGNUP_ACCEPTED.message);

/**
 * POST /api/signups (HTML form): re-renders the form with errors next to their fields (a CAPTCHA refusal next to a
 * fresh widget, with the same status the JSON API would use) and what was typed kept, or a "check your email" page.
 */
export async function submitSignupForm({ body, now, event }: SignupRequest) {
  const form = readSignupForm(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
  if (isHoneypotFilled(form.input)) return honeypot(html(202, CHECK_EMAIL_PAGE));
  const formAgain = (statusCode: number, errors: Record<string, string>, headers: Record<string, string> = {}) =>
    signupPageResponse(
      statusCode,
      { catalog: listCatalog(), values: form.values, errors, captcha: signupCaptcha(config()) },
      headers,
    );
  const parsed = SignupSchema.safeParse(form.input);
  if (!parsed.success) return formAgain(400, form.errorsByField(toFieldIssues(parsed.error, form.input)));
  const refused = await captchaFailure(parsed.data, event);
  if (refused) {
    const errors =
      refused instanceof InvalidRequestError ? form.errorsByField(refused.issues) : { captcha: refused.message };
    return formAgain(refused.statusCode, errors, retryAfterHeaders(refused));
  }
  await accept(parsed.data, now);
  return html(202, CHECK_EMAIL_PAGE);
}

function honeypot<T>(response: T): T {
  logger.info('sign-up honeypot filled; ignored');
  return response;
}
