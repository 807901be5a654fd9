/**
 * Which credits count toward one certification's cycle, in date order: activities, specializations earned in the
 * cycle, and (where the body credits it) completing CPR/AED. Every credit considered becomes a line saying whether
 * it counted and, if not in full, why. Caps apply in date order, as the body would apply them on submission.
 */
import { type DayNumber, fromDayNumber } from './calendar-date.js';
import { NSCA_CATEGORIES } from './catalog/index.js';
import type { CertificationEntry, NscaCategory } from './catalog/rules.js';
import type { Cycle } from './cycle.js';
import { courseKeyOf, type ReadProfile } from './profile.js';
import type { Activity, CreditLine, CreditReason, Hundredths } from './types.js';
import { fromHundredths, toHundredths } from './units.js';
import { creditNote } from './wording.js';

/** A credit before the rules of this certification are applied. */
interface Candidate {
  readonly source: CreditLine['source'];
  readonly title: string;
  readonly day: DayNumber;
  readonly approved: Hundredths;
  readonly activityIndex: number | null;
  readonly category: string | undefined;
  /** Identifies the course for bodies that refuse repeats. */
  readonly activity: Activity | null;
  /** A reason it cannot count at all, known before any cap. */
  readonly refused: CreditReason | null;
}

/** Units counted so far. */
export interface CeTotals {
  readonly total: Hundredths;
  readonly ethics: Hundredths;
  /** Counted units per NSCA category (all zero for other bodies). */
  readonly perCategory: Readonly<Record<NscaCategory, Hundredths>>;
}

export interface CountedCredits extends CeTotals {
  readonly lines: readonly CreditLine[];
  /** The day of the credit that made `isMet` true, or null when it never became true through a credit. */
  readonly metOn: DayNumber | null;
}

export interface CreditWindow {
  /** Credits on or after this day count. */
  readonly firstDay: DayNumber;
  /** The last day CE may be completed for this cycle (expiry, or the end of a late-CE window). */
  readonly lastDay: DayNumber;
  readonly asOfDay: DayNumber;
}

function activityCandidates(entry: CertificationEntry, profile: ReadProfile): Candidate[] {
  const cprCredit = entry.requirement.cprCourseCredit.kind;
  const candidates: Candidate[] = [];
  for (const read of profile.activities) {
    const { activity } = read;
    const units = activity.units[entry.body];
    const isCprCourse = activity.category === 'cpr-aed';
    if (isCprCourse && cprCredit === 'fixed-per-year') continue; // credited as a CPR/AED completion below
    if (units === undefined || units <= 0) continue;
    candidates.push({
      source: 'activity',
      title: activity.title,
      day: read.day,
      approved: toHundredths(units),
      activityIndex: read.index,
      category: activity.category,
      activity,
      refused: read.duplicate ? 'duplicate-entry' : isCprCourse && cprCredit === 'none' ? 'cpr-via-card' : null,
    });
  }
  return candidates;
}

function specializationCandidates(entry: CertificationEntry, profile: ReadProfile): Candidate[] {
  return profile.specializations.flatMap(({ entry: specialization, day }) => {
    const units = specialization.units[entry.body];
    if (day === null || units === undefined || !specialization.policy.countsAsCe) return [];
    if (!specialization.countsToward.includes(entry.code)) return [];
    return [
      {
        source: 'specialization' as const,
        title: specialization.name,
        day,
        approved: units,
        activityIndex: null,
        category: undefined,
        activity: null,
        refused: null,
      },
    ];
  });
}

/** ACSM-style credit for completing CPR/AED: a logged CPR/AED course or a new card, once per calendar year. */
function cprCompletionCandidates(entry: CertificationEntry, profile: ReadProfile): Candidate[] {
  const credit = entry.requirement.cprCourseCredit;
  if (credit.kind !== 'fixed-per-year') return [];
  const courses = profile.activities
    .filter((read) => read.activity.category === 'cpr-aed')
    .map((read) => ({ title: read.activity.title, day: read.day, activityIndex: read.index }));
  const cards = profile.cardEarnedDays.map((day) => ({ title: 'CPR/AED card', day, activityIndex: null }));
  return [...courses, ...cards]
    .filter((completion) => fromDayNumber(completion.day) >= credit.from)
    .map((completion) => ({
      source: 'cpr-aed' as const,
      approved: credit.units,
      category: 'cpr-aed',
      activity: null,
      refused: null,
      ...completion,
    }));
}

