import { ok } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { eraseRecord } from '../features/my-record/erase-record.js';
import { authenticate } from '../features/my-record/session.js';
import { dependencies } from '../wiring/dependencies.js';

/** DELETE /api/me (Bearer status token): erases every item held about the trainer; the token stops working. */
export const handler = httpRoute({}, async ({ headers, now }) => {
  const deps = await dependencies();
  return ok({ deleted: await eraseRecord(deps, await authenticate(deps, headers, now), now) });
});
