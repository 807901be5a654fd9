/**
 * `evaluate(profile, asOf)`: where each certification a trainer holds stands today, and what to do next.
 * Every body-specific rule is read from the catalog (resolved per version in `credential-index.ts`); this file has no
 * per-code branches.
 * Hot path: the profile is read once into reused buffers (`profile-reader.ts`: dates as integer day numbers, each
 * activity's units read once per body), credits are tallied in plain loops into reused totals (`credit-tally.ts`),
 * the next reminder is found by comparing day numbers, and the only allocations are the output objects, each built
 * at its final size and shape.
 * Sharing milestone objects or arrays between evaluations (memoised by day or by cycle shape) was measured and was
 * slower: a population touches thousands of days, and those lookups missed the CPU cache more than building fresh,
 * nursery-hot objects cost.
 */
import {
  addMonthsToCivil,
  type Civil,
  civilOf,
  civilOfDayNumber,
  type DayNumber,
  dayNumberOfCivil,
  fromDayNumber,
  monthsBetweenCivils,
  toDayNumber,
} from './calendar-date.js';
import type { CertificationRules, ExpiryWindow } from './credential-index.js';
import { CreditLog, type ReadinessRule, Tally } from './credit-tally.js';
import { NO_UNITS, ProfileReader, requireExpiry } from './profile-reader.js';
import { Advice, advise, type CprProblem, type GapInput } from './recommendation.js';
import { buildPrerequisiteMilestones, cycleMilestones, nextUnsentReminderOn } from './reminder-milestones.js';
import type {
  CalendarDate,
  CertificationEvaluation,
  CertificationStatus,
  CredentialClaim,
  Deadlines,
  Evaluation,
  Hundredths,
  LateFeeTier,
  MissingRequirement,
  PrerequisiteEvaluation,
  Recommendation,
  TrainerProfile,
} from './types.js';
import { fromHundredths } from './units.js';

// Working state reused by every call, so evaluating allocates only its output: `evaluate` is synchronous and never
// re-entered, and each piece is reset before it is read.
const profile = new ProfileReader();
/** The last `asOf` parsed: a run evaluates everyone on the same day. */
let lastAsOf: CalendarDate | null = null;
let lastAsOfDay = 0;
const tally = new Tally();
const replayTally = new Tally();
const credits = new CreditLog();
const categoryUnits: Hundredths[] = [0, 0, 0, 0];
/** Day numbers of the milestones just built, so the next reminder is found by integer comparison. */
const milestoneDays: number[] = [];
/** Course codes already counted for the certification being evaluated, where repeats do not count. */
const seenCourses: string[] = [];
/** The gap of the certification being evaluated, as the advice reads it. */
const gap: { -readonly [K in keyof GapInput]: GapInput[K] } = {
  // Assigned before every read (evaluateCertification sets each field); the cast only spares a dummy catalog entry.
  rules: undefined as unknown as CertificationRules,
  status: 'active',
  canStillEarn: false,
  asOfDay: 0,
  expiresDay: 0,
  finishByDay: 0,
  ceEndDay: 0,
  reinstateByDay: null,
  unitsRemaining: 0,
  cprProblem: 'none',
  cprExpiresDay: 0,
  ethicsShortfall: 0,
  categoryUnits: null,
  categoryMaximums: null,
  categoriesMissing: 0,
  heldCodes: profile.heldCodes,
  heldCount: 0,
  specializationEarnedThisCycle: false,
};
const advice = new Advice();

function alreadySeen(courseCode: string, seenCount: number): boolean {
  for (let index = 0; index < seenCount; index++) if (seenCourses[index] === courseCode) return true;
  return false;
}

/** The last day of a window after expiry: month arithmetic for windows the source gives in months or years. */
function windowEnd(expires: Civil, expiresDay: DayNumber, window: ExpiryWindow): DayNumber {
  return (window.months === 0 ? expiresDay : dayNumberOfCivil(addMonthsToCivil(expires, window.months))) + window.days;
}

