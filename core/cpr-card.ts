/** Whether the CPR/AED card a certification needs is in order for its renewal. */
import type { DayNumber } from './calendar-date.js';
import type { CertificationEntry } from './catalog/rules.js';
import type { Cycle } from './cycle.js';
import type { Card } from './profile.js';

/** Why the CPR/AED requirement is open. */
export type CprProblem = 'none' | 'missing' | 'expired' | 'expires-before-renewal';

/**
 * The card must be valid through the expiry and the body's margin past the day the trainer submits. Until finishBy
 * we plan for a submission on finishBy; after it (and after expiry) a submission cannot be earlier than today.
 */
export function cprProblemOf(
  entry: CertificationEntry,
  card: Card | null,
  asOfDay: DayNumber,
  cycle: Cycle,
  finishByDay: DayNumber,
): CprProblem {
  if (!entry.requirement.cprRequired) return 'none';
  if (card === null) return 'missing';
  if (card.expiresDay < asOfDay) return 'expired';
  const margin = entry.requirement.cprValidDaysAfterSubmission;
  const submissionDay = Math.max(asOfDay, finishByDay);
  const neededThrough = Math.max(cycle.expiresDay, submissionDay + margin);
  return card.expiresDay < neededThrough ? 'expires-before-renewal' : 'none';
}
