import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { trainerForToken } from '../features/my-record/session.js';
import { doneMessage, statusView } from '../features/my-record/status-view.js';
import { renderStatusPage } from '../pages/status-page.js';
import { dependencies } from '../wiring/dependencies.js';

export const StatusPageQuery = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  /** Set by the redirect after a change, to say once what it did. */
  done: z.optional(z.string().check(z.maxLength(40))),
});

/** GET /status?token=…: progress, deadlines and advice for the trainer the token names, and their own changes. */
export const handler = httpRoute(
  { query: StatusPageQuery, renderError: tokenPageErrorResponse },
  async ({ query, now }) => {
    const deps = await dependencies();
    const trainer = await trainerForToken(deps, query.token, now);
    const view = await statusView(deps, trainer, query.token, now, { flash: doneMessage(query.done) });
    return html(200, renderStatusPage(view));
  },
);
