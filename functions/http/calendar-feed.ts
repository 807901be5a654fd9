import { httpRoute } from '../edge/http-route.js';
import { calendarFeed } from '../features/my-record/calendar-feed.js';
import { dependencies } from '../wiring/dependencies.js';

/**
 * GET /calendar/{feed}: a trainer's private calendar subscription (`<feed id>.ics`), rendered fresh from the record
 * on each fetch. No token: the feed id is the capability, and it is revoked by replacing it on the status page.
 */
export const handler = httpRoute({}, async ({ pathParameters, now }) =>
  calendarFeed(await dependencies(), pathParameters.feed, now),
);
