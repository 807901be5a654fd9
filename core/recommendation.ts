/**
 * The advice: the smallest set of actions that closes a certification's gap, best first (the blocking CPR/AED
 * card, then the ethics hour, then the units). Seed-advice rules: a specialization already held is never advised
 * again; only one specialization per cycle, and only when it covers the gap without wasting most of it;
 * otherwise a generic approved-CE action with the exact units needed.
 *
 * Hot path: most evaluations advise, and joining strings is the costly part, so each certification's fixed wording
 * is assembled once ({@link AdviceWording}) and a message joins only what varies (an amount, a day).
 */

import { type DayNumber, formatLongDay } from './calendar-date.js';
import { type CertificationEntry, NSCA_CATEGORIES, type SpecializationEntry } from './catalog.js';
import type { CertificationRules } from './credential-index.js';
import type { CertificationStatus, Hundredths, MissingRequirement, Recommendation } from './types.js';
import { formatUnits, fromHundredths } from './units.js';

/** Why the CPR/AED requirement is open. */
export type CprProblem = 'none' | 'missing' | 'expired' | 'expires-before-renewal';

export interface GapInput {
  readonly rules: CertificationRules;
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
  /** Codes of every specialization the trainer holds, in `heldCodes[0 … heldCount-1]`. */
  readonly heldCodes: readonly string[];
  readonly heldCount: number;
  readonly specializationEarnedThisCycle: boolean;
}

// Advice texts repeat the same few amounts across trainers, and number-to-text plus joins cost more than a lookup:
// phrases fixed by an amount are kept per amount (index = hundredths), filled on first use. Amounts past the largest
// requirement in the catalog are spelled out each time.
const CACHED_AMOUNTS = 10_000;

class AmountPhrases {
  private texts: string[] | null = null;

  constructor(private readonly spell: (units: Hundredths) => string) {}

  get(units: Hundredths): string {
    if (units < 0 || units >= CACHED_AMOUNTS || !Number.isInteger(units)) return this.spell(units);
    this.texts ??= Array.from({ length: CACHED_AMOUNTS }, () => '');
    const texts = this.texts;
    const cached = texts[units]!;
    if (cached !== '') return cached;
    const text = this.spell(units);
    texts[units] = text;
    return text;
  }
}

/** Phrases of amounts in one unit (`CEU`, `CEC`, `CE hour`), shared by every certification counting in it. */
class UnitPhrases {
  /** `1.9 CEUs`, `1 CEU`. */
  readonly plural: AmountPhrases;
  readonly stillNeededBy: AmountPhrases;

  constructor(unit: string) {
    this.plural = new AmountPhrases((units) => `${formatUnits(units)} ${unit}${units === 100 ? '' : 's'}`);
    this.stillNeededBy = new AmountPhrases((units) => `${this.plural.get(units)} still needed by `);
  }
}

const unitPhrases = new Map<string, UnitPhrases>();

/** The fixed wording of one certification's advice; messages join these with the parts that vary. */
export class AdviceWording {
  readonly units: UnitPhrases;
  readonly noCard: string;
  readonly cardExpiredLate: string;
  readonly cardExpiredBeforeRenewalOn: string;
  readonly beforeRenewalOn: string;
  readonly cardValidPastSubmission: string;
  readonly reinstatesUntil: string;
  readonly retakeExam: string;
  readonly ethicsEachCycle: string;
  readonly completeApprovedCeBy: AmountPhrases;
  readonly toRenew: string;

  constructor(entry: CertificationEntry) {
    const { code, body, unit, requirement } = entry;
    let units = unitPhrases.get(unit);
    if (units === undefined) {
      units = new UnitPhrases(unit);
      unitPhrases.set(unit, units);
    }
    const plural = units.plural;
    this.units = units;
    this.noCard = `no CPR/AED card on file: your ${code} renewal needs a current adult CPR/AED card with a hands-on skills check`;
    this.cardExpiredLate = `: renew it (hands-on skills check) to complete your late ${code} renewal`;
    this.cardExpiredBeforeRenewalOn = `: renew it (hands-on skills check) before your ${code} renewal on `;
    this.beforeRenewalOn = ` before your ${code} renewal on `;
    this.cardValidPastSubmission = `; ${body} needs it valid ${requirement.cprValidDaysAfterSubmission} days past your ${code} renewal submission`;
    this.reinstatesUntil = `${code} is past its grace period; ${body} reinstates it until `;
    this.retakeExam = `${code} lapsed beyond ${body}'s renewal window: only re-examination restores it`;
    this.ethicsEachCycle = `${body} requires ${plural.get(requirement.ethicsUnits)} of ethics / professional conduct each cycle; complete `;
    this.completeApprovedCeBy = new AmountPhrases(
      (amount) => `complete ${plural.get(amount)} of ${body}-approved CE by `,
    );
    this.toRenew = ` to renew ${code}`;
  }

