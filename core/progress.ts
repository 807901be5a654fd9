/** How far a certification's cycle is: units counted, the CPR/AED card, ethics and categories, and the day it was met. */
import type { DayNumber } from './calendar-date.js';
import type { CertificationEntry } from './catalog/rules.js';
import { type CprProblem, cprProblemOf } from './cpr-card.js';
import { type CeTotals, type CountedCredits, type CreditWindow, countCredits } from './credits.js';
import type { Cycle } from './cycle.js';
import type { ReadProfile } from './profile.js';
import type { Hundredths } from './types.js';

export interface Progress {
  readonly credits: CountedCredits;
  readonly required: Hundredths;
  /** Counted CE plus the card's credit when the card is in order. */
  readonly earned: Hundredths;
  readonly remaining: Hundredths;
  readonly cpr: CprProblem;
  readonly ethicsShortfall: Hundredths;
  readonly categoriesUsed: number;
  readonly categoriesMissing: number;
  /** The CE part (everything but the card itself) is done. */
  readonly ceMet: boolean;
  /** Every requirement is met. */
  readonly met: boolean;
  /** The day every requirement was first met (only when `met`). */
  readonly readyDay: DayNumber | null;
}

function categoriesUsed(totals: CeTotals): number {
  const { A, B, C, D } = totals.perCategory;
  return (A > 0 ? 1 : 0) + (B > 0 ? 1 : 0) + (C > 0 ? 1 : 0) + (D > 0 ? 1 : 0);
}

function categoriesMissingFrom(entry: CertificationEntry, cycle: Cycle, totals: CeTotals): number {
  if (entry.cycle.anchor !== 'calendar-fixed' || cycle.required === 0) return 0;
  return Math.max(0, entry.cycle.minCategories - categoriesUsed(totals));
}

/** The CE part is met: units (with the card's credit), ethics and categories. */
function isCeMet(entry: CertificationEntry, cycle: Cycle, totals: CeTotals): boolean {
  const { requirement } = entry;
  const cardCredit = requirement.cprRequired ? requirement.cprCardCredit : 0;
  return (
    totals.total + cardCredit >= cycle.required &&
    totals.ethics >= requirement.ethicsUnits &&
    categoriesMissingFrom(entry, cycle, totals) === 0
  );
}

export function progressOf(
  entry: CertificationEntry,
  cycle: Cycle,
  profile: ReadProfile,
  window: CreditWindow,
  finishByDay: DayNumber,
): Progress {
  const { requirement } = entry;
  const cardCredit = requirement.cprRequired ? requirement.cprCardCredit : 0;
  const credits = countCredits(entry, cycle, profile, window, isCeMet);
  const cpr = cprProblemOf(entry, profile.card, window.asOfDay, cycle, finishByDay);
  const ceMet = isCeMet(entry, cycle, credits);
  const met = ceMet && cpr === 'none';
  const earned = credits.total + (cpr === 'none' ? cardCredit : 0);
  const ceReadyDay = credits.metOn ?? cycle.startDay;
  const cardDay = requirement.cprRequired ? Math.max(cycle.startDay, profile.card?.earnedDay ?? cycle.startDay) : 0;
  return {
    credits,
    required: cycle.required,
    earned,
    remaining: Math.max(0, cycle.required - earned),
    cpr,
    ethicsShortfall: Math.max(0, requirement.ethicsUnits - credits.ethics),
    categoriesUsed: categoriesUsed(credits),
    categoriesMissing: categoriesMissingFrom(entry, cycle, credits),
    ceMet,
    met,
    readyDay: met ? Math.max(ceReadyDay, cardDay) : null,
  };
}
