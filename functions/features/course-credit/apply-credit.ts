import type { Evaluation, TrainerProfile } from '../../../core/index.js';
import { RevisionConflictError } from '../../adapters/dynamodb/errors.js';
import type { TrainerRecord, TrainerRepository } from '../../adapters/dynamodb/trainer-repository.js';
import type { CompletionCredit } from '../../adapters/dynamodb/unclaimed-completion-repository.js';
import { calendarDateAt, evaluateWithSent } from '../../record/next-reminder.js';
import { parseTrainerProfile } from '../../record/profile-schema.js';

/**
 * The profile with `credit` added, or `undefined` when it is already there: the same specialization, or an activity
 * with the same course code and completion date. This is what makes a completion idempotent on the profile itself
 * (a delivery record that expired, an unclaimed completion attached twice).
 */
export function withCredit(profile: TrainerProfile, credit: CompletionCredit): TrainerProfile | undefined {
  if (credit.kind === 'specialization') {
    if (profile.credentials.some((held) => held.code === credit.credential.code)) return undefined;
    return { ...profile, credentials: [...profile.credentials, credit.credential] };
  }
  const { courseCode, completedOn } = credit.activity;
  const repeat = profile.activities.some(
    (activity) => activity.courseCode === courseCode && activity.completedOn === completedOn,
  );
  return repeat ? undefined : { ...profile, activities: [...profile.activities, credit.activity] };
}

export type CreditOutcome =
  | { readonly outcome: 'recorded'; readonly trainer: TrainerRecord; readonly evaluation: Evaluation }
  | { readonly outcome: 'already-recorded'; readonly trainer: TrainerRecord }
  /** The profile with the credit would break a profile rule (e.g. 500 activities): quarantine it. */
  | { readonly outcome: 'rejected'; readonly reason: string };

const MAX_ROUNDS = 5;

/**
 * Adds the credit to a confirmed trainer and re-evaluates with core in one revision-checked write; on a concurrent
 * change it re-reads and recomputes (at most five rounds, then the RevisionConflictError surfaces as a retryable
 * failure).
 */
export async function recordCredit(
  trainers: TrainerRepository,
  trainerId: string,
  credit: CompletionCredit,
  now: Date,
): Promise<CreditOutcome | undefined> {
  for (let round = 1; ; round += 1) {
    const current = await trainers.get(trainerId);
    if (!current) return undefined;
    const next = withCredit(current.profile, credit);
    if (!next) return { outcome: 'already-recorded', trainer: current };
    const checked = parseTrainerProfile(next);
    if (!checked.success) return { outcome: 'rejected', reason: checked.issues.join('; ') };
    const evaluation = evaluateWithSent(checked.profile, calendarDateAt(now), current.remindersSent);
    try {
      const trainer = await trainers.update(
        current,
        { profile: checked.profile, nextReminderOn: evaluation.nextReminderOn },
        now,
      );
      return { outcome: 'recorded', trainer, evaluation };
    } catch (error) {
      if (!(error instanceof RevisionConflictError) || round >= MAX_ROUNDS) throw error;
    }
  }
}
