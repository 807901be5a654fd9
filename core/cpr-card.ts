/** Whether the CPR/AED card a certification needs is in order for its renewal. */
import type { DayNumber } from './calendar-date.js';
import type { CertificationEntry } from './catalog/rules.js';
import type { Cycle } from './cycle.js';
import type { Card } from './profile.js';

/** Why the CPR/AED requirement is open. */
export type CprProblem = 'none' | 'missing' | 'expired' | 'expires-before-renewal';

/** The card must be valid through the renewal (and the body's margin past submission); once expired, from today. */
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
  const neededThrough =
    asOfDay > cycle.expiresDay ? asOfDay + margin : Math.max(cycle.expiresDay, finishByDay + margin);
  return card.expiresDay < neededThrough ? 'expires-before-renewal' : 'none';
}
