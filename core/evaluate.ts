/**
 * `evaluate(profile, asOf)`: where each certification a trainer holds stands today, and what to do next.
 * Every body-specific rule is read from the catalog entry; this file has no per-code branches.
 * Hot path (≥1M evaluations/s): dates become integer day numbers once, credits are tallied in plain loops,
 * and the only allocations are the output objects.
 */
import {
  addMonthsToDayNumber,
  calendarMonthsBetween,
  type DayNumber,
  fromDayNumber,
  toDayNumber,
} from './calendar-date.js';
import {
  type CertificationEntry,
  CPR_AED_CODE,
  findCredential,
  SPECIALIZATIONS,
  type SpecializationEntry,
} from './catalog.js';
import { InvalidProfileError } from './errors.js';
import { type CprProblem, type GapInput, missingRequirements, NSCA_CATEGORIES, recommend } from './recommendation.js';
import { certificationMilestones, nextReminderOn, prerequisiteMilestones } from './reminder-milestones.js';
import type {
  Activity,
  CalendarDate,
  CertificationEvaluation,
  CertificationStatus,
  CredentialClaim,
  Deadlines,
  Evaluation,
  Hundredths,
  PrerequisiteEvaluation,
  ReminderMilestone,
  TrainerProfile,
} from './types.js';
import { fromHundredths, toHundredths } from './units.js';

const NOTHING_SENT: ReadonlySet<string> = new Set();
/** Specializations that count as CE toward each certification code, resolved once from the catalog. */
const SPECIALIZATIONS_TOWARD = new Map<string, readonly SpecializationEntry[]>();
for (const specialization of SPECIALIZATIONS) {
  if (!specialization.policy.countsAsCe) continue;
  for (const code of specialization.countsToward) {
    SPECIALIZATIONS_TOWARD.set(code, [...(SPECIALIZATIONS_TOWARD.get(code) ?? []), specialization]);
  }
}
const NO_SPECIALIZATIONS: readonly SpecializationEntry[] = [];
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

/** A credit inside the cycle window, kept so the day requirements became met can be replayed. */
interface Credit {
  readonly day: DayNumber;
  readonly units: Hundredths;
  readonly categoryIndex: number;
  readonly ethics: boolean;
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

interface Standing {
  readonly earned: Hundredths;
  readonly ethicsShortfall: Hundredths;
  readonly categoriesMissing: number;
  readonly met: boolean;
}

function standing(
  tally: Tally,
  required: Hundredths,
  cprOk: boolean,
  cprCredit: Hundredths,
  ethicsRequired: Hundredths,
  minCategories: number,
): Standing {
  const earned = tally.counted() + (cprOk ? cprCredit : 0);
  const ethicsShortfall = Math.max(0, ethicsRequired - tally.ethics);
  const categoriesMissing =
    tally.categories === null || required === 0 ? 0 : Math.max(0, minCategories - tally.usedCategories());
  const met = earned >= required && cprOk && ethicsShortfall === 0 && categoriesMissing === 0;
  return { earned, ethicsShortfall, categoriesMissing, met };
}

/** The day requirements became met: replay the credits in date order until they are. */
function readyDay(
  credits: Credit[],
  cprDay: DayNumber,
  cycleStartDay: DayNumber,
  make: () => Tally,
  check: (tally: Tally, cprOk: boolean) => boolean,
  cprCounts: boolean,
): DayNumber {
  credits.sort((a, b) => a.day - b.day);
  const tally = make();
  let day = cycleStartDay;
  if (check(tally, cprCounts && cprDay <= day)) return day;
  let next = 0;
  while (next < credits.length || (cprCounts && day < cprDay)) {
    const creditDay = next < credits.length ? credits[next]!.day : Number.POSITIVE_INFINITY;
    day = cprCounts && cprDay > day && cprDay < creditDay ? cprDay : creditDay;
    while (next < credits.length && credits[next]!.day === day) {
      const credit = credits[next++]!;
      tally.add(credit.units, credit.categoryIndex, credit.ethics);
    }
    if (check(tally, cprCounts && cprDay <= day)) return day;
  }
  return day;
}

function evaluateCertification(
  claim: CredentialClaim,
  index: number,
  entry: CertificationEntry,
  context: ProfileContext,
): CertificationEvaluation {
  const { asOfDay } = context;
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
    cycleStartDay = addMonthsToDayNumber(expiresDay, -cycle.months) + cycle.startOffsetDays;
  } else {
    const anchorDay = toDayNumber(cycle.periodStartsOn);
    const periods = Math.floor(calendarMonthsBetween(anchorDay, expiresDay) / cycle.months);
    cycleStartDay = addMonthsToDayNumber(anchorDay, periods * cycle.months);
    const monthsIn = Number.isFinite(earnedDay) ? calendarMonthsBetween(cycleStartDay, earnedDay) : -1;
    const row =
      cycle.proration.find((candidate) => monthsIn < candidate.certifiedBeforeMonth) ?? cycle.proration.at(-1);
    if (row !== undefined) {
      required = row.units;
      categoryMaximums = categoryMaximumsOf(row);
    }
    uncategorisedIndex = CATEGORY_INDEX[cycle.uncategorisedAs] ?? 0;
    minCategories = cycle.minCategories;
  }
  if (earnedDay > cycleStartDay) cycleStartDay = earnedDay;

