import { TURNSTILE_RESPONSE_FIELD } from '../../adapters/captcha/turnstile-widget.js';
import { config } from '../../common/config.js';
import { type HttpError, InvalidRequestError } from '../../common/errors.js';
import { accepted, html, seeOther } from '../../common/http.js';
import { toFieldIssues } from '../../common/validation.js';
import * as z from '../../common/zod.js';
import type { RouteRequest } from '../../edge/http-route.js';
import { retryAfterHeaders } from '../../edge/map-errors.js';
import { messagePage } from '../../pages/layout.js';
import {
  STATUS_LINK_EMAIL_ERROR,
  STATUS_LINK_SENT_PATH,
  STATUS_LINK_SENT_SENTENCES,
  type StatusLinkFormInput,
  statusLinkPageResponse,
} from '../../pages/status-link-pages.js';
import { dependencies } from '../../wiring/dependencies.js';
import { mailingDependencies } from '../../wiring/mailing-dependencies.js';
import { checkSignupCaptcha, signupCaptcha } from './captcha.js';
import { captchaVerifier } from './captcha-verifier.js';
import { requestStatusLink } from './request-status-link.js';
import { MAX_CAPTCHA_TOKEN_LENGTH, MAX_EMAIL_LENGTH } from './signup-schema.js';
import { checkSourceLimit } from './source-limit.js';

/**
 * POST /api/status-links: `{ "email": "…" }` (plus `captchaToken` when the CAPTCHA is on). Strict, so an unknown key
 * is refused by name. Every way an address can be wrong gets the one message a trainer can act on.
 */
export const StatusLinkRequestSchema = z.strictObject({
  email: z.string({ error: STATUS_LINK_EMAIL_ERROR }).check(
    z.trim(),
    // One issue per bad address: a trainer needs to read the fix once.
    z.maxLength(MAX_EMAIL_LENGTH, { error: STATUS_LINK_EMAIL_ERROR, abort: true }),
    z.email({ error: STATUS_LINK_EMAIL_ERROR }),
  ),
  captchaToken: z.optional(
    z
      .string()
      .check(z.maxLength(MAX_CAPTCHA_TOKEN_LENGTH, { error: `at most ${MAX_CAPTCHA_TOKEN_LENGTH} characters` })),
  ),
});

export type StatusLinkRequest = z.infer<typeof StatusLinkRequestSchema>;

/** The JSON answer, the same for every address (unknown, confirmed, suppressed, asked twice within the hour). */
export const STATUS_LINK_ACCEPTED = {
  message: `${STATUS_LINK_SENT_SENTENCES.sent} ${STATUS_LINK_SENT_SENTENCES.nothingArrives} ${STATUS_LINK_SENT_SENTENCES.signUpAgain}`,
} as const;

export type StatusLinkHttpRequest = Pick<RouteRequest<unknown, undefined>, 'body' | 'now' | 'event'>;

/** The CAPTCHA gate of sign-up (ADR 0015), run after validation and before anything is read, written or sent. */
async function captchaFailure(request: StatusLinkRequest, event: StatusLinkHttpRequest['event']) {
  // Optional chaining: a hand-made event (npm run invoke, tests) may come without a request context.
  return checkSignupCaptcha(await captchaVerifier(), request.captchaToken, event.requestContext?.http?.sourceIp);
}

/** The per-network limit sign-up also counts against (ADR 0024): after the CAPTCHA, before any address is read. */
async function sourceLimitFailure(event: StatusLinkHttpRequest['event'], now: Date) {
  const { repositories } = await dependencies();
  return checkSourceLimit(repositories.sourceIpWindows, event.requestContext?.http?.sourceIp, now);
}

async function accept(request: StatusLinkRequest, now: Date): Promise<void> {
  await requestStatusLink(await mailingDependencies(), request.email, now);
}

/**
 * POST /api/status-links (JSON): 202 with the same body for every address (unknown, confirmed, suppressed, asked
 * twice within the hour); 400 naming each bad field; 403 for a refused CAPTCHA token; 503 when it could not be
 * checked; 429 with Retry-After when the network sent too many requests in the last minutes.
 */
export async function requestStatusLinkJson({ body, now, event }: StatusLinkHttpRequest) {
  const parsed = StatusLinkRequestSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(toFieldIssues(parsed.error, body));
  const refused = (await captchaFailure(parsed.data, event)) ?? (await sourceLimitFailure(event, now));
  if (refused) throw refused;
  await accept(parsed.data, now);
  return accepted(STATUS_LINK_ACCEPTED);
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The posted form in the JSON API's shape: the widget's token under the API's name. */
function readStatusLinkForm(body: unknown): StatusLinkRequest {
  const form = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const captchaToken = text(form[TURNSTILE_RESPONSE_FIELD]);
  return { email: text(form.email), ...(captchaToken ? { captchaToken } : {}) };
}

type FormErrors = NonNullable<StatusLinkFormInput['errors']>;

/** What the trainer can do about a missing (or mangled) CAPTCHA token: the widget is on the page answered. */
const COMPLETE_THE_CHECK = 'complete the check below, then press the button again';

/** Form errors by field, in a trainer's words: never a field path or a library message. */
function formErrors(issues: readonly { readonly path: string }[]): FormErrors {
  const on = (path: string) => issues.some((issue) => issue.path === path);
  return {
    ...(on('email') ? { email: STATUS_LINK_EMAIL_ERROR } : {}),
    ...(on('captchaToken') ? { captcha: COMPLETE_THE_CHECK } : {}),
  };
}

/** A CAPTCHA refusal next to a fresh widget. */
function captchaError(refused: HttpError): string {
  return refused instanceof InvalidRequestError ? COMPLETE_THE_CHECK : refused.message;
}

/**
 * POST /api/status-links (HTML form): a 303 to the "sent" page for every address (a refresh never posts twice), or
 * the request page again with the error next to its field (with the status the JSON API would use) and the address
 * kept, or a 429 page saying when to try again.
 */
export async function requestStatusLinkForm({ body, now, event }: StatusLinkHttpRequest) {
  const input = readStatusLinkForm(body);
  const formAgain = (statusCode: number, errors: FormErrors, headers = {}) =>
    statusLinkPageResponse(statusCode, { email: input.email, errors, captcha: signupCaptcha(config()) }, headers);
  const parsed = StatusLinkRequestSchema.safeParse(input);
  if (!parsed.success) return formAgain(400, formErrors(toFieldIssues(parsed.error, input)));
  const refused = await captchaFailure(parsed.data, event);
  if (refused) return formAgain(refused.statusCode, { captcha: captchaError(refused) }, retryAfterHeaders(refused));
  const limited = await sourceLimitFailure(event, now);
  if (limited) return tryAgainLater(limited);
  await accept(parsed.data, now);
  return seeOther(STATUS_LINK_SENT_PATH);
}

/** The form has no place for a message about the whole request: a page that says when to come back, and a way there. */
function tryAgainLater(limited: HttpError) {
  return html(
    limited.statusCode,
    messagePage('Please wait a few minutes', limited.message, '<p><a href="/status-link">Back to the form</a></p>'),
    {},
    retryAfterHeaders(limited),
  );
}
