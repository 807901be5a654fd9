/**
 * Credits a course provider recorded by webhook belong to the trainer's record, not to whatever a client last
 * read: a `PUT /api/me` built from an older copy must not erase them. Removing one on purpose is not offered by
 * this API yet (the trainer's page will).
 */
import type { Activity, CredentialClaim, TrainerProfile } from '../../../core/index.js';

function sameRecordedActivity(stored: Activity, submitted: Activity): boolean {
  return (
    stored.recordedBy === submitted.recordedBy &&
    stored.courseCode === submitted.courseCode &&
    stored.completedOn === submitted.completedOn
  );
}

function sameRecordedCredential(stored: CredentialClaim, submitted: CredentialClaim): boolean {
  return (
    stored.recordedBy === submitted.recordedBy &&
    stored.code === submitted.code &&
    stored.earnedOn === submitted.earnedOn
  );
}

/** `entry` without `recordedBy`: a client may not claim a provider recorded what no provider did. */
function asTrainerEntry<T extends { readonly recordedBy?: string }>(entry: T): T {
  const { recordedBy: _claimed, ...own } = entry;
  return own as T;
}

/**
 * The submitted profile, with every provider-recorded credit of the stored one that it left out put back, and
 * any `recordedBy` it claims without a stored match dropped.
 */
export function keepRecordedCredits(stored: TrainerProfile, submitted: TrainerProfile): TrainerProfile {
  const recordedActivities = stored.activities.filter((activity) => activity.recordedBy !== undefined);
  const recordedCredentials = stored.credentials.filter((claim) => claim.recordedBy !== undefined);
  const activities = submitted.activities.map((activity) =>
    activity.recordedBy === undefined || recordedActivities.some((kept) => sameRecordedActivity(kept, activity))
      ? activity
      : asTrainerEntry(activity),
  );
  const credentials = submitted.credentials.map((claim) =>
    claim.recordedBy === undefined || recordedCredentials.some((kept) => sameRecordedCredential(kept, claim))
      ? claim
      : asTrainerEntry(claim),
  );
  return {
    credentials: [
      ...credentials,
      ...recordedCredentials.filter((kept) => !credentials.some((claim) => sameRecordedCredential(kept, claim))),
    ],
    activities: [
      ...activities,
      ...recordedActivities.filter((kept) => !activities.some((activity) => sameRecordedActivity(kept, activity))),
    ],
  };
}
