import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { signupSentAddress } from '../features/signup/submit-signup.js';
import { renderSignupSentPage } from '../pages/signup-sent-page.js';

export const SignupSentQuery = z.object({ token: z.optional(z.string().check(z.maxLength(1024))) });

/** GET /signup/sent?token=…: "check your email", naming the address while the form's short-lived link lasts. */
export const handler = httpRoute({ query: SignupSentQuery }, async ({ query, now }) =>
  html(200, renderSignupSentPage(await signupSentAddress(query.token, now))),
);
