import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { showReminderAction } from '../features/my-record/reminder-action.js';
import { dependencies } from '../wiring/dependencies.js';

export const ReminderActionQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** GET /act?token=… (a reminder's "Done already?" link): asks what to record; only the form's POST changes anything. */
export const handler = httpRoute(
  { query: ReminderActionQuery, renderError: tokenPageErrorResponse },
  async ({ query, now }) => showReminderAction(await dependencies(), query.token, now),
);
