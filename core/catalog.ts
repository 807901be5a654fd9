/**
 * The certification catalog as typed, readonly data. Every body-specific behaviour the engine honours (cycle
 * anchoring, proration, category maximums, CPR/AED slots, ethics minimums, grace windows, late fees, the
 * specialization policy) is a field here, never an `if (code === ...)` in the engine. Each entry carries its
 * validity (`effectiveFrom`/`effectiveTo`), its sources and a confidence taken from
 * /work/shared/domain/certification-rules.md. Re-check against each body's current handbook before shipping.
 */
import type { BodyCode, CalendarDate, Hundredths, LateFeeTier } from './types.js';

export type Confidence = 'high' | 'medium' | 'low';
export type CredentialKind = 'certification' | 'specialization' | 'prerequisite';
export type NscaCategory = 'A' | 'B' | 'C' | 'D';
/** NSCA's CE categories, in the order per-category figures are kept. */
export const NSCA_CATEGORIES: readonly NscaCategory[] = ['A', 'B', 'C', 'D'];
/** Activity categories the engine understands; `A`–`D` are NSCA's. */
export const ACTIVITY_CATEGORIES = ['general', 'ethics', 'cpr-aed', 'A', 'B', 'C', 'D'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];
export const BODY_CODES: readonly BodyCode[] = ['NASM', 'ACE', 'ACSM', 'NSCA', 'ISSA', 'NCSF', 'NCCPT'];
/** The prerequisite card every CPR-requiring certification looks for. */
export const CPR_AED_CODE = 'CPR-AED';