  /** `1.9 CEUs`, `1 CEU`. */
  plural(units: Hundredths): string {
    return this.units.plural.get(units);
  }
}

function roughGap(days: number): string {
  if (days < 45) return `${days} day${days === 1 ? '' : 's'}`;
  const months = Math.round(days / 30.44);
  return `${months} month${months === 1 ? '' : 's'}`;
}

function cprMessage(input: GapInput): string {
  const wording = input.rules.wording;
  if (input.cprProblem === 'missing') return wording.noCard;
  const card = formatLongDay(input.cprExpiresDay);
  if (input.cprProblem === 'expired') {
    return input.asOfDay > input.expiresDay
      ? `your CPR/AED card expired on ${card}${wording.cardExpiredLate}`
      : `your CPR/AED card expired on ${card}${wording.cardExpiredBeforeRenewalOn}${formatLongDay(input.expiresDay)}`;
  }
  return input.cprExpiresDay < input.expiresDay
    ? `your CPR/AED card expires ${card}, ${roughGap(input.expiresDay - input.cprExpiresDay)}${wording.beforeRenewalOn}${formatLongDay(input.expiresDay)}`
    : `your CPR/AED card expires ${card}${wording.cardValidPastSubmission}`;
}

/** Where {@link advise} leaves its lists (reused: read them before the next call). */
export class Advice {
  missing: MissingRequirement[] = [];
  recommendations: Recommendation[] = [];
}

/** The items given, in order, without the absent ones, in an array of exactly their number. */
function listOf<T>(first: T | null, second: T | null, third: T | null, fourth: T | null): T[] {
  const list = new Array<T>(
    (first === null ? 0 : 1) + (second === null ? 0 : 1) + (third === null ? 0 : 1) + (fourth === null ? 0 : 1),
  );
  let count = 0;
  if (first !== null) list[count++] = first;
  if (second !== null) list[count++] = second;
  if (third !== null) list[count++] = third;
  if (fourth !== null) list[count] = fourth;
  return list;
}

/**
 * The open sub-requirements (only `withMissing`; same order as the advice) and the actions that close the gap, into
 * `into`. Lists are built at their final length: most evaluations advise, and grown arrays double what they
 * allocate.
 */
export function advise(input: GapInput, withMissing: boolean, into: Advice): void {
  const rules = input.rules;
  const by = formatLongDay(input.status === 'active' ? input.finishByDay : input.ceEndDay);
  const cprOpen = input.cprProblem !== 'none';
  const cprText = cprOpen ? cprMessage(input) : '';
  // Units still needed beyond the open CPR/AED slot and the ethics shortfall (each advised on its own).
  const cprCredit = cprOpen ? rules.cprCredit : 0;
  const unitsGap = Math.max(0, input.unitsRemaining - cprCredit - input.ethicsShortfall);
  into.missing = withMissing ? missingRequirements(input, by, cprText, unitsGap) : [];
  into.recommendations = recommend(input, by, cprText, unitsGap);
}

function missingRequirements(input: GapInput, by: string, cprText: string, unitsGap: Hundredths): MissingRequirement[] {
  const rules = input.rules;
  const wording = rules.wording;
  const cprCredit = rules.cprCredit;
  return listOf<MissingRequirement>(
    unitsGap > 0
      ? {
          requirement: 'units',
          units: fromHundredths(unitsGap),
          detail: wording.units.stillNeededBy.get(unitsGap) + by,
        }
      : null,
    input.cprProblem === 'none'
      ? null
      : cprCredit > 0
        ? { requirement: 'cpr-aed', units: fromHundredths(cprCredit), detail: cprText }
        : { requirement: 'cpr-aed', detail: cprText },
    input.ethicsShortfall > 0
      ? {
          requirement: 'ethics',
          units: fromHundredths(input.ethicsShortfall),
          detail: `${wording.plural(input.ethicsShortfall)} of ethics / professional conduct required in each cycle`,
        }
      : null,
    input.categoriesMissing > 0
      ? {
          requirement: 'categories',
          detail: `${rules.body} counts CE only from at least ${input.categoriesMissing + usedCategories(input)} categories; you have ${usedCategories(input)}`,
        }
      : null,
  );
}