function evaluateCertification(
  claim: CredentialClaim,
  index: number,
  rules: CertificationRules,
): CertificationEvaluation {
  const asOfDay = profile.asOfDay;
  const expiresOn = requireExpiry(claim, index);
  const expires = civilOf(expiresOn);
  const expiresDay = dayNumberOfCivil(expires);
  const earnedOn = claim.earnedOn;
  const earnedDay = earnedOn === undefined ? Number.NEGATIVE_INFINITY : toDayNumber(earnedOn);

  let cycleStartDay: DayNumber;
  let required = rules.units;
  let categoryMaximums: readonly Hundredths[] | null = null;
  const cycleMonths = rules.cycleMonths;
  if (!rules.calendarFixed) {
    if (rules.dayBeforeAnniversary) {
      // ACSM (pass date + 3 y − 1 d): shift to the anniversary first, or a leap day moves the start a day early.
      cycleStartDay = dayNumberOfCivil(addMonthsToCivil(civilOfDayNumber(expiresDay + 1), -cycleMonths));
    } else {
      // The previous cycle ended on this anniversary, so it owns that day. Only a first cycle (exam passed on or
      // after it) starts on its own exam day (ADR 0003).
      const previousExpiryDay = dayNumberOfCivil(addMonthsToCivil(expires, -cycleMonths));
      cycleStartDay = earnedDay >= previousExpiryDay ? earnedDay : previousExpiryDay + 1;
    }
  } else {
    const periods = Math.floor(monthsBetweenCivils(rules.periodStart, expires) / cycleMonths);
    const cycleStart = addMonthsToCivil(rules.periodStart, periods * cycleMonths);
    cycleStartDay = dayNumberOfCivil(cycleStart);
    const monthsIn = earnedOn === undefined ? -1 : monthsBetweenCivils(cycleStart, civilOf(earnedOn));
    const rows = rules.prorationBeforeMonth;
    let row = rows.length - 1;
    for (let candidate = 0; candidate < rows.length; candidate++) {
      if (monthsIn < rows[candidate]!) {
        row = candidate;
        break;
      }
    }
    if (row >= 0) {
      required = rules.prorationUnits[row]!;
      categoryMaximums = rules.prorationMaximums[row]!;
    }
  }
  if (earnedDay > cycleStartDay) cycleStartDay = earnedDay;
  const minCategories = rules.minCategories;

  const finishByDay = expiresDay - rules.finishLeadDays;
  const graceEndDay = windowEnd(expires, expiresDay, rules.application);
  const ceEndDay = rules.lateCe.present ? windowEnd(expires, expiresDay, rules.lateCe) : graceEndDay;
  const reinstateByDay = rules.reinstatement.present ? windowEnd(expires, expiresDay, rules.reinstatement) : null;
  // Credits count from the cycle start until the late-CE deadline, and never before their own day has come.
  const lastCreditDay = ceEndDay < asOfDay ? ceEndDay : asOfDay;

  // CPR/AED: valid through the renewal (and the body's margin past submission); once expired, through today.
  const hasCard = profile.hasCard;
  const cardExpiresDay = profile.cardExpiresDay;
  let cprProblem: CprProblem = 'none';
  if (rules.cprRequired) {
    const margin = rules.cprValidDaysAfterSubmission;
    const neededThrough = asOfDay > expiresDay ? asOfDay + margin : Math.max(expiresDay, finishByDay + margin);
    if (!hasCard) cprProblem = 'missing';
    else if (cardExpiresDay < asOfDay) cprProblem = 'expired';
    else if (cardExpiresDay < neededThrough) cprProblem = 'expires-before-renewal';
  }
  const cprOk = cprProblem === 'none';
  const cprCredit = rules.cardCredit;

  const body = rules.body;
  tally.reset(categoryMaximums, rules.uncategorisedIndex);
  credits.clear();
  let seenCount = 0;
  const cprCourseCounts = rules.cprCourseCountsAsCe;
  const repeatsCount = rules.repeatsCount;
  const activityDays = profile.activityDays;
  for (let position = 0; position < profile.activityCount; position++) {
    const day = activityDays[position]!;
    if (day < cycleStartDay || day > lastCreditDay) continue;
    if (profile.activityCpr[position] && !cprCourseCounts) continue;
    const hundredths = profile.hundredthsFor(position, body);
    if (hundredths === NO_UNITS) continue;
    const courseCode = profile.activityCourses[position];
    if (!repeatsCount && courseCode !== undefined) {
      if (alreadySeen(courseCode, seenCount)) continue;
      seenCourses[seenCount++] = courseCode;
    }
    const categoryIndex = profile.activityCategories[position]!;
    const ethics = profile.activityEthics[position]!;
    tally.add(hundredths, categoryIndex, ethics);
    credits.add(day, hundredths, categoryIndex, ethics);
  }
  let specializationEarnedThisCycle = false;
  for (let position = 0; position < profile.specializationCount; position++) {
    const specialization = profile.specializationEntries[position]!;
    const units = specialization.units[body];
    if (!specialization.policy.countsAsCe || units === undefined || !specialization.countsToward.includes(rules.code))
      continue;
    const day = profile.specializationDays[position]!;
    if (day < cycleStartDay || day > lastCreditDay) continue;
    specializationEarnedThisCycle = true;
    tally.add(units, -1, false);
    credits.add(day, units, -1, false);
  }

  const ethicsUnits = rules.ethicsUnits;
  const counted = tally.counted();
  const earned = counted + (cprOk ? cprCredit : 0);
  const ethicsShortfall = Math.max(0, ethicsUnits - tally.ethics);
  const categoriesMissing =
    categoryMaximums === null || required === 0 ? 0 : Math.max(0, minCategories - tally.usedCategories());
  const ceOpen = ethicsShortfall !== 0 || categoriesMissing !== 0;
  const met = earned >= required && cprOk && !ceOpen;
  // The CE part alone: a card can be renewed any day, CE only until the late-CE deadline.
  const ceMet = met || (counted + cprCredit >= required && !ceOpen);
  const status: CertificationStatus =
    asOfDay <= expiresDay ? 'active' : asOfDay <= graceEndDay && (asOfDay <= ceEndDay || ceMet) ? 'grace' : 'lapsed';

  let ready = cycleStartDay;
  if (met) {
    const cardDay = hasCard ? Math.max(cycleStartDay, profile.cardEarnedDay ?? cycleStartDay) : cycleStartDay;
    const rule: ReadinessRule = { required, cprCredit, ethicsUnits, minCategories };
    replayTally.reset(categoryMaximums, rules.uncategorisedIndex);
    ready = credits.readyDay(cardDay, cycleStartDay, replayTally, rule, rules.cprRequired);
  }
  const milestones = cycleMilestones(
    cycleStartDay,
    finishByDay,
    expiresDay,
    met,
    ready,
    (ceMet ? graceEndDay : Math.min(graceEndDay, ceEndDay)) + 1,
    milestoneDays,
  );
  const nextReminderOn = nextUnsentReminderOn(milestones, milestoneDays, asOfDay);

  const unitsRemaining = Math.max(0, required - earned);
  let missing: MissingRequirement[];
  let recommendations: Recommendation[];
  if (!met || status === 'lapsed') {
    gap.rules = rules;
    gap.status = status;
    gap.canStillEarn = status === 'active' || (status === 'grace' && asOfDay <= ceEndDay);
    gap.asOfDay = asOfDay;
    gap.expiresDay = expiresDay;
    gap.finishByDay = finishByDay;
    gap.ceEndDay = ceEndDay;
    gap.reinstateByDay = reinstateByDay;
    gap.unitsRemaining = unitsRemaining;
    gap.cprProblem = cprProblem;
    gap.cprExpiresDay = hasCard ? cardExpiresDay : expiresDay;
    gap.ethicsShortfall = ethicsShortfall;
    gap.categoryUnits = tally.countedPerCategory(categoryUnits);
    gap.categoryMaximums = categoryMaximums;
    gap.categoriesMissing = categoriesMissing;
    gap.heldCodes = profile.heldCodes;
    gap.heldCount = profile.heldCount;
    gap.specializationEarnedThisCycle = specializationEarnedThisCycle;
    advise(gap, !met, advice);
    missing = advice.missing;
    recommendations = advice.recommendations;
  } else {
    missing = [];
    recommendations = [];
  }

  return {
    code: rules.code,
    name: rules.name,
    body,
    unit: rules.unit,
    status,
    cycleStartsOn: fromDayNumber(cycleStartDay),
    expiresOn,
    unitsRequired: fromHundredths(required),
    unitsEarned: fromHundredths(earned),
    unitsRemaining: fromHundredths(unitsRemaining),
    requirementsMet: met,
    missing,
    recommendations,
    deadlines: buildDeadlines(
      fromDayNumber(finishByDay),
      expiresOn,
      graceEndDay > expiresDay ? fromDayNumber(graceEndDay) : null,
      rules.lateCe.present && ceEndDay > expiresDay ? fromDayNumber(ceEndDay) : null,
      reinstateByDay === null ? null : fromDayNumber(reinstateByDay),
      rules.lateFees,
    ),
    milestones,
    nextReminderOn,
  };
}

