import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { trainerForToken } from '../features/my-record/session.js';
import { renderStatusPage, STATUS_PAGE_SCRIPT_HASH } from '../pages/status-page.js';
import { calendarDateAt, evaluateWithSent } from '../record/next-reminder.js';
import { dependencies } from '../wiring/dependencies.js';

export const StatusPageQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** GET /status?token=…: progress, deadlines and advice for the trainer the token names. Read-only. */
async function showStatusPage({ query, now }: { query: z.infer<typeof StatusPageQuery>; now: Date }) {
  const deps = await dependencies();
  const trainer = await trainerForToken(deps, query.token, now);
  const evaluation = evaluateWithSent(trainer.profile, calendarDateAt(now), trainer.remindersSent);
  const unsubscribeUrl = deps.links.unsubscribe(deps.tokens.issue('unsubscribe', trainer.trainerId, now));
  const page = renderStatusPage({ name: trainer.name, evaluation, token: query.token, unsubscribeUrl });
  return html(200, page, { scriptHashes: [STATUS_PAGE_SCRIPT_HASH] });
}

export const handler = httpRoute({ query: StatusPageQuery, renderError: tokenPageErrorResponse }, showStatusPage);
