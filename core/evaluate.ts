/**
 * `evaluate(profile, asOf)`: where each certification a trainer holds stands today, and what to do next.
 * Every body-specific rule is read from the catalog entry; this file has no per-code branches.
 * Hot path: dates become integer day numbers once, credits are tallied in plain loops into reused scratch
 * buffers, the next reminder is found by comparing day numbers, and the only allocations are the output objects.
 * Sharing frozen milestone arrays between evaluations (memoised by cycle shape) was measured and was slower:
 * a population has thousands of distinct shapes, and the cache lookups missed the CPU cache more than building
 * fresh, nursery-hot objects cost.
 */
import {
  addMonthsToDayNumber,
  calendarMonthsBetween,
  type DayNumber,
  fromDayNumber,
  toDayNumber,
} from './calendar-date.js';
import {
  type AfterExpiry,
  type CertificationEntry,
  CPR_AED_CODE,
  findCredential,
  SPECIALIZATIONS,
  type SpecializationEntry,
} from './catalog.js';
import { InvalidProfileError } from './errors.js';
import { type CprProblem, type GapInput, missingRequirements, NSCA_CATEGORIES, recommend } from './recommendation.js';
import {
  buildCertificationMilestones,
  buildPrerequisiteMilestones,
  nextUnsentReminderOn,
} from './reminder-milestones.js';
import type {
  Activity,
  CalendarDate,
  CertificationEvaluation,
  CertificationStatus,
  CredentialClaim,
  Deadlines,
  Evaluation,
  Hundredths,
  MissingRequirement,
  PrerequisiteEvaluation,
  Recommendation,
  TrainerProfile,
} from './types.js';
import { fromHundredths, toHundredths } from './units.js';

/** Specializations that count as CE toward each certification code, resolved once from the catalog. */
const SPECIALIZATIONS_TOWARD = new Map<string, readonly SpecializationEntry[]>();
for (const specialization of SPECIALIZATIONS) {
  if (!specialization.policy.countsAsCe) continue;
  for (const code of specialization.countsToward) {
    SPECIALIZATIONS_TOWARD.set(code, [...(SPECIALIZATIONS_TOWARD.get(code) ?? []), specialization]);
  }
}
const NO_SPECIALIZATIONS: readonly SpecializationEntry[] = [];
const NO_CODES: readonly string[] = [];
const categoryMaximumsCache = new Map<object, readonly Hundredths[]>();
function categoryMaximumsOf(row: {
  readonly categoryMaximums: Readonly<Record<string, Hundredths>>;
}): readonly Hundredths[] {
  let maximums = categoryMaximumsCache.get(row);
  if (maximums === undefined) {
    maximums = NSCA_CATEGORIES.map((category) => row.categoryMaximums[category] ?? 0);
    categoryMaximumsCache.set(row, maximums);
  }
  return maximums;
}
const CATEGORY_INDEX: Readonly<Record<string, number>> = { A: 0, B: 1, C: 2, D: 3 };

interface ParsedActivity {
  readonly day: DayNumber;
  readonly units: Activity['units'];
  /** NSCA category index 0–3, or -1. */
  readonly categoryIndex: number;
  readonly ethics: boolean;
  /** A CPR/AED course: the card is the CPR credit, so it counts as CE only where the catalog says so. */
  readonly cpr: boolean;
  readonly courseCode: string | undefined;
}

interface HeldSpecialization {
  readonly entry: SpecializationEntry;
  readonly day: DayNumber;
}

interface CprCard {
  readonly code: string;
  readonly expiresDay: DayNumber;
  readonly earnedDay: DayNumber | null;
}

interface ProfileContext {
  readonly asOfDay: DayNumber;
  readonly activities: readonly ParsedActivity[];
  readonly specializations: readonly HeldSpecialization[];
  readonly heldCodes: readonly string[];
  readonly card: CprCard | null;
}