/**
 * The deadlines object, keys in their documented order and absent (not undefined) when they do not apply. Each
 * body's combination is built as one literal: adding keys one by one would grow every object out of line.
 */
function buildDeadlines(
  finishBy: CalendarDate,
  expiresOn: CalendarDate,
  graceEndsOn: CalendarDate | null,
  lateCeBy: CalendarDate | null,
  reinstateBy: CalendarDate | null,
  lateFees: readonly LateFeeTier[] | null,
): Deadlines {
  if (graceEndsOn === null) {
    if (lateCeBy === null && reinstateBy === null && lateFees === null) return { finishBy, expiresOn };
  } else if (reinstateBy === null) {
    if (lateCeBy === null) {
      return lateFees === null ? { finishBy, expiresOn, graceEndsOn } : { finishBy, expiresOn, graceEndsOn, lateFees };
    }
    if (lateFees !== null) return { finishBy, expiresOn, graceEndsOn, lateCeBy, lateFees };
  } else if (lateCeBy === null && lateFees !== null) {
    return { finishBy, expiresOn, graceEndsOn, reinstateBy, lateFees };
  }
  // Combinations no catalog entry has today.
  const deadlines: { -readonly [K in keyof Deadlines]: Deadlines[K] } = { finishBy, expiresOn };
  if (graceEndsOn !== null) deadlines.graceEndsOn = graceEndsOn;
  if (lateCeBy !== null) deadlines.lateCeBy = lateCeBy;
  if (reinstateBy !== null) deadlines.reinstateBy = reinstateBy;
  if (lateFees !== null) deadlines.lateFees = lateFees;
  return deadlines;
}