function yearOf(day: DayNumber): string {
  return fromDayNumber(day).slice(0, 4);
}

/** Running totals while counting, and what was already counted once per cycle or year. */
interface Tally {
  total: Hundredths;
  ethics: Hundredths;
  perCategory: Record<NscaCategory, Hundredths>;
  /** Courses already counted (only where repeats do not count). */
  readonly courses: string[];
  /** Calendar years already credited for completing CPR/AED. */
  readonly cprYears: string[];
}

function outsideWindow(day: DayNumber, window: CreditWindow): CreditReason | null {
  if (day < window.firstDay) return 'before-cycle';
  if (day > window.asOfDay) return 'not-yet';
  if (day > window.lastDay) return 'after-deadline';
  return null;
}

function nscaCategoryOf(category: string | undefined, fallback: NscaCategory): NscaCategory {
  return NSCA_CATEGORIES.find((known) => known === category) ?? fallback;
}

/** The credit line for a candidate: what it approved, what counted, and why not in full. */
function line(
  candidate: Candidate,
  entry: CertificationEntry,
  counted: Hundredths,
  reason: CreditReason | null,
): CreditLine {
  return {
    source: candidate.source,
    title: candidate.title,
    completedOn: fromDayNumber(candidate.day),
    activityIndex: candidate.activityIndex,
    approved: fromHundredths(candidate.approved),
    counted: fromHundredths(counted),
    reason,
    note: reason === null ? '' : creditNote(reason, entry),
  };
}

/** Counts one candidate into `tally` and says how it counted. */
function count(
  candidate: Candidate,
  entry: CertificationEntry,
  cycle: Cycle,
  window: CreditWindow,
  tally: Tally,
): CreditLine {
  const refused = candidate.refused ?? outsideWindow(candidate.day, window);
  if (refused !== null) return line(candidate, entry, 0, refused);
  const { requirement, cycle: cycleRule } = entry;
  if (candidate.source === 'cpr-aed') {
    const year = yearOf(candidate.day);
    if (tally.cprYears.includes(year)) return line(candidate, entry, 0, 'yearly-cap');
    tally.cprYears.push(year);
  }
  if (candidate.activity !== null && !requirement.repeatsCount) {
    const course = courseKeyOf(candidate.activity);
    if (tally.courses.includes(course)) return line(candidate, entry, 0, 'repeat');
    tally.courses.push(course);
  }
  let counted = candidate.approved;
  let reason: CreditReason | null = null;
  if (requirement.perEventCap !== null && candidate.source === 'activity' && counted > requirement.perEventCap) {
    counted = requirement.perEventCap;
    reason = 'event-cap';
  }
  if (cycle.categoryMaximums !== null && cycleRule.anchor === 'calendar-fixed') {
    const category = nscaCategoryOf(candidate.category, cycleRule.uncategorisedAs);
    const headroom = Math.max(0, cycle.categoryMaximums[category] - tally.perCategory[category]);
    if (counted > headroom) {
      counted = headroom;
      reason = 'category-cap';
    }
    tally.perCategory[category] += counted;
  }
  tally.total += counted;
  if (candidate.category === 'ethics') tally.ethics += counted;
  return line(candidate, entry, counted, reason);
}

/**
 * Counts every credit toward `entry`'s `cycle`. `isMet(entry, cycle, totals)` says whether totals meet the CE requirement, so the
 * day it first became true is found in the same pass.
 */
export function countCredits(
  entry: CertificationEntry,
  cycle: Cycle,
  profile: ReadProfile,
  window: CreditWindow,
  isMet: (entry: CertificationEntry, cycle: Cycle, totals: CeTotals) => boolean,
): CountedCredits {
  const candidates = activityCandidates(entry, profile);
  candidates.push(...specializationCandidates(entry, profile), ...cprCompletionCandidates(entry, profile));
  candidates.sort((a, b) => a.day - b.day);
  const tally: Tally = {
    total: 0,
    ethics: 0,
    perCategory: { A: 0, B: 0, C: 0, D: 0 },
    courses: [],
    cprYears: [],
  };
  const lines: CreditLine[] = [];
  let metOn: DayNumber | null = null;
  for (const candidate of candidates) {
    const counted = count(candidate, entry, cycle, window, tally);
    lines.push(counted);
    if (metOn === null && counted.counted > 0 && isMet(entry, cycle, tally)) metOn = candidate.day;
  }
  return { lines, total: tally.total, ethics: tally.ethics, perCategory: tally.perCategory, metOn };
}
