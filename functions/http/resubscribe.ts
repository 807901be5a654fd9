import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { resubscribe } from '../features/my-record/resubscribe.js';
import { renderResubscribedPage } from '../pages/my-record.js';
import { dependencies } from '../wiring/dependencies.js';

export const ResubscribeForm = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** POST /resubscribe (the confirmation page's button): reminders back on, and a fresh way to the status page. */
export const handler = httpRoute(
  { body: ResubscribeForm, renderError: tokenPageErrorResponse },
  async ({ body, now }) => {
    const deps = await dependencies();
    const trainerId = await resubscribe(deps, body.token, now);
    return html(200, renderResubscribedPage(deps.links.status(deps.tokens.issue('status', trainerId, now))));
  },
);