function usedCategories(input: GapInput): number {
  let used = 0;
  for (const units of input.categoryUnits ?? []) if (units > 0) used++;
  return used;
}

/** Spread `units` over NSCA categories within their maximums, opening new categories when fewer than required. */
function categoryActions(input: GapInput, units: Hundredths, by: string, actions: Recommendation[]): void {
  const counted = input.categoryUnits ?? [];
  const maximums = input.categoryMaximums ?? [];
  const order = NSCA_CATEGORIES.map((_, index) => index).sort(
    (a, b) => (maximums[b] ?? 0) - (counted[b] ?? 0) - ((maximums[a] ?? 0) - (counted[a] ?? 0)),
  );
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
      why: `complete ${input.rules.wording.plural(amount)} of ${input.rules.body} Category ${category} CE by ${by} (up to ${formatUnits(maximums[index] ?? 0)} count in this category)`,
    });
    left -= amount;
    if (isNew) newNeeded--;
  }
}

/** The actions that close the gap, best first; empty when requirements are met. */
function recommend(input: GapInput, by: string, cprText: string, gap: Hundredths): Recommendation[] {
  const rules = input.rules;
  const wording = rules.wording;
  if (input.status === 'lapsed') {
    return input.reinstateByDay !== null && input.asOfDay <= input.reinstateByDay
      ? [{ code: 'REINSTATE', units: 0, why: wording.reinstatesUntil + formatLongDay(input.reinstateByDay) }]
      : [{ code: 'RETAKE-EXAM', units: 0, why: wording.retakeExam }];
  }
  const card: Recommendation | null =
    input.cprProblem === 'none' ? null : { code: 'CPR-AED', units: fromHundredths(rules.cprCredit), why: cprText };
  // Past the late-CE deadline only the card can still be fixed; the CE part is already met (or the status is lapsed).
  if (!input.canStillEarn) return card === null ? [] : [card];
  const ethics: Recommendation | null =
    input.ethicsShortfall > 0
      ? {
          code: 'ETHICS-CE',
          units: fromHundredths(input.ethicsShortfall),
          why: `${wording.ethicsEachCycle}${wording.plural(input.ethicsShortfall)} by ${by}`,
        }
      : null;
  if (input.categoryUnits !== null) {
    const actions = listOf(card, ethics, null, null);
    if (gap > 0 || input.categoriesMissing > 0) categoryActions(input, gap, by, actions);
    return actions;
  }
  return listOf(card, ethics, gap > 0 ? unitsAction(input, by, gap) : null, null);
}

/** The specialization that best covers the units gap, or else approved CE for exactly the gap. */
function unitsAction(input: GapInput, by: string, gap: Hundredths): Recommendation {
  const rules = input.rules;
  const wording = rules.wording;
  const specialization = input.specializationEarnedThisCycle ? undefined : bestSpecialization(input, gap);
  if (specialization !== undefined) {
    const units = specialization.units[rules.body] ?? 0;
    const alreadyHeld = rules.specializationsToward
      .filter((candidate) => holds(input, candidate.code))
      .map((candidate) => candidate.code);
    const held = alreadyHeld.length > 0 ? ` — you already hold ${alreadyHeld.join(', ')}` : '';
    return {
      code: specialization.code,
      units: fromHundredths(units),
      why: `complete ${specialization.code} (${wording.plural(units)}) by ${by}: it covers the ${wording.plural(gap)} still needed for ${rules.code}${held}`,
    };
  }
  return {
    code: 'APPROVED-CE',
    units: fromHundredths(gap),
    why: wording.completeApprovedCeBy.get(gap) + by + wording.toRenew,
  };
}

function holds(input: GapInput, code: string): boolean {
  for (let index = 0; index < input.heldCount; index++) if (input.heldCodes[index] === code) return true;
  return false;
}

/** The smallest not-held specialization that covers the gap, when the gap uses more than half of it. */
function bestSpecialization(input: GapInput, gap: Hundredths): SpecializationEntry | undefined {
  let best: SpecializationEntry | undefined;
  let bestUnits = Number.POSITIVE_INFINITY;
  for (const specialization of input.rules.specializationsToward) {
    if (holds(input, specialization.code)) continue;
    const units = specialization.units[input.rules.body] ?? 0;
    if (units >= gap && gap * 2 > units && units < bestUnits) {
      best = specialization;
      bestUnits = units;
    }
  }
  return best;
}
