/**
 * The catalog as the evaluator reads it on every call: every code's versions indexed once, and each certification's
 * rules resolved into plain numbers and flags (no unions to narrow, no nested records, one object shape for every
 * body), so a call does arithmetic instead of walking catalog data.
 */
import { type Civil, civilOf } from './calendar-date.js';
import {
  type AfterExpiry,
  CATALOG,
  type CertificationEntry,
  NSCA_CATEGORIES,
  SPECIALIZATIONS,
  type SpecializationEntry,
  versionInForce,
} from './catalog.js';
import { AdviceWording } from './recommendation.js';
import type { BodyCode, CalendarDate, Hundredths, LateFeeTier } from './types.js';

/** Index 0–3 of an NSCA category, or -1 for any other activity category. */
export function categoryIndexOf(category: string | undefined): number {
  switch (category) {
    case 'A':
      return 0;
    case 'B':
      return 1;
    case 'C':
      return 2;
    case 'D':
      return 3;
    default:
      return -1;
  }
}

/** Specializations that count as CE toward each certification code. */
const SPECIALIZATIONS_TOWARD = new Map<string, SpecializationEntry[]>();
for (const specialization of SPECIALIZATIONS) {
  if (!specialization.policy.countsAsCe) continue;
  for (const code of specialization.countsToward) {
    SPECIALIZATIONS_TOWARD.set(code, [...(SPECIALIZATIONS_TOWARD.get(code) ?? []), specialization]);
  }
}

/** A window after expiry as the evaluator applies it; `present` is false where the catalog gives none (null). */
export class ExpiryWindow {
  readonly present: boolean;
  readonly months: number;
  readonly days: number;

  constructor(window: AfterExpiry | null) {
    this.present = window !== null;
    this.months = window?.months ?? 0;
    this.days = window?.days ?? 0;
  }
}

/** One certification version's rules, flattened. Field meanings are those of {@link CertificationEntry}. */
export class CertificationRules {
  readonly code: string;
  readonly name: string;
  readonly body: BodyCode;
  readonly unit: string;
  readonly cycleMonths: number;
  /** ACSM: the cycle starts on `(expiresOn + 1 day) − months`. */
  readonly dayBeforeAnniversary: boolean;
  /** NSCA: fixed periods repeating every `cycleMonths` from `periodStart`, prorated by certification month. */
  readonly calendarFixed: boolean;
  readonly periodStart: Civil;
  readonly prorationBeforeMonth: readonly number[];
  readonly prorationUnits: readonly Hundredths[];
  /** Category maximums per proration row, in {@link NSCA_CATEGORIES} order. */
  readonly prorationMaximums: ReadonlyArray<readonly Hundredths[]>;
  /** Category index an uncategorised activity counts toward; -1 without categories. */
  readonly uncategorisedIndex: number;
  readonly minCategories: number;
  readonly units: Hundredths;
  readonly cprRequired: boolean;
  /** The catalog's CPR/AED credit. */
  readonly cprCredit: Hundredths;
  /** What the card adds to the total here: the credit when the card is required, else nothing. */
  readonly cardCredit: Hundredths;
  readonly cprCourseCountsAsCe: boolean;
  readonly cprValidDaysAfterSubmission: number;
  readonly ethicsUnits: Hundredths;
  readonly repeatsCount: boolean;
  readonly finishLeadDays: number;
  readonly application: ExpiryWindow;
  readonly lateCe: ExpiryWindow;
  readonly reinstatement: ExpiryWindow;
  /** The late-fee tiers (the catalog's own array), or null when there are none. */
  readonly lateFees: readonly LateFeeTier[] | null;
  readonly specializationsToward: readonly SpecializationEntry[];
  readonly wording: AdviceWording;

  constructor(entry: CertificationEntry) {
    const { cycle, requirement, grace } = entry;
    this.code = entry.code;
    this.name = entry.name;
    this.body = entry.body;
    this.unit = entry.unit;
    this.cycleMonths = cycle.months;
    this.dayBeforeAnniversary = cycle.anchor === 'anniversary' && cycle.expiry === 'day-before-anniversary';
    this.calendarFixed = cycle.anchor === 'calendar-fixed';
    if (cycle.anchor === 'calendar-fixed') {
      this.periodStart = civilOf(cycle.periodStartsOn);
      this.prorationBeforeMonth = cycle.proration.map((row) => row.certifiedBeforeMonth);
      this.prorationUnits = cycle.proration.map((row) => row.units);
      this.prorationMaximums = cycle.proration.map((row) =>
        NSCA_CATEGORIES.map((category) => row.categoryMaximums[category] ?? 0),
      );
      this.uncategorisedIndex = Math.max(0, categoryIndexOf(cycle.uncategorisedAs));
      this.minCategories = cycle.minCategories;
    } else {
      this.periodStart = 0;
      this.prorationBeforeMonth = [];
      this.prorationUnits = [];
      this.prorationMaximums = [];
      this.uncategorisedIndex = -1;
      this.minCategories = 0;
    }
    this.units = requirement.units;
    this.cprRequired = requirement.cprRequired;
    this.cprCredit = requirement.cprCredit;
    this.cardCredit = requirement.cprRequired ? requirement.cprCredit : 0;
    this.cprCourseCountsAsCe = requirement.cprCourseCountsAsCe;
    this.cprValidDaysAfterSubmission = requirement.cprValidDaysAfterSubmission;
    this.ethicsUnits = requirement.ethicsUnits;
    this.repeatsCount = requirement.repeatsCount;
    this.finishLeadDays = entry.finishLeadDays;
    this.application = new ExpiryWindow(grace.application);
    this.lateCe = new ExpiryWindow(grace.lateCe);
    this.reinstatement = new ExpiryWindow(grace.reinstatement);
    this.lateFees = grace.lateFees.length > 0 ? grace.lateFees : null;
    this.specializationsToward = SPECIALIZATIONS_TOWARD.get(entry.code) ?? [];
    this.wording = new AdviceWording(entry);
  }
}

/**
 * A catalog version as the evaluator looks it up, in one object shape for every kind (catalog entries come in many
 * shapes, so reading their fields on the hot path is a megamorphic lookup).
 */
export interface IndexedCredential {
  readonly effectiveFrom: CalendarDate;
  readonly code: string;
  readonly name: string;
  /** The certification's resolved rules; null for other kinds. */
  readonly rules: CertificationRules | null;
  /** The specialization's entry; null for other kinds. */
  readonly specialization: SpecializationEntry | null;
}

const versionsByCode = new Map<string, IndexedCredential[]>();
for (const entry of CATALOG) {
  const versions = versionsByCode.get(entry.code) ?? [];
  versions.push({
    effectiveFrom: entry.effectiveFrom,
    code: entry.code,
    name: entry.name,
    rules: entry.kind === 'certification' ? new CertificationRules(entry) : null,
    specialization: entry.kind === 'specialization' ? entry : null,
  });
  versionsByCode.set(entry.code, versions);
}

/** {@link findCredential}, with the certification's resolved rules. */
export function indexedCredential(code: string, on: CalendarDate | undefined): IndexedCredential | undefined {
  const versions = versionsByCode.get(code);
  if (versions === undefined) return undefined;
  // One version (every code but ACE's today) needs no date comparison.
  return versions.length === 1 ? versions[0] : versions[versionInForce(versions, on)];
}