function requireExpiry(claim: CredentialClaim, index: number): CalendarDate {
  if (claim.expiresOn === undefined) {
    throw new InvalidProfileError(`credentials[${index}].expiresOn: required for ${claim.code}`);
  }
  return claim.expiresOn;
}

/** Running totals for one certification's cycle. */
class Tally {
  total = 0;
  ethics = 0;
  readonly categories: number[] | null;

  constructor(
    readonly categoryMaximums: readonly Hundredths[] | null,
    readonly uncategorisedIndex: number,
  ) {
    this.categories = categoryMaximums === null ? null : [0, 0, 0, 0];
  }

  add(units: Hundredths, categoryIndex: number, ethics: boolean): void {
    this.total += units;
    if (ethics) this.ethics += units;
    if (this.categories !== null) {
      const index = categoryIndex < 0 ? this.uncategorisedIndex : categoryIndex;
      this.categories[index] = (this.categories[index] ?? 0) + units;
    }
  }

  /** Units that count, after category maximums. */
  counted(): Hundredths {
    if (this.categories === null || this.categoryMaximums === null) return this.total;
    let sum = 0;
    for (let index = 0; index < 4; index++) {
      sum += Math.min(this.categories[index] ?? 0, this.categoryMaximums[index] ?? 0);
    }
    return sum;
  }

  countedPerCategory(): Hundredths[] | null {
    if (this.categories === null || this.categoryMaximums === null) return null;
    const maximums = this.categoryMaximums;
    return this.categories.map((units, index) => Math.min(units, maximums[index] ?? 0));
  }

  usedCategories(): number {
    let used = 0;
    if (this.categories !== null) for (const units of this.categories) if (units > 0) used++;
    return used;
  }
}

// Scratch buffers for the credits of the certification being evaluated (evaluate is synchronous and never
// re-entered, so one set serves every call without allocating).
const creditDays: DayNumber[] = [];
const creditUnits: Hundredths[] = [];
const creditCategories: number[] = [];
const creditEthics: boolean[] = [];
const creditOrder: number[] = [];
let creditCount = 0;
/** Day numbers of the milestones just built (scratch, same reasoning). */
const milestoneDays: number[] = [];

function addCredit(day: DayNumber, units: Hundredths, categoryIndex: number, ethics: boolean): void {
  creditDays[creditCount] = day;
  creditUnits[creditCount] = units;
  creditCategories[creditCount] = categoryIndex;
  creditEthics[creditCount] = ethics;
  creditCount++;
}

/** Requirement figures of one cycle, for replaying credits. */
interface Rule {
  readonly required: Hundredths;
  readonly cprCredit: Hundredths;
  readonly ethicsUnits: Hundredths;
  readonly minCategories: number;
}

function isMet(tally: Tally, rule: Rule, cprOk: boolean): boolean {
  const earned = tally.counted() + (cprOk ? rule.cprCredit : 0);
  const categoriesMissing =
    tally.categories === null || rule.required === 0 ? 0 : Math.max(0, rule.minCategories - tally.usedCategories());
  return earned >= rule.required && cprOk && rule.ethicsUnits - tally.ethics <= 0 && categoriesMissing === 0;
}

/** The day requirements became met: replay the scratch credits in date order until they are. */
function readyDay(
  cprDay: DayNumber,
  cycleStartDay: DayNumber,
  tally: Tally,
  rule: Rule,
  cprCounts: boolean,
): DayNumber {
  // Insertion sort of credit indexes by day: a handful of credits; same-day order does not change any total.
  const count = creditCount;
  for (let index = 0; index < count; index++) {
    const day = creditDays[index]!;
    let slot = index;
    while (slot > 0 && creditDays[creditOrder[slot - 1]!]! > day) {
      creditOrder[slot] = creditOrder[slot - 1]!;
      slot--;
    }
    creditOrder[slot] = index;
  }
  let day = cycleStartDay;
  if (isMet(tally, rule, !cprCounts || cprDay <= day)) return day;
  let next = 0;
  while (next < count || (cprCounts && day < cprDay)) {
    const creditDay = next < count ? creditDays[creditOrder[next]!]! : Number.POSITIVE_INFINITY;
    day = cprCounts && cprDay > day && cprDay < creditDay ? cprDay : creditDay;
    while (next < count && creditDays[creditOrder[next]!] === day) {
      const credit = creditOrder[next++]!;
      tally.add(creditUnits[credit]!, creditCategories[credit]!, creditEthics[credit]!);
    }
    if (isMet(tally, rule, !cprCounts || cprDay <= day)) return day;
  }
  return day;
}