  const finishByDay = expiresDay - entry.finishLeadDays;
  const graceEndDay = expiresDay + entry.grace.applicationDays;
  const ceEndDay = expiresDay + (entry.grace.lateCeDays ?? entry.grace.applicationDays);
  const reinstateByDay = entry.grace.reinstatementDays === null ? null : expiresDay + entry.grace.reinstatementDays;

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

  const body = entry.body;
  const tally = new Tally(categoryMaximums, uncategorisedIndex);
  const credits: Credit[] = [];
  let seenCourses: Set<string> | null = null;
  for (const activity of context.activities) {
    const units = activity.units[body];
    if (units === undefined || units <= 0 || activity.day < cycleStartDay || activity.day > ceEndDay) continue;
    if (!requirement.repeatsCount && activity.courseCode !== undefined) {
      seenCourses ??= new Set();
      if (seenCourses.has(activity.courseCode)) continue;
      seenCourses.add(activity.courseCode);
    }
    const hundredths = toHundredths(units);
    tally.add(hundredths, activity.categoryIndex, activity.ethics);
    credits.push({
      day: activity.day,
      units: hundredths,
      categoryIndex: activity.categoryIndex,
      ethics: activity.ethics,
    });
  }
  let specializationEarnedThisCycle = false;
  const toward = SPECIALIZATIONS_TOWARD.get(entry.code) ?? NO_SPECIALIZATIONS;
  let specializationsNotHeld: readonly SpecializationEntry[] = toward;
  let specializationsHeld: string[] = [];
  if (context.heldCodes.length > 0 && toward.length > 0) {
    specializationsHeld = [];
    const notHeld: SpecializationEntry[] = [];
    for (const candidate of toward) {
      if (context.heldCodes.includes(candidate.code)) specializationsHeld.push(candidate.code);
      else notHeld.push(candidate);
    }
    specializationsNotHeld = notHeld;
  }
  for (const held of context.specializations) {
    const units = held.entry.units[body];
    if (!held.entry.policy.countsAsCe || units === undefined || !held.entry.countsToward.includes(entry.code)) continue;
    if (held.day < cycleStartDay || held.day > ceEndDay) continue;
    specializationEarnedThisCycle = true;
    tally.add(units, -1, false);
    credits.push({ day: held.day, units, categoryIndex: -1, ethics: false });
  }

