import { httpRoute } from '../edge/http-route.js';
import { viewSharedStatus } from '../features/sharing/view-shared-status.js';
import { dependencies } from '../wiring/dependencies.js';

/**
 * GET /verify/{link}: a trainer's verification link, for whoever they sent it to: a page, or JSON with
 * `Accept: application/json`. No token: the link id is the capability; the trainer turns it off on their status page.
 */
export const handler = httpRoute({}, async ({ pathParameters, headers, now }) =>
  viewSharedStatus(await dependencies(), pathParameters.link, headers.accept, now),
);
