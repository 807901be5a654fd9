/**
 * The advice: the smallest set of actions that closes a certification's gap, best first (the blocking CPR/AED
 * card, then the ethics hour, then the units). Seed-advice rules: a specialization already held is never advised
 * again; only one specialization per cycle, and only when it covers the gap without wasting most of it;
 * otherwise a generic approved-CE action with the exact units needed.
 */

import { type DayNumber, formatLongDay } from './calendar-date.js';
import type { CertificationEntry, NscaCategory, SpecializationEntry } from './catalog.js';
import type { CertificationStatus, Hundredths, MissingRequirement, Recommendation } from './types.js';
import { formatUnits, fromHundredths } from './units.js';

export const NSCA_CATEGORIES: readonly NscaCategory[] = ['A', 'B', 'C', 'D'];

/** Why the CPR/AED requirement is open. */
export type CprProblem = 'none' | 'missing' | 'expired' | 'expires-before-renewal';

export interface GapInput {
  readonly entry: CertificationEntry;
  readonly status: CertificationStatus;
  /** True while CE completed today would still count (active, or grace before the late-CE deadline). */
  readonly canStillEarn: boolean;
  readonly asOfDay: DayNumber;
  readonly expiresDay: DayNumber;
  readonly finishByDay: DayNumber;
  readonly ceEndDay: DayNumber;
  readonly reinstateByDay: DayNumber | null;
  readonly unitsRemaining: Hundredths;
  readonly cprProblem: CprProblem;
  readonly cprExpiresDay: DayNumber;
  readonly ethicsShortfall: Hundredths;
  /** Counted units per NSCA category, or null for bodies without categories. */
  readonly categoryUnits: readonly Hundredths[] | null;
  readonly categoryMaximums: readonly Hundredths[] | null;
  readonly categoriesMissing: number;
  /** Specializations that count toward this certification and the trainer does not hold. */
  readonly specializationsNotHeld: readonly SpecializationEntry[];
  readonly specializationsHeld: readonly string[];
  readonly specializationEarnedThisCycle: boolean;
}

function plural(entry: CertificationEntry, units: Hundredths): string {
  return `${formatUnits(units)} ${entry.unit}${units === 100 ? '' : 's'}`;
}

function roughGap(days: number): string {
  if (days < 45) return `${days} day${days === 1 ? '' : 's'}`;
  const months = Math.round(days / 30.44);
  return `${months} month${months === 1 ? '' : 's'}`;
}

function cprMessage(input: GapInput): string {
  const { entry } = input;
  const renewal = formatLongDay(input.expiresDay);
  const card = formatLongDay(input.cprExpiresDay);
  if (input.cprProblem === 'missing')
    return `no CPR/AED card on file: your ${entry.code} renewal needs a current adult CPR/AED card with a hands-on skills check`;
  if (input.cprProblem === 'expired') {
    const when = input.asOfDay > input.expiresDay ? 'to complete' : `before`;
    const target =
      input.asOfDay > input.expiresDay ? `your late ${entry.code} renewal` : `your ${entry.code} renewal on ${renewal}`;
    return `your CPR/AED card expired on ${card}: renew it (hands-on skills check) ${when} ${target}`;
  }
  const extra = entry.requirement.cprValidDaysAfterSubmission;
  const gap = roughGap(input.expiresDay - input.cprExpiresDay);
  return input.cprExpiresDay < input.expiresDay
    ? `your CPR/AED card expires ${card}, ${gap} before your ${entry.code} renewal on ${renewal}`
    : `your CPR/AED card expires ${card}; ${entry.body} needs it valid ${extra} days past your ${entry.code} renewal submission`;
}

/** Open sub-requirements, in the same order as the advice. */
export function missingRequirements(input: GapInput): MissingRequirement[] {
  const { entry } = input;
  const missing: MissingRequirement[] = [];
  const by = formatLongDay(input.status === 'active' ? input.finishByDay : input.ceEndDay);
  // Only what the CPR/AED and ethics items below do not already account for, as in the advice.
  const units = unitsGap(input);
  if (units > 0) {
    missing.push({
      requirement: 'units',
      units: fromHundredths(units),
      detail: `${plural(entry, units)} still needed by ${by}`,
    });
  }
  if (input.cprProblem !== 'none') {
    const credit = entry.requirement.cprCredit;
    missing.push(
      credit > 0
        ? { requirement: 'cpr-aed', units: fromHundredths(credit), detail: cprMessage(input) }
        : { requirement: 'cpr-aed', detail: cprMessage(input) },
    );
  }
  if (input.ethicsShortfall > 0) {
    missing.push({
      requirement: 'ethics',
      units: fromHundredths(input.ethicsShortfall),
      detail: `${plural(entry, input.ethicsShortfall)} of ethics / professional conduct required in each cycle`,
    });
  }
  if (input.categoriesMissing > 0) {
    missing.push({
      requirement: 'categories',
      detail: `${entry.body} counts CE only from at least ${input.categoriesMissing + usedCategories(input)} categories; you have ${usedCategories(input)}`,
    });
  }
  return missing;
}

/** Units still needed beyond the open CPR/AED slot and the ethics shortfall (each advised on its own). */
function unitsGap(input: GapInput): Hundredths {
  const cprCredit = input.cprProblem === 'none' ? 0 : input.entry.requirement.cprCredit;
  return Math.max(0, input.unitsRemaining - cprCredit - input.ethicsShortfall);
}

