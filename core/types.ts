/**
 * The shapes `core` takes and returns. Everything is plain readonly data so it crosses Lambda, DynamoDB and
 * JSON boundaries unchanged. Dates are calendar dates (`YYYY-MM-DD`, no time zone): certification bodies print
 * dates, not instants.
 */

/** A calendar date written `YYYY-MM-DD`. Validated at the edge; core trusts it. */
export type CalendarDate = string;

/** Amounts of credit kept as integer hundredths (1.9 CEU = 190) so sums are exact. */
export type Hundredths = number;

/** The issuing bodies Recert knows. Credits are approved per body and never converted between bodies. */
import type { BodyCode, EntrySource } from './body-codes.js';

export type { BodyCode };

/** What a trainer tells us they hold: a certification, a specialization or a prerequisite card. */
export interface CredentialClaim {
  readonly code: string;
  /** Exam-pass / issue date. Required for specializations, optional for certifications. */
  readonly earnedOn?: CalendarDate;
  /** Printed on the card. Required for certifications and CPR-AED. */
  readonly expiresOn?: CalendarDate;
  /** The course provider that recorded it by webhook (its provider id); absent for what the trainer entered. */
  readonly recordedBy?: string;
}

/** One completed continuing-education activity, with the units each body approved for it. */
export interface Activity {
  readonly title: string;
  readonly completedOn: CalendarDate;
  /** Approved units per body, in that body's own unit (NASM CEUs, ACSM CECs, ISSA hours …). */
  readonly units: Readonly<Partial<Record<BodyCode, number>>>;
  /** `general`, `ethics`, `cpr-aed`, or an NSCA category `A`–`D`. Defaults to `general`. */
  readonly category?: string;
  /** The catalog or provider course code, when known (used to refuse repeats of the same course). */
  readonly courseCode?: string;
  /** Who gave the course. With the title, it identifies a course that has no `courseCode`. */
  readonly provider?: string;
  /** The course provider that recorded it by webhook (its provider id); absent for what the trainer entered. */
  readonly recordedBy?: string;
  /** The provider's certificate id, for a course a provider recorded. */
  readonly certificateId?: string;
  /** Where the trainer entered it themselves (shown in their history); absent for older entries and the API. */
  readonly enteredVia?: EntrySource;
  /** For a course logged from a reminder's action link: the day that reminder was sent. */
  readonly fromReminderOn?: CalendarDate;
}

export interface TrainerProfile {
  readonly credentials: readonly CredentialClaim[];
  readonly activities: readonly Activity[];
}

export type CertificationStatus = 'active' | 'grace' | 'lapsed';

/** A sub-requirement still open for the current cycle. */
export interface MissingRequirement {
  readonly requirement: 'units' | 'cpr-aed' | 'ethics' | 'categories';
  /** Units still needed for this sub-requirement, in the body's unit (absent when it is not a unit count). */
  readonly units?: number;
  readonly detail: string;
}

/** One specialization a trainer may choose to close the gap. */
export interface SpecializationOption {
  readonly code: string;
  readonly name: string;
  /** What it is about: "corrective exercise". */
  readonly description: string;
  readonly units: number;
  /** Typical study hours and price where the catalog knows them; null when not known. */
  readonly typicalHours: number | null;
  readonly priceUsd: number | null;
}

/**
 * One action that closes (part of) the gap. `code` is a catalog code or a generic action code (`APPROVED-CE`,
 * `SUBMIT-RENEWAL`, …). When several specializations would each close the gap, `options` lists them (choose one;
 * `code` is the first) and `alternative` is the generic course work that would do the same.
 */
export interface Recommendation {
  readonly code: string;
  readonly units: number;
  readonly why: string;
  /** The last day the action still helps. */
  readonly by: CalendarDate;
  readonly options?: readonly SpecializationOption[];
  readonly alternative?: { readonly code: string; readonly units: number; readonly hours: number | null };
}

export interface LateFeeTier {
  readonly fromDay: number;
  readonly toDay: number;
  readonly feeUsd: number;
}