function evaluateCertification(
  claim: CredentialClaim,
  index: number,
  entry: CertificationEntry,
  context: ProfileContext,
): CertificationEvaluation {
  const asOfDay = context.asOfDay;
  const requirement = entry.requirement;
  const cycle = entry.cycle;
  const expiresOn = requireExpiry(claim, index);
  const expiresDay = toDayNumber(expiresOn);
  const earnedDay = claim.earnedOn === undefined ? Number.NEGATIVE_INFINITY : toDayNumber(claim.earnedOn);

  let cycleStartDay: DayNumber;
  let required = requirement.units;
  let categoryMaximums: readonly Hundredths[] | null = null;
  let uncategorisedIndex = -1;
  let minCategories = 0;
  if (cycle.anchor === 'anniversary') {
    if (cycle.expiry === 'day-before-anniversary') {
      // ACSM (pass date + 3 y − 1 d): shift to the anniversary first, or a leap day moves the start a day early.
      cycleStartDay = addMonthsToDayNumber(expiresDay + 1, -cycle.months);
    } else {
      // The previous cycle ended on this anniversary, so it owns that day. Only a first cycle (exam passed on or
      // after it) starts on its own exam day (ADR 0003).
      const previousExpiryDay = addMonthsToDayNumber(expiresDay, -cycle.months);
      cycleStartDay = earnedDay >= previousExpiryDay ? earnedDay : previousExpiryDay + 1;
    }
  } else {
    const anchorDay = toDayNumber(cycle.periodStartsOn);
    const periods = Math.floor(calendarMonthsBetween(anchorDay, expiresDay) / cycle.months);
    cycleStartDay = addMonthsToDayNumber(anchorDay, periods * cycle.months);
    const monthsIn = Number.isFinite(earnedDay) ? calendarMonthsBetween(cycleStartDay, earnedDay) : -1;
    const proration = cycle.proration;
    let row = proration[proration.length - 1];
    for (let candidate = 0; candidate < proration.length; candidate++) {
      if (monthsIn < proration[candidate]!.certifiedBeforeMonth) {
        row = proration[candidate];
        break;
      }
    }
    if (row !== undefined) {
      required = row.units;
      categoryMaximums = categoryMaximumsOf(row);
    }
    uncategorisedIndex = CATEGORY_INDEX[cycle.uncategorisedAs] ?? 0;
    minCategories = cycle.minCategories;
  }
  if (earnedDay > cycleStartDay) cycleStartDay = earnedDay;

  const grace = entry.grace;
  const finishByDay = expiresDay - entry.finishLeadDays;
  const graceEndDay = windowEnd(expiresDay, grace.application);
  const ceEndDay = grace.lateCe === null ? graceEndDay : windowEnd(expiresDay, grace.lateCe);
  const reinstateByDay = grace.reinstatement === null ? null : windowEnd(expiresDay, grace.reinstatement);
  // Credits count from the cycle start until the late-CE deadline, and never before their own day has come.
  const lastCreditDay = ceEndDay < asOfDay ? ceEndDay : asOfDay;

  // CPR/AED: valid through the renewal (and the body's margin past submission); once expired, through today.
  const card = context.card;
  let cprProblem: CprProblem = 'none';
  if (requirement.cprRequired) {
    const margin = requirement.cprValidDaysAfterSubmission;
    const neededThrough = asOfDay > expiresDay ? asOfDay + margin : Math.max(expiresDay, finishByDay + margin);
    if (card === null) cprProblem = 'missing';
    else if (card.expiresDay < asOfDay) cprProblem = 'expired';
    else if (card.expiresDay < neededThrough) cprProblem = 'expires-before-renewal';
  }
  const cprOk = cprProblem === 'none';
  const cprCredit = requirement.cprRequired ? requirement.cprCredit : 0;
  const cprCourseCounts = requirement.cprCourseCountsAsCe;

  const body = entry.body;
  const tally = new Tally(categoryMaximums, uncategorisedIndex);
  creditCount = 0;
  let seenCourses: Set<string> | null = null;
  const activities = context.activities;
  for (let position = 0; position < activities.length; position++) {
    const activity = activities[position]!;
    // The day window first: it is two integer compares, the per-body lookup is a megamorphic keyed load.
    if (activity.day < cycleStartDay || activity.day > lastCreditDay) continue;
    if (activity.cpr && !cprCourseCounts) continue;
    const units = activity.units[body];
    if (units === undefined || units <= 0) continue;
    if (!requirement.repeatsCount && activity.courseCode !== undefined) {
      seenCourses ??= new Set();
      if (seenCourses.has(activity.courseCode)) continue;
      seenCourses.add(activity.courseCode);
    }
    const hundredths = toHundredths(units);
    tally.add(hundredths, activity.categoryIndex, activity.ethics);
    addCredit(activity.day, hundredths, activity.categoryIndex, activity.ethics);
  }
  let specializationEarnedThisCycle = false;
  const toward = SPECIALIZATIONS_TOWARD.get(entry.code) ?? NO_SPECIALIZATIONS;
  let specializationsNotHeld: readonly SpecializationEntry[] = toward;
  let specializationsHeld: readonly string[] = NO_CODES;
  if (context.heldCodes.length > 0 && toward.length > 0) {
    const heldCodes: string[] = [];
    const notHeld: SpecializationEntry[] = [];
    for (let candidate = 0; candidate < toward.length; candidate++) {
      const specialization = toward[candidate]!;
      if (context.heldCodes.includes(specialization.code)) heldCodes.push(specialization.code);
      else notHeld.push(specialization);
    }
    specializationsHeld = heldCodes;
    specializationsNotHeld = notHeld;
  }
  const held = context.specializations;
  for (let position = 0; position < held.length; position++) {
    const specialization = held[position]!;
    const units = specialization.entry.units[body];
    if (
      !specialization.entry.policy.countsAsCe ||
      units === undefined ||
      !specialization.entry.countsToward.includes(entry.code)
    )
      continue;
    if (specialization.day < cycleStartDay || specialization.day > lastCreditDay) continue;
    specializationEarnedThisCycle = true;
    tally.add(units, -1, false);
    addCredit(specialization.day, units, -1, false);
  }

  const ethicsUnits = requirement.ethicsUnits;
  const counted = tally.counted();
  const earned = counted + (cprOk ? cprCredit : 0);
  const ethicsShortfall = Math.max(0, ethicsUnits - tally.ethics);
  const categoriesMissing =
    tally.categories === null || required === 0 ? 0 : Math.max(0, minCategories - tally.usedCategories());
  const ceOpen = ethicsShortfall !== 0 || categoriesMissing !== 0;
  const met = earned >= required && cprOk && !ceOpen;
  // The CE part alone: a card can be renewed any day, CE only until the late-CE deadline.
  const ceMet = met || (counted + cprCredit >= required && !ceOpen);
  const status: CertificationStatus =
    asOfDay <= expiresDay ? 'active' : asOfDay <= graceEndDay && (asOfDay <= ceEndDay || ceMet) ? 'grace' : 'lapsed';

  let ready = cycleStartDay;
  if (met) {
    const cardDay = card === null ? cycleStartDay : Math.max(cycleStartDay, card.earnedDay ?? cycleStartDay);
    const rule: Rule = { required, cprCredit, ethicsUnits, minCategories };
    ready = readyDay(
      cardDay,
      cycleStartDay,
      new Tally(categoryMaximums, uncategorisedIndex),
      rule,
      requirement.cprRequired,
    );
  }
  const milestones = buildCertificationMilestones(
    {
      cycleStartDay,
      finishByDay,
      expiresDay,
      requirementsMet: met,
      readyDay: ready,
      lapsedDay: (ceMet ? graceEndDay : Math.min(graceEndDay, ceEndDay)) + 1,
    },
    milestoneDays,
  );

  const unitsRemaining = Math.max(0, required - earned);
  let missing: MissingRequirement[] | null = null;
  let recommendations: Recommendation[] | null = null;
  if (!met || status === 'lapsed') {
    const gap: GapInput = {
      entry,
      status,
      canStillEarn: status === 'active' || (status === 'grace' && asOfDay <= ceEndDay),
      asOfDay,
      expiresDay,
      finishByDay,
      ceEndDay,
      reinstateByDay,
      unitsRemaining,
      cprProblem,
      cprExpiresDay: card === null ? expiresDay : card.expiresDay,
      ethicsShortfall,
      categoryUnits: tally.countedPerCategory(),
      categoryMaximums,
      categoriesMissing,
      specializationsNotHeld,
      specializationsHeld,
      specializationEarnedThisCycle,
    };
    if (!met) missing = missingRequirements(gap);
    recommendations = recommend(gap);
  }

  return {
    code: entry.code,
    name: entry.name,
    body,
    unit: entry.unit,
    status,
    cycleStartsOn: fromDayNumber(cycleStartDay),
    expiresOn,
    unitsRequired: fromHundredths(required),
    unitsEarned: fromHundredths(earned),
    unitsRemaining: fromHundredths(unitsRemaining),
    requirementsMet: met,
    missing: missing ?? [],
    recommendations: recommendations ?? [],
    deadlines: buildDeadlines(entry, expiresDay, expiresOn, finishByDay, graceEndDay, ceEndDay, reinstateByDay),
    milestones,
    nextReminderOn: nextUnsentReminderOn(milestones, milestoneDays, asOfDay),
  };
}

