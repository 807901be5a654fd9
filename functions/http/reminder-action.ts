import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { postReminderAction } from '../features/my-record/reminder-action.js';
import { dependencies } from '../wiring/dependencies.js';

/** The form's fields depend on the action its token names; the use case reads them as the status page's forms. */
export const ReminderActionForm = z.record(z.string(), z.unknown());

/** POST /act: records what a reminder's action link asked for, once; then on to the status page. */
export const handler = httpRoute(
  { body: ReminderActionForm, renderError: tokenPageErrorResponse },
  async ({ body, now }) => postReminderAction(await dependencies(), body, now),
);
