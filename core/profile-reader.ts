/**
 * The profile being evaluated, read once into flat buffers: activity dates as day numbers, categories as indexes,
 * credentials sorted into certifications, held specializations and the card that counts. One reader serves every
 * call (`evaluate` is synchronous and never re-entered), so reading allocates nothing.
 */
import { type DayNumber, toDayNumber } from './calendar-date.js';
import { CPR_AED_CODE, type SpecializationEntry } from './catalog.js';
import { type CertificationRules, categoryIndexOf, indexedCredential } from './credential-index.js';
import { InvalidProfileError } from './errors.js';
import type { Activity, BodyCode, CalendarDate, CredentialClaim, Hundredths, TrainerProfile } from './types.js';
import { approvedUnits, toHundredths } from './units.js';

/** What {@link ProfileReader.hundredthsFor} returns for an activity with no approved units for the body. */
export const NO_UNITS = -1;

export function requireExpiry(claim: CredentialClaim, index: number): CalendarDate {
  if (claim.expiresOn === undefined) {
    throw new InvalidProfileError(`credentials[${index}].expiresOn: required for ${claim.code}`);
  }
  return claim.expiresOn;
}

export class ProfileReader {
  asOfDay = 0;
  activityCount = 0;
  readonly activityDays: DayNumber[] = [];
  /** NSCA category index 0–3, or -1. */
  readonly activityCategories: number[] = [];
  readonly activityEthics: boolean[] = [];
  /** A CPR/AED course: the card is the CPR credit, so it counts as CE only where the catalog says so. */
  readonly activityCpr: boolean[] = [];
  readonly activityCourses: Array<string | undefined> = [];
  private readonly activityUnits: Array<Activity['units']> = [];
  /** The body whose units `activityHundredths` holds: a trainer's certifications often share a body. */
  private readonly activityBodies: Array<BodyCode | null> = [];
  private readonly activityHundredths: Hundredths[] = [];
  /** Held specializations with an exam day on or before asOf (they may count as CE). */
  specializationCount = 0;
  readonly specializationEntries: SpecializationEntry[] = [];
  readonly specializationDays: DayNumber[] = [];
  /** Codes of every specialization held on asOf, dated or not (never advised again), in `[0, heldCount)`. */
  heldCount = 0;
  readonly heldCodes: string[] = [];
  /** The CPR/AED card that expires last, among cards already earned. */
  hasCard = false;
  cardCode = '';
  cardName = '';
  cardExpiresDay = 0;
  cardEarnedDay: DayNumber | null = null;
  certificationCount = 0;
  readonly certificationClaims: CredentialClaim[] = [];
  /** Each certification's position among the profile's credentials, for error messages. */
  readonly certificationIndexes: number[] = [];
  readonly certificationRules: CertificationRules[] = [];

  /** Reads `trainer` as of `asOfDay`; throws {@link InvalidProfileError} for an unknown code or a card without expiry. */
  read(trainer: TrainerProfile, asOfDay: DayNumber): void {
    this.asOfDay = asOfDay;
    this.readActivities(trainer.activities);
    this.readCredentials(trainer.credentials);
  }

  /** Approved units of activity `index` for `body`, in hundredths, or {@link NO_UNITS}. */
  hundredthsFor(index: number, body: BodyCode): Hundredths {
    if (this.activityBodies[index] === body) return this.activityHundredths[index]!;
    const units = approvedUnits(this.activityUnits[index]!, body);
    const hundredths = units === undefined || units <= 0 ? NO_UNITS : toHundredths(units);
    this.activityBodies[index] = body;
    this.activityHundredths[index] = hundredths;
    return hundredths;
  }

  /** Codes of the certifications that need a CPR/AED card, each once, in profile order. */
  cardRequiredBy(): string[] {
    let count = 0;
    for (let position = 0; position < this.certificationCount; position++) {
      if (this.isFirstCardUser(position)) count++;
    }
    const requiredBy = new Array<string>(count);
    count = 0;
    for (let position = 0; position < this.certificationCount; position++) {
      if (this.isFirstCardUser(position)) requiredBy[count++] = this.certificationRules[position]!.code;
    }
    return requiredBy;
  }

  private isFirstCardUser(position: number): boolean {
    const rules = this.certificationRules[position]!;
    if (!rules.cprRequired) return false;
    for (let earlier = 0; earlier < position; earlier++) {
      const other = this.certificationRules[earlier]!;
      if (other.cprRequired && other.code === rules.code) return false;
    }
    return true;
  }

  private readActivities(activities: readonly Activity[]): void {
    const count = activities.length;
    for (let index = 0; index < count; index++) {
      const activity = activities[index]!;
      const category = activity.category;
      this.activityDays[index] = toDayNumber(activity.completedOn);
      this.activityCategories[index] = categoryIndexOf(category);
      this.activityEthics[index] = category === 'ethics';
      this.activityCpr[index] = category === 'cpr-aed';
      this.activityCourses[index] = activity.courseCode;
      this.activityUnits[index] = activity.units;
      this.activityBodies[index] = null;
    }
    this.activityCount = count;
  }

  private readCredentials(credentials: readonly CredentialClaim[]): void {
    const asOfDay = this.asOfDay;
    this.certificationCount = 0;
    this.specializationCount = 0;
    this.heldCount = 0;
    this.hasCard = false;
    for (let index = 0; index < credentials.length; index++) {
      const claim = credentials[index]!;
      const found = indexedCredential(claim.code, claim.expiresOn ?? claim.earnedOn);
      if (found === undefined) {
        throw new InvalidProfileError(`credentials[${index}].code: unknown code "${claim.code}"`);
      }
      const specialization = found.specialization;
      if (found.rules !== null) {
        const count = this.certificationCount++;
        this.certificationClaims[count] = claim;
        this.certificationIndexes[count] = index;
        this.certificationRules[count] = found.rules;
      } else if (specialization !== null) {
        // A specialization (or card) dated after today is not held yet: it neither counts nor blocks the advice.
        const day = claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn);
        if (day !== null && day > asOfDay) continue;
        this.heldCodes[this.heldCount++] = found.code;
        if (day !== null) {
          this.specializationEntries[this.specializationCount] = specialization;
          this.specializationDays[this.specializationCount++] = day;
        }
      } else {
        const expiresDay = toDayNumber(requireExpiry(claim, index));
        const earnedDay = claim.earnedOn === undefined ? null : toDayNumber(claim.earnedOn);
        if (earnedDay !== null && earnedDay > asOfDay) continue;
        if (!this.hasCard || expiresDay > this.cardExpiresDay) {
          this.hasCard = true;
          this.cardCode = found.code;
          this.cardName = found.name || CPR_AED_CODE;
          this.cardExpiresDay = expiresDay;
          this.cardEarnedDay = earnedDay;
        }
      }
    }
  }
}
