import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { pageErrorResponse } from '../edge/page-errors.js';
import { isFormPost, pageOrJson } from '../edge/page-or-json.js';
import { SignupSchema } from '../features/signup/signup-schema.js';
import { submitSignupForm, submitSignupJson } from '../features/signup/submit-signup.js';

export { SignupSchema };

/** The body is validated inside the use case: a form post must be mapped to the JSON shape first. */
const RawBody = z.unknown();

/** POST /api/signups: the sign-up form's post (an HTML page back) or a JSON client's (JSON back). */
export const handler = pageOrJson(
  isFormPost,
  httpRoute({ body: RawBody, renderError: pageErrorResponse }, submitSignupForm),
  httpRoute({ body: RawBody }, submitSignupJson),
);
