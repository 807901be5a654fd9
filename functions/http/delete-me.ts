import { ok } from '../common/http.js';
import { logger } from '../common/logger.js';
import { httpRoute } from '../edge/http-route.js';
import { authenticate } from '../features/my-record/session.js';
import { dependencies } from '../wiring/dependencies.js';

/** DELETE /api/me (Bearer status token): erases every item held about the trainer; the token stops working. */
async function deleteMe({ headers, now }: { headers: Readonly<Record<string, string | undefined>>; now: Date }) {
  const deps = await dependencies();
  const trainer = await authenticate(deps, headers, now);
  const deleted = await deps.repositories.dataSubject.deleteTrainer(trainer.trainerId);
  logger.info('trainer deleted', { trainerId: trainer.trainerId, items: deleted });
  return ok({ deleted });
}

export const handler = httpRoute({}, deleteMe);
