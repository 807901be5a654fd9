import { type CompletionCredit, type Evaluation, withCredit } from '../../../core/index.js';
import type { TrainerRecord, TrainerRepository } from '../../adapters/dynamodb/trainer-repository.js';
import { parseTrainerProfile } from '../../record/profile-schema.js';
import { saveProfile } from '../../record/save-profile.js';

export type CreditOutcome =
  | { readonly outcome: 'recorded'; readonly trainer: TrainerRecord; readonly evaluation: Evaluation }
  | { readonly outcome: 'already-recorded'; readonly trainer: TrainerRecord }
  /** The profile with the credit would break a profile rule (e.g. 500 activities): quarantine it. */
  | { readonly outcome: 'rejected'; readonly reason: string };

/**
 * Adds the credit to a confirmed trainer through the one record seam (re-evaluated, revision-checked, retried on a
 * concurrent change). `undefined` when no such trainer exists.
 */
export async function recordCredit(
  trainers: TrainerRepository,
  trainerId: string,
  credit: CompletionCredit,
  now: Date,
): Promise<CreditOutcome | undefined> {
  const saved = await saveProfile<string>(
    trainers,
    trainerId,
    (current) => {
      const next = withCredit(current.profile, credit);
      if (!next) return undefined;
      const checked = parseTrainerProfile(next);
      return checked.success ? { profile: checked.profile } : { refused: checked.issues.join('; ') };
    },
    now,
  );
  switch (saved.kind) {
    case 'missing':
      return undefined;
    case 'refused':
      return { outcome: 'rejected', reason: saved.refused };
    case 'unchanged':
      return { outcome: 'already-recorded', trainer: saved.trainer };
    case 'saved':
      return { outcome: 'recorded', trainer: saved.trainer, evaluation: saved.evaluation };
  }
}
