/**
 * The shape of a catalog entry: every body-specific behaviour the engine honours is a field here, never an
 * `if (code === …)` in the engine. Amounts of credit are integer hundredths (1.9 CEU = 190). Each rule's source and
 * confidence are on the body's page in `docs/rules/` (`rulesPage`).
 */
import type { BodyCode, CalendarDate, Hundredths, LateFeeTier } from '../types.js';

export type Confidence = 'high' | 'medium' | 'low';
export type CredentialKind = 'certification' | 'specialization' | 'prerequisite';
export type NscaCategory = 'A' | 'B' | 'C' | 'D';

/**
 * A span after a date, in the unit its source states: "up to 1 year" is `{ months: 12, days: 0 }` (so it ends on
 * the anniversary, leap year or not), "90 days" is `{ months: 0, days: 90 }`. Month arithmetic clamps to the month's
 * end (31 Dec + 6 months = 30 Jun), then the days are added.
 */
export interface Span {
  readonly months: number;
  readonly days: number;
}

export const days = (count: number): Span => ({ months: 0, days: count });
export const months = (count: number): Span => ({ months: count, days: 0 });
export const NO_SPAN: Span = days(0);

interface EntryBase {
  readonly code: string;
  readonly name: string;
  /** First day this version of the rules applies (compared with the certification's expiry). */
  readonly effectiveFrom: CalendarDate;
  /** Last day it applies, or null while current. */
  readonly effectiveTo: CalendarDate | null;
  /** The body's rules page inside this repository, e.g. `docs/rules/nasm.md`. */
  readonly rulesPage: string;
  /** Short source titles (URLs and dates read are on the rules page). */
  readonly sources: readonly string[];
  readonly confidence: Confidence;
}

/** A row of a calendar-fixed proration table, chosen by how many months into the period the holder certified. */
export interface ProrationRow {
  /** Applies when certified before this many calendar months after the period start (0 = before the period). */
  readonly certifiedBeforeMonth: number;
  readonly units: Hundredths;
  readonly categoryMaximums: Readonly<Record<NscaCategory, Hundredths>>;
}

/**
 * How a certification's cycle is placed on the calendar. `firstCycleSlack` is how much longer than `months` a first
 * cycle (exam to printed expiry) may run: bodies print the expiry at a month end, or ACSM's older cards at a year
 * end, so an exam that far before `expiresOn − months` still starts the cycle on the exam day.
 */
export type CycleRule =
  | {
      /** The card expires on the anniversary (or the month end after it): a renewal cycle starts the next day. */
      readonly anchor: 'anniversary';
      readonly months: number;
      readonly firstCycleSlack: Span;
    }
  | {
      /**
       * ACSM: exam date + 3 years − 1 day, so a cycle starts on `(expiresOn + 1 day) − months`. ACSM's older cards
       * expire on 31 Dec; the same formula gives 1 Jan, and a 12-month slack covers an exam any day of that year.
       */
      readonly anchor: 'day-before-anniversary';
      readonly months: number;
      readonly firstCycleSlack: Span;
    }
  | {
      /** Everyone reports in the same fixed periods (NSCA: 2018–20, 2021–23, 2024–26, …). */
      readonly anchor: 'calendar-fixed';
      readonly months: number;
      /** The start of any one period; the others repeat every `months`. */
      readonly periodStartsOn: CalendarDate;
      readonly proration: readonly ProrationRow[];
      /** CE must come from at least this many categories (when any CE is required). */
      readonly minCategories: number;
      /** Where an activity without an NSCA category is counted. Inference: most live CE is Category A. */
      readonly uncategorisedAs: NscaCategory;
    };

/** What a logged CPR/AED course (activity category `cpr-aed`) or a new CPR/AED card earns as CE. */
export type CprCourseCredit =
  /** Nothing: the card is the CPR requirement (and, where it has one, the card slot is its credit). */
  | { readonly kind: 'none' }
  /** The course's approved units count as ordinary CE (NFPT). */
  | { readonly kind: 'approved-units' }
  /** A fixed amount per completion, at most that much per calendar year, for completions from `from` (ACSM). */
  | { readonly kind: 'fixed-per-year'; readonly units: Hundredths; readonly from: CalendarDate };