/** The last day of a window after expiry: month arithmetic for windows the source gives in months or years. */
function windowEnd(expiresDay: DayNumber, window: AfterExpiry): DayNumber {
  return (window.months === 0 ? expiresDay : addMonthsToDayNumber(expiresDay, window.months)) + window.days;
}

function buildDeadlines(
  entry: CertificationEntry,
  expiresDay: DayNumber,
  expiresOn: CalendarDate,
  finishByDay: DayNumber,
  graceEndDay: DayNumber,
  ceEndDay: DayNumber,
  reinstateByDay: DayNumber | null,
): Deadlines {
  const grace = entry.grace;
  // Built by assignment, not spreads: this runs once per certification on the hot path.
  const deadlines: { -readonly [K in keyof Deadlines]: Deadlines[K] } = {
    finishBy: fromDayNumber(finishByDay),
    expiresOn,
  };
  if (graceEndDay > expiresDay) deadlines.graceEndsOn = fromDayNumber(graceEndDay);
  if (grace.lateCe !== null && ceEndDay > expiresDay) deadlines.lateCeBy = fromDayNumber(ceEndDay);
  if (reinstateByDay !== null) deadlines.reinstateBy = fromDayNumber(reinstateByDay);
  if (grace.lateFees.length > 0) deadlines.lateFees = grace.lateFees;
  return deadlines;
}