export interface Deadlines {
  /** Last day to complete the remaining CE so the renewal can be submitted on time. */
  readonly finishBy: CalendarDate;
  readonly expiresOn: CalendarDate;
  /** Last day the body still renews without re-examination (late fees may apply). */
  readonly graceEndsOn?: CalendarDate;
  /** Last day CE may still be completed after expiry (NASM: 90 days). */
  readonly lateCeBy?: CalendarDate;
  /** Last day a lapsed credential can be reinstated, where the body offers reinstatement. */
  readonly reinstateBy?: CalendarDate;
  readonly lateFees?: readonly LateFeeTier[];
}

/**
 * Where a certification stands, as one word every page, email and calendar entry renders from:
 * - `on-track`: not met yet, before the finish-CE date;
 * - `behind`: not met, past the finish-CE date but not yet expired (the body may not process it in time);
 * - `ready-to-submit`: requirements met, not yet expired: submit the renewal;
 * - `late-ce-window`: expired, CE may still be completed and the renewal submitted late;
 * - `renewal-window-late-fee`: expired, CE is done (or no longer possible to add) and a late renewal is still accepted;
 * - `expired-ce-short`: expired short of CE where the body takes no CE after expiry, its late renewal still open: only
 *   CE completed in time (by the expiry, or the end of the late-CE days) and not yet logged can still renew it;
 * - `reinstatement`: past the renewal window, the body still reinstates;
 * - `lapsed-retest`: only re-examination restores it;
 * - `unknown-window`: expired, and the sources do not say whether or how long the body renews late.
 */
export type PhaseKind =
  | 'on-track'
  | 'behind'
  | 'ready-to-submit'
  | 'late-ce-window'
  | 'renewal-window-late-fee'
  | 'expired-ce-short'
  | 'reinstatement'
  | 'lapsed-retest'
  | 'unknown-window';

export type PhaseDeadlineKind = 'finish-ce' | 'expires' | 'late-ce' | 'renew-late' | 'reinstate';

/** A date that matters in this phase, with the words to show next to it. */
export interface PhaseDeadline {
  readonly kind: PhaseDeadlineKind;
  readonly on: CalendarDate;
  /** "Finish your CE by", "Expired on" … */
  readonly label: string;
  /** True only for a date before `asOf` that is shown as passed (the expiry, once expired). */
  readonly passed: boolean;
}

export type PhaseFeeKind = 'renewal' | 'late' | 'reinstatement' | 'petition';

/** A fee that applies in this phase. `amountUsd` null: the body charges it but the amount is not known. */
export interface PhaseFee {
  readonly kind: PhaseFeeKind;
  readonly amountUsd: number | null;
  /** The fee in words: "$30 late fee until 28 Sep 2027", "late fee (amount not published)". */
  readonly label: string;
  readonly from?: CalendarDate;
  readonly until?: CalendarDate;
  readonly confidence: 'high' | 'medium' | 'low';
}

export interface Phase {
  readonly kind: PhaseKind;
  /** One sentence that says where the certification stands and what to do next. */
  readonly summary: string;
  readonly deadlines: readonly PhaseDeadline[];
  readonly fees: readonly PhaseFee[];
  /** Said next to the advice when the rules behind it are not confirmed, or cannot be checked by Recert. */
  readonly cautions: readonly string[];
}

/** Why a credit did not count (in full or in part) toward a certification's cycle. */
export type CreditReason =
  | 'before-cycle'
  | 'after-deadline'
  | 'not-yet'
  | 'repeat'
  | 'duplicate-entry'
  | 'event-cap'
  | 'category-cap'
  | 'yearly-cap'
  | 'cpr-via-card';

/** One credit considered for a certification: an activity, a specialization or a CPR/AED completion. */
export interface CreditLine {
  readonly source: 'activity' | 'specialization' | 'cpr-aed';
  readonly title: string;
  readonly completedOn: CalendarDate;
  /** Position in `profile.activities` for activities (and logged CPR/AED courses); null otherwise. */
  readonly activityIndex: number | null;
  /** Units the body approved for it, and the units that count in this cycle. */
  readonly approved: number;
  readonly counted: number;
  /** Set when `counted` is less than `approved`. */
  readonly reason: CreditReason | null;
  /** The reason in a sentence, or '' when it counted in full. */
  readonly note: string;
}

export type MilestoneKind = 'countdown' | 'ready' | 'grace' | 'lapsed' | 'prerequisite';