export interface RequirementRule {
  /** Units per cycle (for calendar-fixed cycles: the unprorated figure). */
  readonly units: Hundredths;
  /** Units in a first cycle when the body asks less then (NFPT: none in the first year); null = the same. */
  readonly firstCycleUnits: Hundredths | null;
  /** Current adult CPR/AED card needed to renew. */
  readonly cprRequired: boolean;
  /** Units a current card contributes to the total (NASM 0.1 slot, NCSF 2, AFAA 2). */
  readonly cprCardCredit: Hundredths;
  readonly cprCourseCredit: CprCourseCredit;
  /** The card must stay valid this many days past submission (ISSA: 30). */
  readonly cprValidDaysAfterSubmission: number;
  /** Minimum ethics/professional-conduct units inside the total (ACE 0.1 since 2023-09-13, NCSF 1). */
  readonly ethicsUnits: Hundredths;
  /** False when the same course may not be counted twice in a cycle (ACE). */
  readonly repeatsCount: boolean;
  /** At most this many units from any single activity (NSCA: 2.0 CEU per event), or null. */
  readonly perEventCap: Hundredths | null;
}

/** A fee; `usd` null means the sources name the fee but not its amount. */
export interface Fee {
  readonly usd: number | null;
  /** A caveat a trainer should read next to the amount ("another ACSM page says $225"). */
  readonly note: string | null;
  readonly confidence: Confidence;
}

export interface AfterExpiryRule {
  /** How long after expiry the body still renews without re-examination; `unknown` where the sources are silent. */
  readonly renewal: Span | 'unknown';
  /** How long after expiry CE may still be completed; null = throughout the renewal window. NO_SPAN = never. */
  readonly lateCe: Span | null;
  /** Late fees by days after expiry; `unknown` where a late fee exists but its amount is not stated. */
  readonly lateFees: readonly LateFeeTier[] | 'unknown';
  /** How long after expiry a lapsed credential can still be reinstated, or null. */
  readonly reinstatement: Span | null;
  readonly reinstatementFee: Fee | null;
}

export interface CertificationEntry extends EntryBase {
  readonly kind: 'certification';
  readonly body: BodyCode;
  /** The body's own unit name: CEU, CEC, CE hour. */
  readonly unit: string;
  /** Contact hours per 1.0 unit, for "about N hours" (null where the body does not say); never a conversion. */
  readonly hoursPerUnit: number | null;
  readonly cycle: CycleRule;
  readonly requirement: RequirementRule;
  readonly afterExpiry: AfterExpiryRule;
  readonly renewalFee: Fee | null;
  /** Fee per non-approved course submitted by petition, where the body has one. */
  readonly petitionFee: Fee | null;
  /** Lead time before expiry for the provider to report and the body to process: finishBy = expiresOn − this. */
  readonly finishLeadDays: number;
  /** Rules the body has that Recert cannot check from what it knows: whole sentences, told to the trainer as written. */
  readonly notChecked: readonly string[];
}

export interface SpecializationPolicy {
  /** Whether the specialization itself expires (historically: no). */
  readonly expires: boolean;
  /** Whether earning it counts as CE toward `countsToward` in the cycle in which it was earned. */
  readonly countsAsCe: boolean;
}

export interface SpecializationEntry extends EntryBase {
  readonly kind: 'specialization';
  readonly body: BodyCode;
  /** What it is about, in a few words a trainer would use: "corrective exercise". */
  readonly description: string;
  /** Approved units per body. */
  readonly units: Readonly<Partial<Record<BodyCode, Hundredths>>>;
  /** Certification codes it counts toward. */
  readonly countsToward: readonly string[];
  readonly policy: SpecializationPolicy;
  /** Typical study hours and price, where a source gives them (null: not known, never guessed). */
  readonly typicalHours: number | null;
  readonly priceUsd: number | null;
}

export interface PrerequisiteEntry extends EntryBase {
  readonly kind: 'prerequisite';
  readonly validityMonths: number;
}

export type CatalogEntry = CertificationEntry | SpecializationEntry | PrerequisiteEntry;
