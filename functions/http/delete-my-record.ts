import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { eraseRecord } from '../features/my-record/erase-record.js';
import { trainerForToken } from '../features/my-record/session.js';
import { renderDeleteConfirmPage, renderDeletedPage } from '../pages/my-record.js';
import { dependencies } from '../wiring/dependencies.js';

export const DeleteForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  confirm: z.optional(z.literal('yes')),
});

/**
 * POST /status/delete (the status page, no script): without `confirm=yes` the confirmation step, with it the erasure
 * and a page that shows nothing of what was deleted.
 */
export const handler = httpRoute({ body: DeleteForm, renderError: tokenPageErrorResponse }, async ({ body, now }) => {
  const deps = await dependencies();
  const trainer = await trainerForToken(deps, body.token, now);
  if (body.confirm !== 'yes') return html(200, renderDeleteConfirmPage(body.token));
  await eraseRecord(deps, trainer, now);
  return html(200, renderDeletedPage());
});
