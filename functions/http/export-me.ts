import { json } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { authenticate } from '../features/my-record/session.js';
import { dependencies } from '../wiring/dependencies.js';

/** GET /api/me/export (Bearer status token): every item held about the trainer, as stored. */
async function exportMe({ headers, now }: { headers: Readonly<Record<string, string | undefined>>; now: Date }) {
  const deps = await dependencies();
  const trainer = await authenticate(deps, headers, now);
  const exported = await deps.repositories.dataSubject.exportTrainer(trainer.trainerId);
  return json(
    200,
    { exportedAt: now.toISOString(), ...exported },
    { 'content-disposition': 'attachment; filename="recert-export.json"' },
  );
}

export const handler = httpRoute({}, exportMe);
