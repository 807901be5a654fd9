import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { pageErrorResponse } from '../edge/page-errors.js';
import { isFormPost, pageOrJson } from '../edge/page-or-json.js';
import {
  requestStatusLinkForm,
  requestStatusLinkJson,
  StatusLinkRequestSchema,
} from '../features/signup/submit-status-link-request.js';

export { StatusLinkRequestSchema };

/** The body is validated inside the use case: a form post must be mapped to the JSON shape first. */
const RawBody = z.unknown();

/**
 * POST /api/status-links: "email me my link". A form post gets a 303 to the "sent" page (or the form again after a
 * mistake); a JSON client gets 202. Both answer the same for every address.
 */
export const handler = pageOrJson(
  isFormPost,
  httpRoute({ body: RawBody, renderError: pageErrorResponse }, requestStatusLinkForm),
  httpRoute({ body: RawBody }, requestStatusLinkJson),
);
