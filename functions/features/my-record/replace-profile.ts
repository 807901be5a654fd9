import type { Evaluation, TrainerProfile } from '../../../core/index.js';
import { RevisionConflictError } from '../../adapters/dynamodb/errors.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { ConflictError, InvalidRequestError, UnauthorizedError } from '../../common/errors.js';
import { calendarDateAt, evaluateTrainer } from '../../record/next-reminder.js';
import { parseTrainerProfile } from '../../record/profile-schema.js';
import { saveProfile } from '../../record/save-profile.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { keepRecordedCredits } from './recorded-credits.js';

export const CONCURRENT_UPDATE_MESSAGE = 'Your record changed while we were saving it; please try again.';

/**
 * Replaces the trainer's own credentials and activities (credits a course provider recorded are kept even when the
 * submitted profile leaves them out: see `recorded-credits.ts`) and answers with the new evaluation. The merged
 * profile must still follow every profile rule (e.g. 500 activities at most): a 400 otherwise, nothing written; a
 * 409 when other writes kept winning.
 */
export async function replaceProfile(
  deps: Dependencies,
  trainer: TrainerRecord,
  submitted: TrainerProfile,
  now: Date,
): Promise<Evaluation> {
  try {
    const saved = await saveProfile<readonly string[]>(
      deps.repositories.trainers,
      trainer,
      (current) => {
        const checked = parseTrainerProfile(keepRecordedCredits(current.profile, submitted));
        return checked.success ? { profile: checked.profile } : { refused: checked.issues };
      },
      now,
    );
    if (saved.kind === 'refused') {
      throw new InvalidRequestError(saved.refused.map((issue) => ({ path: '', message: issue })));
    }
    // Erased between the token check and the write: the same answer as any link whose trainer is gone.
    if (saved.kind === 'missing') throw new UnauthorizedError();
    return saved.kind === 'saved' ? saved.evaluation : evaluateTrainer(saved.trainer, calendarDateAt(now));
  } catch (error) {
    if (error instanceof RevisionConflictError) {
      throw new ConflictError('trainer.concurrent-update', CONCURRENT_UPDATE_MESSAGE);
    }
    throw error;
  }
}