/** A point in a credential's reminder cadence. `id` is stable within a cycle, so a ledger can key on it. */
export interface ReminderMilestone {
  readonly id: string;
  readonly kind: MilestoneKind;
  readonly on: CalendarDate;
  /** Days left until the anchor date (finishBy for countdowns, expiry for prerequisites); negative after it. */
  readonly daysLeft: number;
}

/**
 * How far along a certification's CE is, for the reminder cadence (not the phase, whose `on-track` means "before the
 * finish-CE date"): `on-track` (units earned keep up with the share of the cycle gone, or the trainer already acted
 * on the advice), `behind`, or `met` (every requirement met).
 */
export type ReminderPace = 'on-track' | 'behind' | 'met';

/** The trainer's choice of how often Recert writes: `adaptive` follows their pace; `essentials` is 30 and 7 days. */
export type ReminderCadence = 'adaptive' | 'essentials';

/** The snoozes a reminder offers: "Snooze this for 2 weeks", "I'm on it — remind me in a month". */
export type SnoozeLength = '2-weeks' | '1-month';

/** A trainer's snooze of one certification cycle: asked on `on`, reminders held until `until` (the end asked for). */
export interface Snooze {
  readonly code: string;
  /** The cycle's expiry: a renewed certification starts a cycle no old snooze touches. */
  readonly expiresOn: CalendarDate;
  readonly on: CalendarDate;
  readonly until: CalendarDate;
}

/** What the trainer chose about their reminders; the latest snooze of a cycle is the one that counts. */
export interface ReminderSettings {
  readonly cadence: ReminderCadence;
  readonly snoozes: readonly Snooze[];
}

/**
 * While a snooze holds: no reminder of the certification from `from` to the day before `until`, but protected ones;
 * on `until` the latest reminder it held is sent (or the protected reminder that ended it early).
 */
export interface SnoozeHold {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
}

export interface CertificationEvaluation {
  readonly code: string;
  readonly name: string;
  readonly body: BodyCode;
  /** The body's name for its unit: `CEU`, `CEC`, `CE hour`. */
  readonly unit: string;
  readonly status: CertificationStatus;
  readonly cycleStartsOn: CalendarDate;
  readonly expiresOn: CalendarDate;
  readonly unitsRequired: number;
  readonly unitsEarned: number;
  readonly unitsRemaining: number;
  readonly requirementsMet: boolean;
  readonly missing: readonly MissingRequirement[];
  readonly recommendations: readonly Recommendation[];
  readonly deadlines: Deadlines;
  /** Reminder cadence for this cycle, in date order. */
  readonly milestones: readonly ReminderMilestone[];
  /** Null, or a day on or after `asOf` (`asOf` itself when a reminder is due now). */
  readonly nextReminderOn: CalendarDate | null;
  /** The pace the reminder cadence follows on `asOf`. */
  readonly reminderPace: ReminderPace;
  /** The snooze that holds this cycle's reminders on or after `asOf`, or null. */
  readonly snoozed: SnoozeHold | null;
  /** The one state of this certification, with the dates and fees that apply in it. */
  readonly phase: Phase;
  /** Every credit considered for this cycle, in date order, and whether and why it counted. */
  readonly credits: readonly CreditLine[];
  /** How sure the sources behind these rules are; `low` is said to the trainer. */
  readonly confidence: 'high' | 'medium' | 'low';
  /** The rules page in Recert's repository, e.g. `docs/rules/nasm.md`. */
  readonly rulesPage: string;
}

/** A prerequisite card (CPR-AED) and the certifications that need it current. */
export interface PrerequisiteEvaluation {
  readonly code: string;
  readonly name: string;
  readonly status: 'current' | 'expired';
  readonly expiresOn: CalendarDate;
  readonly requiredBy: readonly string[];
  readonly milestones: readonly ReminderMilestone[];
  readonly nextReminderOn: CalendarDate | null;
}

export interface Evaluation {
  readonly asOf: CalendarDate;
  readonly certifications: readonly CertificationEvaluation[];
  readonly prerequisites: readonly PrerequisiteEvaluation[];
  /** The earliest `nextReminderOn` over everything above, or null when nothing is scheduled. */
  readonly nextReminderOn: CalendarDate | null;
  /** Things the trainer should know about their input, e.g. an activity entered twice (counted once). */
  readonly notices: readonly string[];
}
