import { listCatalog, type TrainerProfile } from '../../core/index.js';
import { registerSignup, SIGNUP_ACCEPTED } from '../intake/register-signup.js';
import { isFormPost, pageOrJson } from '../intake/responses.js';
import { isHoneypotFilled, type Signup, SignupSchema } from '../intake/signup-schema.js';
import { httpRoute } from '../middleware/http-route.js';
import { messagePage } from '../pages/layout.js';
import { pageErrorResponse } from '../pages/page-errors.js';
import { readSignupForm } from '../pages/signup-form.js';
import { renderSignupPage } from '../pages/signup-page.js';
import { InvalidRequestError } from '../shared/errors.js';
import { accepted, html } from '../shared/http.js';
import { logger } from '../shared/logger.js';
import { mailingDependencies } from '../shared/mailing-dependencies.js';
import { toFieldIssues } from '../shared/validation.js';
import * as z from '../shared/zod.js';

export { SignupSchema };

/** The body is validated inside the use case: a form post must be mapped to the JSON shape first. */
const RawBody = z.unknown();

async function accept(signup: Signup, now: Date): Promise<void> {
  // Zod types absent optional keys as `T | undefined`; parsed JSON never holds an explicit undefined.
  const profile = { credentials: signup.credentials, activities: signup.activities } as TrainerProfile;
  await registerSignup(await mailingDependencies(), { email: signup.email, name: signup.name, profile }, now);
}

/** POST /api/signups (JSON): 202 with the same body for every address; 400 naming each bad field. */
async function submitSignupJson({ body, now }: { body: unknown; now: Date }) {
  if (isHoneypotFilled(body)) return honeypot(accepted(SIGNUP_ACCEPTED));
  const parsed = SignupSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(toFieldIssues(parsed.error, body));
  await accept(parsed.data, now);
  return accepted(SIGNUP_ACCEPTED);
}

const CHECK_EMAIL_PAGE = messagePage('Check your email', SIGNUP_ACCEPTED.message);

/** POST /api/signups (HTML form): re-renders the form with errors next to their fields, or a "check your email" page. */
async function submitSignupForm({ body, now }: { body: unknown; now: Date }) {
  const form = readSignupForm(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
  if (isHoneypotFilled(form.input)) return honeypot(html(202, CHECK_EMAIL_PAGE));
  const parsed = SignupSchema.safeParse(form.input);
  if (!parsed.success) {
    const errors = form.errorsByField(toFieldIssues(parsed.error, form.input));
    return html(400, renderSignupPage({ catalog: listCatalog(), values: form.values, errors }));
  }
  await accept(parsed.data, now);
  return html(202, CHECK_EMAIL_PAGE);
}

function honeypot<T>(response: T): T {
  logger.info('sign-up honeypot filled; ignored');
  return response;
}

export const handler = pageOrJson(
  isFormPost,
  httpRoute({ body: RawBody, renderError: pageErrorResponse }, submitSignupForm),
  httpRoute({ body: RawBody }, submitSignupJson),
);
