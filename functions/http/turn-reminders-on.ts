import { seeOther } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { requestResubscribe } from '../features/my-record/resubscribe.js';
import { trainerForToken } from '../features/my-record/session.js';
import { mailingDependencies } from '../wiring/mailing-dependencies.js';

export const TurnRemindersOnForm = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** POST /status/reminders (the status page's "Turn reminders back on"): emails the opt-in link, back to the page. */
export const handler = httpRoute(
  { body: TurnRemindersOnForm, renderError: tokenPageErrorResponse },
  async ({ body, now }) => {
    const deps = await mailingDependencies();
    await requestResubscribe(deps, await trainerForToken(deps, body.token, now), now);
    return seeOther(`/status?token=${encodeURIComponent(body.token)}&done=reminders-requested#reminders`);
  },
);
