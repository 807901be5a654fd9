import type { TrainerProfile } from '../../core/index.js';
import { RevisionConflictError } from '../adapters/dynamodb/errors.js';
import { ConflictError, InvalidRequestError } from '../common/errors.js';
import { ok } from '../common/http.js';
import type * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { keepRecordedCredits } from '../features/my-record/recorded-credits.js';
import { authenticate } from '../features/my-record/session.js';
import { CONCURRENT_UPDATE_MESSAGE } from '../features/signup/errors.js';
import { calendarDateAt, evaluateWithSent } from '../record/next-reminder.js';
import { parseTrainerProfile, TrainerProfileSchema } from '../record/profile-schema.js';
import { dependencies } from '../wiring/dependencies.js';

export { TrainerProfileSchema as ReplaceMeBody };

const ATTEMPTS = 3;

/** The merged profile must still follow every profile rule (e.g. 500 activities at most). */
function checkedProfile(profile: TrainerProfile): TrainerProfile {
  const checked = parseTrainerProfile(profile);
  if (!checked.success) throw new InvalidRequestError(checked.issues.map((issue) => ({ path: '', message: issue })));
  return checked.profile;
}

/**
 * PUT /api/me (Bearer status token): replaces the trainer's own credentials and activities (credits a course
 * provider recorded are kept even when the body leaves them out: see `features/my-record/recorded-credits.ts`), recomputes `nextReminderOn` (skipping
 * reminders already sent) and answers with the new evaluation. Concurrent writers are detected by revision; the
 * record is re-read and the change re-applied a couple of times before answering 409.
 */
async function replaceMe(request: {
  body: TrainerProfile;
  headers: Readonly<Record<string, string | undefined>>;
  now: Date;
}) {
  const deps = await dependencies();
  const asOf = calendarDateAt(request.now);
  for (let attempt = 1; ; attempt += 1) {
    const trainer = await authenticate(deps, request.headers, request.now);
    const profile = checkedProfile(keepRecordedCredits(trainer.profile, request.body));
    const evaluation = evaluateWithSent(profile, asOf, trainer.remindersSent);
    try {
      await deps.repositories.trainers.update(
        trainer,
        { profile, nextReminderOn: evaluation.nextReminderOn },
        request.now,
      );
      return ok(evaluation);
    } catch (error) {
      if (!(error instanceof RevisionConflictError)) throw error;
      if (attempt >= ATTEMPTS) throw new ConflictError('trainer.concurrent-update', CONCURRENT_UPDATE_MESSAGE);
    }
  }
}

/** Zod types absent optional keys as `T | undefined`; parsed JSON never holds an explicit undefined. */
const ReplaceMeSchema = TrainerProfileSchema as unknown as z.ZodMiniType<TrainerProfile>;

export const handler = httpRoute({ body: ReplaceMeSchema }, replaceMe);
