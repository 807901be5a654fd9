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
export type BodyCode = 'NASM' | 'ACE' | 'ACSM' | 'NSCA' | 'ISSA' | 'NCSF' | 'NCCPT';

/** What a trainer tells us they hold: a certification, a specialization or a prerequisite card. */
export interface CredentialClaim {
  readonly code: string;
  /** Exam-pass / issue date. Required for specializations, optional for certifications. */
  readonly earnedOn?: CalendarDate;
  /** Printed on the card. Required for certifications and CPR-AED. */
  readonly expiresOn?: CalendarDate;
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

/** One action that closes (part of) the gap. `code` is a catalog code or a generic action code. */
export interface Recommendation {
  readonly code: string;
  readonly units: number;
  readonly why: string;
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

export type MilestoneKind = 'countdown' | 'ready' | 'grace' | 'lapsed' | 'prerequisite';

/** A point in a credential's reminder cadence. `id` is stable within a cycle, so a ledger can key on it. */
export interface ReminderMilestone {
  readonly id: string;
  readonly kind: MilestoneKind;
  readonly on: CalendarDate;
  /** Days left until the anchor date (finishBy for countdowns, expiry for prerequisites); negative after it. */
  readonly daysLeft: number;
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
  readonly nextReminderOn: CalendarDate | null;
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
}
