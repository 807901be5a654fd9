import { listCatalog, type TrainerProfile } from '../../../core/index.js';
import { config } from '../../common/config.js';
import { type HttpError, InvalidRequestError } from '../../common/errors.js';
import { accepted, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { TokenError } from '../../common/tokens.js';
import { toFieldIssues } from '../../common/validation.js';
import type { RouteRequest } from '../../edge/http-route.js';
import { retryAfterHeaders } from '../../edge/map-errors.js';
import { readSignupForm } from '../../pages/signup-form.js';
import { MAX_ROWS, type RowCounts, type RowKind, signupPageResponse } from '../../pages/signup-page.js';
import { SIGNUP_SENT_PATH } from '../../pages/signup-sent-page.js';
import { dependencies } from '../../wiring/dependencies.js';
import { mailingDependencies } from '../../wiring/mailing-dependencies.js';
import { checkSignupCaptcha, signupCaptcha } from './captcha.js';
import { captchaVerifier } from './captcha-verifier.js';
import { registerSignup, SIGNUP_ACCEPTED } from './register-signup.js';
import { isHoneypotFilled, type Signup, SignupSchema } from './signup-schema.js';
import { checkSourceLimit } from './source-limit.js';

export type SignupRequest = Pick<RouteRequest<unknown, undefined>, 'body' | 'now' | 'event'>;

/** The CAPTCHA gate (ADR 0015): after validation, before anything is written or sent. */
async function captchaFailure(signup: Signup, event: SignupRequest['event']): Promise<HttpError | undefined> {
  // Optional chaining: a hand-made event (npm run invoke, tests) may come without a request context.
  return checkSignupCaptcha(await captchaVerifier(), signup.captchaToken, event.requestContext?.http?.sourceIp);
}

/**
 * The per-network limit (ADR 0024): after the CAPTCHA, so a refused request still writes nothing, and before the
 * sign-up's own reads and writes, so a refused one does none of them.
 */
async function sourceLimitFailure(event: SignupRequest['event'], now: Date) {
  const { repositories } = await dependencies();
  // Optional chaining: a hand-made event (npm run invoke, tests) may come without a request context.
  return checkSourceLimit(repositories.sourceIpWindows, event.requestContext?.http?.sourceIp, now);
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
 * `captchaToken`); 403 for a refused CAPTCHA token; 503 with Retry-After when it could not be checked; 429 with
 * Retry-After when the network sent too many requests in the last minutes.
 */
export async function submitSignupJson({ body, now, event }: SignupRequest) {
  if (isHoneypotFilled(body)) return honeypot(accepted(SIGNUP_ACCEPTED));
  const parsed = SignupSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(toFieldIssues(parsed.error, body));
  const refused = (await captchaFailure(parsed.data, event)) ?? (await sourceLimitFailure(event, now));
  if (refused) throw refused;
  await accept(parsed.data, now);
  return accepted(SIGNUP_ACCEPTED);
}

/**
 * POST /api/signups (HTML form): re-renders the form with errors next to their fields (a CAPTCHA refusal next to a
 * fresh widget, with the same status the JSON API would use; a 429 above the form) and what was typed kept, or a 303
 * to the "check your email" page (so a refresh never posts again).
 */
export async function submitSignupForm({ body, now, event }: SignupRequest) {
  const form = readSignupForm(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
  // A bot gets the answer a person would: nothing to learn from it.
  if (isHoneypotFilled(form.input)) return honeypot(await checkYourEmail(form.values.email ?? '', now));
  const formAgain = (
    statusCode: number,
    errors: Record<string, string>,
    headers: Record<string, string> = {},
    rows = form.rows,
  ) =>
    signupPageResponse(
      statusCode,
      { catalog: listCatalog(), values: form.values, errors, rows, captcha: signupCaptcha(config()) },
      headers,
    );
  // "Add another …" is not a sign-up: nothing is checked, written or sent.
  if (form.addRow) return formAgain(200, {}, {}, withOneMoreRow(form.rows, form.addRow));
  const parsed = SignupSchema.safeParse(form.input);
  if (!parsed.success) return formAgain(400, form.errorsByField(toFieldIssues(parsed.error, form.input)));
  const refused = await captchaFailure(parsed.data, event);
  if (refused) {
    const errors =
      refused instanceof InvalidRequestError ? form.errorsByField(refused.issues) : { captcha: refused.message };
    return formAgain(refused.statusCode, errors, retryAfterHeaders(refused));
  }
  // Too many requests from this network: the form again with what was typed, saying when to try again.
  const limited = await sourceLimitFailure(event, now);
  if (limited) return formAgain(limited.statusCode, { form: limited.message }, retryAfterHeaders(limited));
  await accept(parsed.data, now);
  return checkYourEmail(parsed.data.email, now);
}

/** 303 to "check your email", whose short-lived link names the address typed. */
async function checkYourEmail(email: string, now: Date) {
  const { tokens } = await dependencies();
  return seeOther(`${SIGNUP_SENT_PATH}?token=${encodeURIComponent(tokens.issue('signup-sent', email, now))}`);
}

/** The address the "check your email" page names, while its link lasts; nothing for a missing or stale link. */
export async function signupSentAddress(token: string | undefined, now: Date): Promise<string | undefined> {
  if (!token) return undefined;
  const { tokens } = await dependencies();
  try {
    return tokens.verify(token, 'signup-sent', now).subject;
  } catch (error) {
    if (error instanceof TokenError) return undefined;
    throw error;
  }
}

function withOneMoreRow(rows: RowCounts, kind: RowKind): RowCounts {
  return { ...rows, [kind]: Math.min(MAX_ROWS[kind], rows[kind] + 1) };
}

function honeypot<T>(response: T): T {
  logger.info('sign-up honeypot filled; ignored');
  return response;
}
