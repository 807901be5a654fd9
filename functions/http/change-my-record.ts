import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { postStatusChange } from '../features/my-record/status-page-post.js';
import { dependencies } from '../wiring/dependencies.js';

/** The form is read by the use case: each of the page's forms has its own fields (see change-form.ts). */
const StatusForm = z.unknown();

/** POST /status: a change from one of the status page's forms (log or remove a course, a certification's dates …). */
export const handler = httpRoute({ body: StatusForm, renderError: tokenPageErrorResponse }, async ({ body, now }) =>
  postStatusChange(await dependencies(), body, now),
);
