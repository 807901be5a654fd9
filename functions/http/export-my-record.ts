import { json } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { exportRecord } from '../features/my-record/erase-record.js';
import { trainerForToken } from '../features/my-record/session.js';
import { dependencies } from '../wiring/dependencies.js';

export const ExportForm = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** POST /status/export (the status page's button, no script): every item held about the trainer, as a download. */
export const handler = httpRoute({ body: ExportForm, renderError: tokenPageErrorResponse }, async ({ body, now }) => {
  const deps = await dependencies();
  const exported = await exportRecord(deps, await trainerForToken(deps, body.token, now), now);
  return json(200, exported, { 'content-disposition': 'attachment; filename="recert-export.json"' });
});