interface EntryBase {
  readonly code: string;
  readonly name: string;
  /** First day this version of the rules applies (compared with the certification's renewal date). */
  readonly effectiveFrom: CalendarDate;
  /** Last day it applies, or null while current. */
  readonly effectiveTo: CalendarDate | null;
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

export type CycleRule =
  | {
      /** Each cycle ends on the holder's own expiry date (NASM, ACE, ISSA, NCSF, NCCPT, ACSM). */
      readonly anchor: 'anniversary';
      readonly months: number;
      /**
       * Where the expiry falls relative to the anniversary, which fixes the cycle's first day (ADR 0003):
       * - `on-anniversary` (NASM, ACE, ISSA, NCSF, NCCPT): the card expires on the anniversary, so a renewal cycle
       *   starts the day after the previous expiry, `(expiresOn − months) + 1 day`; a first cycle starts on the exam
       *   day (`earnedOn` on or after `expiresOn − months`).
       * - `day-before-anniversary` (ACSM: pass date + 3 y − 1 d): the cycle starts on `(expiresOn + 1 day) − months`,
       *   which is both the pass date and the day after the previous expiry.
       */
      readonly expiry: 'on-anniversary' | 'day-before-anniversary';
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

export interface RequirementRule {
  /** Units per cycle (for calendar-fixed cycles: the unprorated figure). */
  readonly units: Hundredths;
  /** Current adult CPR/AED card needed to renew. */
  readonly cprRequired: boolean;
  /** Units a current card contributes to the total (NASM 0.1 slot, NCSF 2). */
  readonly cprCredit: Hundredths;
  /**
   * Whether a logged CPR/AED course (activity category `cpr-aed`) adds its approved units as ordinary CE. False
   * everywhere today: where the card carries the CPR credit (NASM 0.1 slot, NCSF 2) counting the course too would
   * count CPR twice, and the other bodies give CPR no credit (ACE: none found). ACSM's 5 CECs per year from
   * 2025-01-01 would set this with a yearly cap, which is not modelled (ADR 0003).
   */
  readonly cprCourseCountsAsCe: boolean;
  /** The card must stay valid this many days past submission (ISSA: 30). */
  readonly cprValidDaysAfterSubmission: number;
  /** Minimum ethics/professional-conduct units inside the total (ACE 0.1 since 2023-09-13, NCSF 1). */
  readonly ethicsUnits: Hundredths;
  /** False when the same course may not be counted twice (ACE). */
  readonly repeatsCount: boolean;
}

/**
 * A window after expiry, in the unit its source states: "up to 1 year" is `{ months: 12, days: 0 }` (so it ends
 * on the anniversary, leap year or not), "90 days" is `{ months: 0, days: 90 }`. The window ends on
 * `expiresOn + months` (clamped to the month's end: 31 Dec + 6 months = 30 Jun) `+ days`. Both fields are always
 * present so every window has one shape.
 */
export interface AfterExpiry {
  readonly months: number;
  readonly days: number;
}

export function days(count: number): AfterExpiry {
  return { months: 0, days: count };
}

export function months(count: number): AfterExpiry {
  return { months: count, days: 0 };
}

export const NO_WINDOW: AfterExpiry = days(0);

export interface GraceRule {
  /** How long after expiry the body still renews without re-examination (NO_WINDOW = none). */
  readonly application: AfterExpiry;
  /** How long after expiry CE may still be completed; null = throughout the application window. */
  readonly lateCe: AfterExpiry | null;
  readonly lateFees: readonly LateFeeTier[];
  /** How long after expiry a lapsed credential can still be reinstated (ACSM), or null. */
  readonly reinstatement: AfterExpiry | null;
}

export interface CertificationEntry extends EntryBase {
  readonly kind: 'certification';
  readonly body: BodyCode;
  /** The body's own unit name: CEU, CEC, CE hour. */
  readonly unit: string;
  /** Contact hours per 1.0 unit, informational: units are never converted between bodies. */
  readonly hoursPerUnit: number;
  readonly cycle: CycleRule;
  readonly requirement: RequirementRule;
  readonly grace: GraceRule;
  /** Lead time before expiry for the provider to report and the body to process: finishBy = expiresOn − this. */
  readonly finishLeadDays: number;
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
  /** Approved units per body. */
  readonly units: Readonly<Partial<Record<BodyCode, Hundredths>>>;
  /** Certification codes it counts toward. */
  readonly countsToward: readonly string[];
  readonly policy: SpecializationPolicy;
}

export interface PrerequisiteEntry extends EntryBase {
  readonly kind: 'prerequisite';
  readonly validityMonths: number;
}

export type CatalogEntry = CertificationEntry | SpecializationEntry | PrerequisiteEntry;

const FOREVER_AGO = '1990-01-01';
const NO_LATE_FEES: readonly LateFeeTier[] = [];

const NASM_CPT_SOURCES = [
  'https://www.nasm.org/recertify/personal-trainer-recertification',
  'NASM CPT recertification guidelines (scribd 666597864): late fees $30/$50',
];
const NASM_GRACE: GraceRule = {
  // "up to 1 year after expiration" (application) and "within 90 days" (CE): each in the source's own unit.
  application: months(12),
  lateCe: days(90),
  lateFees: [
    { fromDay: 1, toDay: 90, feeUsd: 30 },
    { fromDay: 91, toDay: 365, feeUsd: 50 },
  ],
  reinstatement: null,
};
const TWO_YEARS: CycleRule = { anchor: 'anniversary', months: 24, expiry: 'on-anniversary' };
const FINISH_LEAD_DAYS = 30;

function requirement(units: Hundredths, overrides: Partial<RequirementRule> = {}): RequirementRule {
  return {
    units,
    cprRequired: true,
    cprCredit: 0,
    cprCourseCountsAsCe: false,
    cprValidDaysAfterSubmission: 0,
    ethicsUnits: 0,
    repeatsCount: true,
    ...overrides,
  };
}

function nasmCoach(code: string, name: string, source: string, confidence: Confidence): CertificationEntry {
  return {
    kind: 'certification',
    code,
    name,
    body: 'NASM',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: TWO_YEARS,
    requirement: requirement(190, { cprRequired: false }),
    grace: NASM_GRACE,
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: [source],
    confidence,
  };
}

const ACE_SOURCES = [
  'https://www.acefitness.org/fitness-certifications/recertification',
  'ACE press release 8266 (2023-02-06): ethics from 2023-09-13',
  'ACEFit article 2751: six-month renewal grace (medium)',
];
const ACE_GRACE: GraceRule = {
  // "a 6-month grace period" for renewal.
  application: months(6),
  lateCe: null,
  lateFees: NO_LATE_FEES,
  reinstatement: null,
};

/** ACE renewals dated before 2023-09-13 need no ethics hour; from that day at least 0.1 CEC. */
function aceCertification(code: string, name: string): readonly CertificationEntry[] {
  const base = {
    kind: 'certification',
    code,
    name,
    body: 'ACE',
    unit: 'CEC',
    hoursPerUnit: 10,
    cycle: TWO_YEARS,
    grace: ACE_GRACE,
    finishLeadDays: FINISH_LEAD_DAYS,
    sources: ACE_SOURCES,
    confidence: 'high',
  } as const;
  return [
    {
      ...base,
      requirement: requirement(200, { repeatsCount: false }),
      effectiveFrom: FOREVER_AGO,
      effectiveTo: '2023-09-12',
    },
    {
      ...base,
      requirement: requirement(200, { repeatsCount: false, ethicsUnits: 10 }),
      effectiveFrom: '2023-09-13',
      effectiveTo: null,
    },
  ];
}

const ACSM_GRACE: GraceRule = {
  // 6 months: a 31 Dec expiry is renewable through 30 Jun.
  application: months(6),
  lateCe: null,
  lateFees: [{ fromDay: 1, toDay: 183, feeUsd: 80 }],
  // Low confidence: the 2019 page's text about lapses over 3 years is cut off.
  reinstatement: months(36),
};

function acsmCertification(code: string, name: string, units: Hundredths): CertificationEntry {
  return {
    kind: 'certification',
    code,
    name,
    body: 'ACSM',
    unit: 'CEC',
    hoursPerUnit: 1,
    cycle: { anchor: 'anniversary', months: 36, expiry: 'day-before-anniversary' },
    requirement: requirement(units),
    grace: ACSM_GRACE,
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['https://www.acsm.org/certification/recertification', 'acsm.org news 2019-10-15 (grace, reinstatement)'],
    confidence: 'high',
  };
}

const NSCA_CYCLE: CycleRule = {
  anchor: 'calendar-fixed',
  months: 36,
  periodStartsOn: '2024-01-01',
  proration: [
    { certifiedBeforeMonth: 0, units: 600, categoryMaximums: { A: 550, B: 400, C: 550, D: 400 } },
    { certifiedBeforeMonth: 12, units: 400, categoryMaximums: { A: 350, B: 300, C: 350, D: 300 } },
    { certifiedBeforeMonth: 24, units: 200, categoryMaximums: { A: 150, B: 100, C: 150, D: 100 } },
    { certifiedBeforeMonth: 30, units: 100, categoryMaximums: { A: 100, B: 100, C: 100, D: 100 } },
    { certifiedBeforeMonth: 36, units: 0, categoryMaximums: { A: 0, B: 0, C: 0, D: 0 } },
  ],
  minCategories: 2,
  uncategorisedAs: 'A',
};

function nscaCertification(code: string, name: string): CertificationEntry {
  return {
    kind: 'certification',
    code,
    name,
    body: 'NSCA',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: NSCA_CYCLE,
    requirement: requirement(600),
    // Medium: a January late-reporting period followed 2021–23; CE itself must be earned inside the period.
    // One month: the January after the 31 Dec deadline.
    grace: { application: months(1), lateCe: NO_WINDOW, lateFees: NO_LATE_FEES, reinstatement: null },
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    sources: ['https://www.nsca.com/certification/recertification', 'dxpprod.nsca.com CEU categories (proration)'],
    confidence: 'high',
  };
}

/** Every catalog entry, all versions. */
export const CATALOG: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'NASM-CPT',
    name: 'NASM Certified Personal Trainer',
    body: 'NASM',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: TWO_YEARS,
    requirement: requirement(200, { cprCredit: 10 }),
    grace: NASM_GRACE,
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: NASM_CPT_SOURCES,
    confidence: 'high',
  },
  nasmCoach('NASM-CNC', 'NASM Certified Nutrition Coach', 'nasm.org CNC (renewal page not retrieved; inferred)', 'low'),
  nasmCoach(
    'NASM-CSNC',
    'NASM Certified Sports Nutrition Coach',
    'https://www.nasm.org/recertify/certified-sports-nutrition-coach-renewal',
    'high',
  ),
  nasmCoach(
    'NASM-CWC',
    'NASM Certified Wellness Coach',
    'https://www.nasm.org/recertify/certified-wellness-coach-renewal',
    'high',
  ),
  ...aceCertification('ACE-CPT', 'ACE Certified Personal Trainer'),
  ...aceCertification('ACE-GFI', 'ACE Group Fitness Instructor'),
  ...aceCertification('ACE-HC', 'ACE Health Coach'),
  acsmCertification('ACSM-CPT', 'ACSM Certified Personal Trainer', 4500),
  acsmCertification('ACSM-EP', 'ACSM Certified Exercise Physiologist', 6000),
  nscaCertification('NSCA-CSCS', 'NSCA Certified Strength and Conditioning Specialist'),
  nscaCertification('NSCA-CPT', 'NSCA Certified Personal Trainer'),
  {
    kind: 'certification',
    code: 'ISSA-CPT',
    name: 'ISSA Certified Personal Trainer',
    body: 'ISSA',
    unit: 'CE hour',
    hoursPerUnit: 1,
    cycle: TWO_YEARS,
    requirement: requirement(2000, { cprValidDaysAfterSubmission: 30 }),
    grace: {
      // Late-fee tiers "up to 12 months".
      application: months(12),
      lateCe: null,
      lateFees: [
        { fromDay: 91, toDay: 182, feeUsd: 40 },
        { fromDay: 183, toDay: 365, feeUsd: 50 },
      ],
      reinstatement: null,
    },
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['https://www.issaonline.com/continuing-education/requirements.cfm'],
    confidence: 'high',
  },
  {
    kind: 'certification',
    code: 'NCSF-CPT',
    name: 'NCSF Certified Personal Trainer',
    body: 'NCSF',
    unit: 'CEU',
    hoursPerUnit: 2,
    cycle: TWO_YEARS,
    requirement: requirement(1000, { cprCredit: 200, ethicsUnits: 100 }),
    grace: { application: NO_WINDOW, lateCe: NO_WINDOW, lateFees: NO_LATE_FEES, reinstatement: null },
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['https://www.ncsf.org/recertify/how-to'],
    confidence: 'high',
  },
  {
    kind: 'certification',
    code: 'NCCPT-CPT',
    name: 'NCCPT Certified Personal Trainer',
    body: 'NCCPT',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: TWO_YEARS,
    requirement: requirement(200),
    grace: {
      // "30-day grace": the source counts days.
      application: days(30),
      lateCe: null,
      lateFees: [{ fromDay: 1, toDay: 30, feeUsd: 100 }],
      reinstatement: null,
    },
    finishLeadDays: FINISH_LEAD_DAYS,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['https://www.nccpt.com/recertification'],
    confidence: 'high',
  },
  {
    kind: 'specialization',
    code: 'NASM-CES',
    name: 'NASM Corrective Exercise Specialist',
    body: 'NASM',
    units: { NASM: 190 },
    countsToward: ['NASM-CPT'],
    // Unverified today (SEO sites claim CES renews with the CPT); policy, not code, so it can flip.
    policy: { expires: false, countsAsCe: true },
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['questions.askthetrainer.com/nasm-certification-continuing-education.html'],
    confidence: 'medium',
  },
  {
    kind: 'specialization',
    code: 'NASM-PES',
    name: 'NASM Performance Enhancement Specialist',
    body: 'NASM',
    units: { NASM: 190 },
    countsToward: ['NASM-CPT'],
    policy: { expires: false, countsAsCe: true },
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['questions.askthetrainer.com/nasm-certification-continuing-education.html'],
    confidence: 'medium',
  },
  {
    kind: 'prerequisite',
    code: CPR_AED_CODE,
    name: 'Adult CPR/AED with hands-on skills check',
    validityMonths: 24,
    effectiveFrom: FOREVER_AGO,
    effectiveTo: null,
    sources: ['cpr.heart.org Course Card Information', 'afaa.com/terms-and-conditions (hands-on requirement)'],
    confidence: 'high',
  },
];

