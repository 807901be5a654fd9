import { ok } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';
import { authenticate } from '../features/my-record/session.js';
import { calendarDateAt, evaluateTrainer, reminderSettingsOf } from '../record/next-reminder.js';
import { dependencies } from '../wiring/dependencies.js';

/**
 * GET /api/me (Bearer status token): the evaluation JSON (the same shape as `recert evaluate`) and the stored
 * `profile`, everything a `PUT /api/me` needs, provider-recorded credits included (`recordedBy`), and the trainer's
 * `reminderSettings` (cadence chosen, snoozes of the current cycles).
 */
async function getMe({ headers, now }: { headers: Readonly<Record<string, string | undefined>>; now: Date }) {
  const trainer = await authenticate(await dependencies(), headers, now);
  return ok({
    ...evaluateTrainer(trainer, calendarDateAt(now)),
    profile: trainer.profile,
    reminderSettings: reminderSettingsOf(trainer),
  });
}

export const handler = httpRoute({}, getMe);