function usedCategories(input: GapInput): number {
  let used = 0;
  for (const units of input.categoryUnits ?? []) if (units > 0) used++;
  return used;
}

/** Spread `units` over NSCA categories within their maximums, opening new categories when fewer than required. */
function categoryActions(input: GapInput, units: Hundredths, by: string): Recommendation[] {
  const counted = input.categoryUnits ?? [];
  const maximums = input.categoryMaximums ?? [];
  const order = NSCA_CATEGORIES.map((_, index) => index).sort(
    (a, b) => (maximums[b] ?? 0) - (counted[b] ?? 0) - ((maximums[a] ?? 0) - (counted[a] ?? 0)),
  );
  const actions: Recommendation[] = [];
  let left = units;
  let newNeeded = input.categoriesMissing;
  // The smallest amount worth a course: 0.1 unit (one contact hour on NSCA's scale).
  const minimum = 10;
  for (const index of order) {
    if (left <= 0 && newNeeded <= 0) break;
    const headroom = (maximums[index] ?? 0) - (counted[index] ?? 0);
    if (headroom <= 0) continue;
    const isNew = (counted[index] ?? 0) === 0;
    const reserve = Math.max(0, newNeeded - (isNew ? 1 : 0)) * minimum;
    let amount = Math.min(headroom, Math.max(0, left - reserve));
    if (isNew && newNeeded > 0) amount = Math.max(amount, Math.min(headroom, minimum));
    if (amount <= 0) continue;
    const category = NSCA_CATEGORIES[index]!;
    actions.push({
      code: `CE-CATEGORY-${category}`,
      units: fromHundredths(amount),
      why: `complete ${plural(input.entry, amount)} of ${input.entry.body} Category ${category} CE by ${by} (up to ${formatUnits(maximums[index] ?? 0)} count in this category)`,
    });
    left -= amount;
    if (isNew) newNeeded--;
  }
  return actions;
}

/** The actions that close the gap, best first; empty when requirements are met. */
export function recommend(input: GapInput): Recommendation[] {
  const { entry } = input;
  const actions: Recommendation[] = [];
  if (input.status === 'lapsed') {
    if (input.reinstateByDay !== null && input.asOfDay <= input.reinstateByDay) {
      const until = formatLongDay(input.reinstateByDay);
      actions.push({
        code: 'REINSTATE',
        units: 0,
        why: `${entry.code} is past its grace period; ${entry.body} reinstates it until ${until}`,
      });
    } else {
      actions.push({
        code: 'RETAKE-EXAM',
        units: 0,
        why: `${entry.code} lapsed beyond ${entry.body}'s renewal window: only re-examination restores it`,
      });
    }
    return actions;
  }
  const by = formatLongDay(input.status === 'active' ? input.finishByDay : input.ceEndDay);
  const cprCredit = input.cprProblem === 'none' ? 0 : entry.requirement.cprCredit;
  if (input.cprProblem !== 'none')
    actions.push({ code: 'CPR-AED', units: fromHundredths(cprCredit), why: cprMessage(input) });
  // Past the late-CE deadline only the card can still be fixed; the CE part is already met (or the status is lapsed).
  if (!input.canStillEarn) return actions;
  if (input.ethicsShortfall > 0) {
    actions.push({
      code: 'ETHICS-CE',
      units: fromHundredths(input.ethicsShortfall),
      why: `${entry.body} requires ${plural(entry, entry.requirement.ethicsUnits)} of ethics / professional conduct each cycle; complete ${plural(entry, input.ethicsShortfall)} by ${by}`,
    });
  }
  const gap = unitsGap(input);
  if (input.categoryUnits !== null) {
    if (gap > 0 || input.categoriesMissing > 0) actions.push(...categoryActions(input, gap, by));
    return actions;
  }
  if (gap <= 0) return actions;
  const specialization = input.specializationEarnedThisCycle ? undefined : bestSpecialization(input, gap);
  if (specialization !== undefined) {
    const units = specialization.units[entry.body] ?? 0;
    const held =
      input.specializationsHeld.length > 0 ? ` — you already hold ${input.specializationsHeld.join(', ')}` : '';
    actions.push({
      code: specialization.code,
      units: fromHundredths(units),
      why: `complete ${specialization.code} (${plural(entry, units)}) by ${by}: it covers the ${plural(entry, gap)} still needed for ${entry.code}${held}`,
    });
    return actions;
  }
  actions.push({
    code: 'APPROVED-CE',
    units: fromHundredths(gap),
    why: `complete ${plural(entry, gap)} of ${entry.body}-approved CE by ${by} to renew ${entry.code}`,
  });
  return actions;
}

/** The smallest not-held specialization that covers the gap, when the gap uses more than half of it. */
function bestSpecialization(input: GapInput, gap: Hundredths): SpecializationEntry | undefined {
  let best: SpecializationEntry | undefined;
  let bestUnits = Number.POSITIVE_INFINITY;
  for (const specialization of input.specializationsNotHeld) {
    const units = specialization.units[input.entry.body] ?? 0;
    if (units >= gap && gap * 2 > units && units < bestUnits) {
      best = specialization;
      bestUnits = units;
    }
  }
  return best;
}