/** Generic actions the engine may advise when no catalog credential fits the gap. */
export const GENERIC_ACTIONS: Readonly<Record<string, string>> = {
  'APPROVED-CE': 'an approved continuing-education course',
  'ETHICS-CE': 'an approved ethics / professional-conduct course',
  'CE-CATEGORY-A': 'NSCA Category A CE (events and attendance)',
  'CE-CATEGORY-B': 'NSCA Category B CE (post-graduate / college courses)',
  'CE-CATEGORY-C': 'NSCA Category C CE (home study, quizzes)',
  'CE-CATEGORY-D': 'NSCA Category D CE (presentations, publications, other)',
  'RETAKE-EXAM': 'retake the certification exam',
  REINSTATE: 'apply for reinstatement',
};

const versionsByCode = new Map<string, CatalogEntry[]>();
for (const entry of CATALOG) {
  const versions = versionsByCode.get(entry.code) ?? [];
  versions.push(entry);
  versionsByCode.set(entry.code, versions);
}

/**
 * The catalog entry for `code` in force on `on` (default: the current version), or undefined for unknown codes.
 * A date before every version gets the oldest one, so old cards still evaluate.
 */
export function findCredential(code: string, on?: CalendarDate): CatalogEntry | undefined {
  const versions = versionsByCode.get(code);
  return versions === undefined ? undefined : versions[versionInForce(versions, on)];
}