  const current = standing(tally, required, cprOk, cprCredit, requirement.ethicsUnits, minCategories);
  const met = current.met;
  // The CE part alone: a card can be renewed any day, CE only until the late-CE deadline.
  const ceMet = met || standing(tally, required, true, cprCredit, requirement.ethicsUnits, minCategories).met;
  const status: CertificationStatus =
    asOfDay <= expiresDay ? 'active' : asOfDay <= graceEndDay && (asOfDay <= ceEndDay || ceMet) ? 'grace' : 'lapsed';
  const canStillEarn = status === 'active' || (status === 'grace' && asOfDay <= ceEndDay);
  const lapsedDay = (ceMet ? graceEndDay : Math.min(graceEndDay, ceEndDay)) + 1;

  let ready = cycleStartDay;
  if (met) {
    const cardDay = card === null ? cycleStartDay : Math.max(cycleStartDay, card.earnedDay ?? cycleStartDay);
    ready = readyDay(
      credits,
      cardDay,
      cycleStartDay,
      () => new Tally(categoryMaximums, uncategorisedIndex),
      (partial, cprCounted) =>
        standing(
          partial,
          required,
          cprCounted || !requirement.cprRequired,
          cprCredit,
          requirement.ethicsUnits,
          minCategories,
        ).met,
      requirement.cprRequired,
    );
  }

  const milestones = certificationMilestones({
    cycleStartDay,
    finishByDay,
    expiresDay,
    requirementsMet: met,
    readyDay: ready,
    lapsedDay,
  });

  const unitsRemaining = Math.max(0, required - current.earned);
  const gap: GapInput = {
    entry,
    status,
    canStillEarn,
    asOfDay,
    expiresDay,
    finishByDay,
    ceEndDay,
    reinstateByDay,
    unitsRemaining,
    cprProblem,
    cprExpiresDay: card === null ? expiresDay : card.expiresDay,
    ethicsShortfall: current.ethicsShortfall,
    categoryUnits: tally.countedPerCategory(),
    categoryMaximums,
    categoriesMissing: current.categoriesMissing,
    specializationsNotHeld,
    specializationsHeld,
    specializationEarnedThisCycle,
  };

  const deadlines: Deadlines = buildDeadlines(entry, expiresOn, finishByDay, graceEndDay, ceEndDay, reinstateByDay);
  const asOf = fromDayNumber(asOfDay);
  return {
    code: entry.code,
    name: entry.name,
    body,
    unit: entry.unit,
    status,
    cycleStartsOn: fromDayNumber(cycleStartDay),
    expiresOn,
    unitsRequired: fromHundredths(required),
    unitsEarned: fromHundredths(current.earned),
    unitsRemaining: fromHundredths(unitsRemaining),
    requirementsMet: met,
    missing: met ? [] : missingRequirements(gap),
    recommendations: met && status !== 'lapsed' ? [] : recommend(gap),
    deadlines,
    milestones,
    nextReminderOn: nextReminderOn(milestones, asOf, NOTHING_SENT),
  };
}

function buildDeadlines(
  entry: CertificationEntry,
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
  if (grace.applicationDays > 0) deadlines.graceEndsOn = fromDayNumber(graceEndDay);
  if (grace.lateCeDays !== null && grace.lateCeDays > 0) deadlines.lateCeBy = fromDayNumber(ceEndDay);
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
  const milestones: ReminderMilestone[] = prerequisiteMilestones(card.expiresDay);
  return {
    code: card.code,
    name,
    status: card.expiresDay < asOfDay ? 'expired' : 'current',
    expiresOn: fromDayNumber(card.expiresDay),
    requiredBy,
    milestones,
    nextReminderOn: nextReminderOn(milestones, fromDayNumber(asOfDay), NOTHING_SENT),
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
      heldCodes.push(entry.code);
      if (claim.earnedOn !== undefined) specializations.push({ entry, day: toDayNumber(claim.earnedOn) });
    } else {
      const expiresDay = toDayNumber(requireExpiry(claim, index));
      if (card === null || expiresDay > card.expiresDay) {
        card = {
          code: entry.code,
          expiresDay,
          earnedDay: claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn),
        };
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
