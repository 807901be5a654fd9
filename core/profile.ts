/**
 * A trainer's profile read once per evaluation: activities in date order with their identity (to spot repeats and
 * double entries), the specializations held, and the CPR/AED card that counts.
 */
import { type DayNumber, toDayNumber } from './calendar-date.js';
import { CPR_AED_CODE, findCredential } from './catalog/index.js';
import type { CertificationEntry, SpecializationEntry } from './catalog/rules.js';
import { InvalidProfileError } from './errors.js';
import type { Activity, CalendarDate, CredentialClaim, TrainerProfile } from './types.js';

export interface ReadActivity {
  readonly activity: Activity;
  /** Position in `profile.activities`. */
  readonly index: number;
  readonly day: DayNumber;
  /** True when an earlier activity has the same title, date and units: a double entry, counted once. */
  readonly duplicate: boolean;
}

export interface HeldSpecialization {
  readonly entry: SpecializationEntry;
  /** Null when the trainer did not say when they earned it (it is still never advised again). */
  readonly day: DayNumber | null;
  readonly earnedOn: CalendarDate | null;
}

export interface Card {
  readonly code: string;
  readonly name: string;
  readonly expiresDay: DayNumber;
  readonly earnedDay: DayNumber | null;
}

export interface HeldCertification {
  readonly claim: CredentialClaim;
  readonly entry: CertificationEntry;
  readonly expiresOn: CalendarDate;
}

export interface ReadProfile {
  readonly asOfDay: DayNumber;
  readonly activities: readonly ReadActivity[];
  readonly certifications: readonly HeldCertification[];
  readonly specializations: readonly HeldSpecialization[];
  /** The card that expires last among those already earned, or null. */
  readonly card: Card | null;
  /** Dates of every CPR/AED card earned (for bodies that credit the completion itself). */
  readonly cardEarnedDays: readonly DayNumber[];
}

/** Lower case, accents and punctuation dropped, spaces collapsed: "Kettlebell  Basics!" = "kettlebell basics". */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The same course whatever the date: the course code, else the normalised title and provider. */
export function courseKeyOf(activity: Activity): string {
  return activity.courseCode !== undefined
    ? `code:${activity.courseCode.trim().toLowerCase()}`
    : `title:${normalise(activity.title)}|${normalise(activity.provider ?? '')}`;
}

function sameUnits(a: Activity['units'], b: Activity['units']): boolean {
  const bodies = Object.keys(a) as (keyof Activity['units'])[];
  return bodies.length === Object.keys(b).length && bodies.every((body) => a[body] === b[body]);
}

/** Same title (as a reader sees it), same day, same units: one course entered twice. */
function isSameEntry(a: Activity, b: Activity): boolean {
  return a.completedOn === b.completedOn && sameUnits(a.units, b.units) && normalise(a.title) === normalise(b.title);
}

function enteredBefore(activities: readonly Activity[], index: number): boolean {
  for (let earlier = 0; earlier < index; earlier++)
    if (isSameEntry(activities[earlier]!, activities[index]!)) return true;
  return false;
}

function readActivities(activities: readonly Activity[]): ReadActivity[] {
  const read = activities.map((activity, index) => ({
    activity,
    index,
    day: toDayNumber(activity.completedOn),
    duplicate: enteredBefore(activities, index),
  }));
  return read.sort((a, b) => a.day - b.day || a.index - b.index);
}

function requireExpiry(claim: CredentialClaim, index: number): CalendarDate {
  if (claim.expiresOn === undefined) {
    throw new InvalidProfileError(`credentials[${index}].expiresOn: required for ${claim.code}`);
  }
  return claim.expiresOn;
}

/** Reads `trainer` as of `asOfDay`; throws {@link InvalidProfileError} for an unknown code or a missing expiry. */
export function readProfile(trainer: TrainerProfile, asOfDay: DayNumber): ReadProfile {
  const certifications: HeldCertification[] = [];
  const specializations: HeldSpecialization[] = [];
  const cardEarnedDays: DayNumber[] = [];
  let card: Card | null = null;
  for (let index = 0; index < trainer.credentials.length; index++) {
    const claim = trainer.credentials[index]!;
    const entry = findCredential(claim.code, claim.expiresOn ?? claim.earnedOn);
    if (entry === undefined) throw new InvalidProfileError(`credentials[${index}].code: unknown code "${claim.code}"`);
    const earnedDay = claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn);
    if (entry.kind === 'certification') {
      certifications.push({ claim, entry, expiresOn: requireExpiry(claim, index) });
      continue;
    }
    // A specialization or card earned after asOf is not held yet.
    if (earnedDay !== null && earnedDay > asOfDay) continue;
    if (entry.kind === 'specialization') {
      specializations.push({ entry, day: earnedDay, earnedOn: claim.earnedOn ?? null });
    } else {
      const expiresDay = toDayNumber(requireExpiry(claim, index));
      if (earnedDay !== null) cardEarnedDays.push(earnedDay);
      if (card === null || expiresDay > card.expiresDay) {
        card = { code: entry.code, name: entry.name || CPR_AED_CODE, expiresDay, earnedDay };
      }
    }
  }
  return {
    asOfDay,
    activities: readActivities(trainer.activities),
    certifications,
    specializations,
    card,
    cardEarnedDays: cardEarnedDays.sort((a, b) => a - b),
  };
}
