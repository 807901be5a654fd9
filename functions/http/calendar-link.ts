import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { CALENDAR_ACTIONS, postCalendarLink } from '../features/my-record/calendar-feed.js';
import { dependencies } from '../wiring/dependencies.js';

export const CalendarForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum(CALENDAR_ACTIONS),
});

/** POST /status/calendar (the status page, no script): make the calendar link, or replace it and revoke the old. */
export const handler = httpRoute({ body: CalendarForm, renderError: tokenPageErrorResponse }, async ({ body, now }) =>
  postCalendarLink(await dependencies(), body, now),
);
