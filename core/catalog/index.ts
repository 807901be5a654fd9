/**
 * The certification catalog: every body's entries (one file per body, each with its rules page in `docs/rules/`),
 * looked up by code and version, and listed for `recert catalog` / `GET /api/catalog`.
 */
import type { BodyCode, CalendarDate } from '../types.js';
import { ACE } from './ace.js';
import { ACSM } from './acsm.js';
import { AFAA } from './afaa.js';
import { CPR_AED } from './cpr-aed.js';
import { ISSA } from './issa.js';
import { NASM } from './nasm.js';
import { NCCPT } from './nccpt.js';
import { NCSF } from './ncsf.js';
import { NETA } from './neta.js';
import { NFPT } from './nfpt.js';
import { NSCA } from './nsca.js';
import type {
  CatalogEntry,
  CertificationEntry,
  Confidence,
  CredentialKind,
  NscaCategory,
  Span,
  SpecializationEntry,
} from './rules.js';

export { BODY_CODES } from '../body-codes.js';
export { CPR_AED_CODE } from './cpr-aed.js';
export {
  DEFAULT_REMINDER_SETTINGS,
  REMINDER_CADENCES,
  REMINDER_POLICY,
  type ReminderPolicy,
  SNOOZE_LENGTHS,
} from './reminder-policy.js';
export type * from './rules.js';
/** NSCA's CE categories. */
export const NSCA_CATEGORIES: readonly NscaCategory[] = ['A', 'B', 'C', 'D'];
/** Activity categories the engine understands; `A`–`D` are NSCA's. */
export const ACTIVITY_CATEGORIES = ['general', 'ethics', 'cpr-aed', 'A', 'B', 'C', 'D'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

/** Every catalog entry, all versions, oldest version of a code first. */
export const CATALOG: readonly CatalogEntry[] = [
  ...NASM,
  ...AFAA,
  ...ACE,
  ...ACSM,
  ...NSCA,
  ...ISSA,
  ...NCSF,
  ...NCCPT,
  ...NFPT,
  ...NETA,
  ...CPR_AED,
];

/** Generic actions the engine may advise when no catalog credential fits. */
export const GENERIC_ACTIONS: Readonly<Record<string, string>> = {
  'APPROVED-CE': 'an approved continuing-education course',
  'ETHICS-CE': 'an approved ethics / professional-conduct course',
  'CE-CATEGORY-A': 'NSCA Category A CE (events and attendance)',
  'CE-CATEGORY-B': 'NSCA Category B CE (post-graduate / college courses)',
  'CE-CATEGORY-C': 'NSCA Category C CE (home study, quizzes)',
  'CE-CATEGORY-D': 'NSCA Category D CE (presentations, publications, other)',
  'SUBMIT-RENEWAL': 'submit your renewal to the body',
  'CHECK-WITH-BODY': 'ask the body whether and how you can still renew',
  'RETAKE-EXAM': 'retake the certification exam',
  'LOG-EARLIER-CE': 'log CE completed before expiry, or ask the body what it requires',
  REINSTATE: 'apply for reinstatement',
};

const VERSIONS_BY_CODE = new Map<string, CatalogEntry[]>();
for (const entry of CATALOG) VERSIONS_BY_CODE.set(entry.code, [...(VERSIONS_BY_CODE.get(entry.code) ?? []), entry]);

/**
 * The entry for `code` in force on `on` (default: the current version), or undefined for unknown codes. A date
 * before every version gets the oldest one, so old cards still evaluate.
 */
export function findCredential(code: string, on?: CalendarDate): CatalogEntry | undefined {
  const versions = VERSIONS_BY_CODE.get(code) ?? [];
  if (on === undefined) return versions.at(-1);
  return versions.findLast((entry) => entry.effectiveFrom <= on) ?? versions[0];
}

/** The certification entry for `code` in force on `on`, or undefined when `code` is not a certification. */
export function findCertification(code: string, on: CalendarDate): CertificationEntry | undefined {
  const entry = findCredential(code, on);
  return entry?.kind === 'certification' ? entry : undefined;
}

const CURRENT_SPECIALIZATIONS = CATALOG.filter(
  (entry): entry is SpecializationEntry => entry.kind === 'specialization' && entry.effectiveTo === null,
);
const SPECIALIZATIONS_TOWARD = new Map(
  CATALOG.map((entry) => [
    entry.code,
    CURRENT_SPECIALIZATIONS.filter((option) => option.policy.countsAsCe && option.countsToward.includes(entry.code)),
  ]),
);

/** Current specializations that count as CE toward certification `code`. */
export function specializationsToward(code: string): readonly SpecializationEntry[] {
  return SPECIALIZATIONS_TOWARD.get(code) ?? [];
}

/** One row of `recert catalog` / `GET /api/catalog`. */
export interface CatalogListing {
  readonly code: string;
  readonly name: string;
  readonly body: BodyCode | null;
  readonly kind: CredentialKind;
  readonly unit: string | null;
  readonly cycleMonths: number | null;
  readonly cycleAnchor: 'anniversary' | 'day-before-anniversary' | 'calendar-fixed' | null;
  /** Units per cycle (unprorated), as a plain number. */
  readonly unitsRequired: number | null;
  readonly cprRequired: boolean;
  readonly cprCredit: number | null;
  readonly ethicsUnits: number | null;
  /** The renewal window after expiry, in the unit its source gives (the other one is 0); null when unknown. */
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
  /** The rules page in this repository that states every rule of the entry with its sources. */
  readonly rulesPage: string;
}

const NOT_A_CERTIFICATION = {
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
} as const;

function lateCeSpan(entry: CertificationEntry): Span | 'unknown' {
  return entry.afterExpiry.lateCe ?? entry.afterExpiry.renewal;
}

function listing(entry: CatalogEntry): CatalogListing {
  const common = {
    code: entry.code,
    name: entry.name,
    kind: entry.kind,
    effectiveFrom: entry.effectiveFrom,
    confidence: entry.confidence,
    sources: entry.sources,
    rulesPage: entry.rulesPage,
  };
  switch (entry.kind) {
    case 'certification': {
      const { renewal } = entry.afterExpiry;
      const lateCe = lateCeSpan(entry);
      return {
        ...common,
        body: entry.body,
        unit: entry.unit,
        cycleMonths: entry.cycle.months,
        cycleAnchor: entry.cycle.anchor,
        unitsRequired: entry.requirement.units / 100,
        cprRequired: entry.requirement.cprRequired,
        cprCredit: entry.requirement.cprCardCredit / 100,
        ethicsUnits: entry.requirement.ethicsUnits / 100,
        graceDays: renewal === 'unknown' ? null : renewal.days,
        graceMonths: renewal === 'unknown' ? null : renewal.months,
        lateCeDays: lateCe === 'unknown' ? null : lateCe.days,
        lateCeMonths: lateCe === 'unknown' ? null : lateCe.months,
        finishLeadDays: entry.finishLeadDays,
        specializationUnits: null,
        countsToward: null,
        expires: true,
        validityMonths: entry.cycle.months,
      };
    }
    case 'specialization': {
      const units = Object.fromEntries(Object.entries(entry.units).map(([body, value]) => [body, value / 100]));
      return {
        ...common,
        ...NOT_A_CERTIFICATION,
        body: entry.body,
        specializationUnits: units,
        countsToward: entry.countsToward,
        expires: entry.policy.expires,
        validityMonths: null,
      };
    }
    case 'prerequisite':
      return {
        ...common,
        ...NOT_A_CERTIFICATION,
        body: null,
        specializationUnits: null,
        countsToward: null,
        expires: true,
        validityMonths: entry.validityMonths,
      };
  }
}

/** The current version of every catalog entry, in catalog order. */
export function listCatalog(): readonly CatalogListing[] {
  return CATALOG.filter((entry) => entry.effectiveTo === null).map(listing);
}
