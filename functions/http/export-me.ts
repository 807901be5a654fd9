import { json } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { exportRecord } from '../features/my-record/erase-record.js';
import { authenticate } from '../features/my-record/session.js';
import { dependencies } from '../wiring/dependencies.js';

/** GET /api/me/export (Bearer status token): every item held about the trainer, as stored. */
export const handler = httpRoute({}, async ({ headers, now }) => {
  const deps = await dependencies();
  const exported = await exportRecord(deps, await authenticate(deps, headers, now), now);
  return json(200, exported, { 'content-disposition': 'attachment; filename="recert-export.json"' });
});