function evaluatePrerequisite(requiredBy: string[]): PrerequisiteEvaluation {
  const asOfDay = profile.asOfDay;
  const expiresDay = profile.cardExpiresDay;
  // A card no held certification needs is listed, but never reminded about.
  const milestones = requiredBy.length === 0 ? [] : buildPrerequisiteMilestones(expiresDay, milestoneDays);
  return {
    code: profile.cardCode,
    name: profile.cardName,
    status: expiresDay < asOfDay ? 'expired' : 'current',
    expiresOn: fromDayNumber(expiresDay),
    requiredBy,
    milestones,
    nextReminderOn: nextUnsentReminderOn(milestones, milestoneDays, asOfDay),
  };
}

/**
 * Evaluates every certification in `profile` on `asOf`. Input must already be validated (real dates, catalog
 * codes, expiry on certifications and cards); an unknown code throws {@link InvalidProfileError}.
 */
export function evaluate(trainer: TrainerProfile, asOf: CalendarDate): Evaluation {
  if (asOf !== lastAsOf) {
    lastAsOfDay = toDayNumber(asOf);
    lastAsOf = asOf;
  }
  const asOfDay = lastAsOfDay;
  profile.read(trainer, asOfDay);

  const certificationCount = profile.certificationCount;
  const certifications = new Array<CertificationEvaluation>(certificationCount);
  let next: CalendarDate | null = null;
  for (let position = 0; position < certificationCount; position++) {
    const result = evaluateCertification(
      profile.certificationClaims[position]!,
      profile.certificationIndexes[position]!,
      profile.certificationRules[position]!,
    );
    certifications[position] = result;
    const on = result.nextReminderOn;
    if (on !== null && (next === null || on < next)) next = on;
  }

  let prerequisites: PrerequisiteEvaluation[] = [];
  if (profile.hasCard) {
    const result = evaluatePrerequisite(profile.cardRequiredBy());
    prerequisites = [result];
    const on = result.nextReminderOn;
    if (on !== null && (next === null || on < next)) next = on;
  }
  return { asOf, certifications, prerequisites, nextReminderOn: next };
}