/**
 * The index of the version in force on `on` among one code's `versions` (catalog order, oldest first): the latest
 * one effective by then, the current one when `on` is undefined, the oldest one when `on` precedes them all.
 */
export function versionInForce(
  versions: readonly { readonly effectiveFrom: CalendarDate }[],
  on: CalendarDate | undefined,
): number {
  if (on === undefined) return versions.length - 1;
  for (let index = versions.length - 1; index >= 0; index--) {
    if (versions[index]!.effectiveFrom <= on) return index;
  }
  return 0;
}

/** All specializations, current versions, in catalog order. */
export const SPECIALIZATIONS: readonly SpecializationEntry[] = CATALOG.filter(
  (entry): entry is SpecializationEntry => entry.kind === 'specialization' && entry.effectiveTo === null,
);

/** One row of `recert catalog` / `GET /api/catalog`. */
export interface CatalogListing {
  readonly code: string;
  readonly name: string;
  readonly body: BodyCode | null;
  readonly kind: CredentialKind;
  readonly unit: string | null;
  readonly cycleMonths: number | null;
  readonly cycleAnchor: 'anniversary' | 'calendar-fixed' | null;
  /** Units per cycle (unprorated), as a plain number. */
  readonly unitsRequired: number | null;
  readonly cprRequired: boolean;
  readonly cprCredit: number | null;
  readonly ethicsUnits: number | null;
  /** The renewal window after expiry, in the unit its source gives: days or months (the other one is 0). */
  readonly graceDays: number | null;
  readonly graceMonths: number | null;
  /** The late-CE window after expiry (the renewal window when CE may be completed throughout it). */
  readonly lateCeDays: number | null;
  readonly lateCeMonths: number | null;
  readonly finishLeadDays: number | null;
  /** Units a specialization earns per body. */
  readonly specializationUnits: Readonly<Partial<Record<BodyCode, number>>> | null;
  readonly countsToward: readonly string[] | null;
  readonly expires: boolean;
  readonly validityMonths: number | null;
  readonly effectiveFrom: CalendarDate;
  readonly confidence: Confidence;
  readonly sources: readonly string[];
}