function evaluatePrerequisite(
  card: CprCard,
  asOfDay: DayNumber,
  requiredBy: string[],
  name: string,
): PrerequisiteEvaluation {
  // A card no held certification needs is listed, but never reminded about.
  const milestones = requiredBy.length === 0 ? [] : buildPrerequisiteMilestones(card.expiresDay, milestoneDays);
  return {
    code: card.code,
    name,
    status: card.expiresDay < asOfDay ? 'expired' : 'current',
    expiresOn: fromDayNumber(card.expiresDay),
    requiredBy,
    milestones,
    nextReminderOn: nextUnsentReminderOn(milestones, milestoneDays, asOfDay),
  };
}

/**
 * Evaluates every certification in `profile` on `asOf`. Input must already be validated (real dates, catalog
 * codes, expiry on certifications and cards); an unknown code throws {@link InvalidProfileError}.
 */
export function evaluate(profile: TrainerProfile, asOf: CalendarDate): Evaluation {
  const asOfDay = toDayNumber(asOf);
  const activities: ParsedActivity[] = [];
  for (const activity of profile.activities) {
    activities.push({
      day: toDayNumber(activity.completedOn),
      units: activity.units,
      categoryIndex: activity.category === undefined ? -1 : (CATEGORY_INDEX[activity.category] ?? -1),
      ethics: activity.category === 'ethics',
      cpr: activity.category === 'cpr-aed',
      courseCode: activity.courseCode,
    });
  }

  const specializations: HeldSpecialization[] = [];
  const heldCodes: string[] = [];
  const certifications: Array<{ claim: CredentialClaim; index: number; entry: CertificationEntry }> = [];
  let card: CprCard | null = null;
  let cardName = '';
  for (let index = 0; index < profile.credentials.length; index++) {
    const claim = profile.credentials[index]!;
    const entry = findCredential(claim.code, claim.expiresOn ?? claim.earnedOn);
    if (entry === undefined) throw new InvalidProfileError(`credentials[${index}].code: unknown code "${claim.code}"`);
    if (entry.kind === 'certification') {
      certifications.push({ claim, index, entry });
    } else if (entry.kind === 'specialization') {
      // A specialization (or card) dated after today is not held yet: it neither counts nor blocks the advice.
      const day = claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn);
      if (day !== null && day > asOfDay) continue;
      heldCodes.push(entry.code);
      if (day !== null) specializations.push({ entry, day });
    } else {
      const expiresDay = toDayNumber(requireExpiry(claim, index));
      const earnedDay = claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn);
      if (earnedDay !== null && earnedDay > asOfDay) continue;
      if (card === null || expiresDay > card.expiresDay) {
        card = { code: entry.code, expiresDay, earnedDay };
        cardName = entry.name;
      }
    }
  }

  const context: ProfileContext = { asOfDay, activities, specializations, heldCodes, card };
  const certificationResults: CertificationEvaluation[] = [];
  for (const { claim, index, entry } of certifications) {
    certificationResults.push(evaluateCertification(claim, index, entry, context));
  }

  const prerequisites: PrerequisiteEvaluation[] = [];
  const cprCard: CprCard | null = card;
  if (cprCard !== null) {
    const requiredBy: string[] = [];
    for (const { entry } of certifications) {
      if (entry.requirement.cprRequired && !requiredBy.includes(entry.code)) requiredBy.push(entry.code);
    }
    prerequisites.push(evaluatePrerequisite(cprCard, asOfDay, requiredBy, cardName || CPR_AED_CODE));
  }

  let next: CalendarDate | null = null;
  for (const result of certificationResults) {
    if (result.nextReminderOn !== null && (next === null || result.nextReminderOn < next)) next = result.nextReminderOn;
  }
  for (const result of prerequisites) {
    if (result.nextReminderOn !== null && (next === null || result.nextReminderOn < next)) next = result.nextReminderOn;
  }
  return { asOf, certifications: certificationResults, prerequisites, nextReminderOn: next };
}
