/**
 * A credit that arrives from outside the trainer's own hands (a course provider's completion): a specialization
 * earned or a CE activity. Adding one is idempotent on the profile itself, so a delivery record that expired or an
 * unclaimed completion attached twice still counts once.
 */
import type { Activity, CredentialClaim, TrainerProfile } from './types.js';

export type CompletionCredit =
  | { readonly kind: 'specialization'; readonly credential: CredentialClaim }
  | { readonly kind: 'activity'; readonly activity: Activity };

/**
 * The profile with `credit` added, or `undefined` when it is already there: the same specialization, or an activity
 * with the same course code and completion date.
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

/** Adds each credit that is not already there (the sign-up confirmation attaching completions that came first). */
export function withCredits(profile: TrainerProfile, credits: readonly CompletionCredit[]): TrainerProfile {
  return credits.reduce((current, credit) => withCredit(current, credit) ?? current, profile);
}