function listing(entry: CatalogEntry): CatalogListing {
  const empty = {
    code: entry.code,
    name: entry.name,
    kind: entry.kind,
    effectiveFrom: entry.effectiveFrom,
    confidence: entry.confidence,
    sources: entry.sources,
  };
  if (entry.kind === 'certification') {
    return {
      ...empty,
      body: entry.body,
      unit: entry.unit,
      cycleMonths: entry.cycle.months,
      cycleAnchor: entry.cycle.anchor,
      unitsRequired: entry.requirement.units / 100,
      cprRequired: entry.requirement.cprRequired,
      cprCredit: entry.requirement.cprCredit / 100,
      ethicsUnits: entry.requirement.ethicsUnits / 100,
      graceDays: entry.grace.application.days,
      graceMonths: entry.grace.application.months,
      lateCeDays: (entry.grace.lateCe ?? entry.grace.application).days,
      lateCeMonths: (entry.grace.lateCe ?? entry.grace.application).months,
      finishLeadDays: entry.finishLeadDays,
      specializationUnits: null,
      countsToward: null,
      expires: true,
      validityMonths: entry.cycle.months,
    };
  }
  const none = {
    unit: null,
    cycleMonths: null,
    cycleAnchor: null,
    unitsRequired: null,
    cprRequired: false,
    cprCredit: null,
    ethicsUnits: null,
    graceDays: null,
    graceMonths: null,
    lateCeDays: null,
    lateCeMonths: null,
    finishLeadDays: null,
  };
  if (entry.kind === 'specialization') {
    const units: Partial<Record<BodyCode, number>> = {};
    for (const body of BODY_CODES) {
      const value = entry.units[body];
      if (value !== undefined) units[body] = value / 100;
    }
    return {
      ...empty,
      ...none,
      body: entry.body,
      specializationUnits: units,
      countsToward: entry.countsToward,
      expires: entry.policy.expires,
      validityMonths: null,
    };
  }
  return {
    ...empty,
    ...none,
    body: null,
    specializationUnits: null,
    countsToward: null,
    expires: true,
    validityMonths: entry.validityMonths,
  };
}

/** The current version of every catalog entry, in catalog order. */
export function listCatalog(): readonly CatalogListing[] {
  return CATALOG.filter((entry) => entry.effectiveTo === null).map(listing);
}
