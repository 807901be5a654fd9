/** NASM: the CPT and coach certifications, and the CES/PES specializations. Rules and sources: docs/rules/nasm.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import {
  type AfterExpiryRule,
  type CatalogEntry,
  type CertificationEntry,
  type Confidence,
  days,
  type Fee,
  months,
  type SpecializationEntry,
} from './rules.js';

const RULES_PAGE = 'docs/rules/nasm.md';

/** CE up to 90 days after expiry, the application up to a year; $30 then $50 (older guideline, medium). */
const NASM_AFTER_EXPIRY: AfterExpiryRule = {
  renewal: months(12),
  lateCe: days(90),
  lateFees: [
    { fromDay: 1, toDay: 90, feeUsd: 30 },
    { fromDay: 91, toDay: 365, feeUsd: 50 },
  ],
  reinstatement: null,
  reinstatementFee: null,
};

const PETITION = fee(25, 'high', 'per non-approved course');

function nasmCertification(
  code: string,
  name: string,
  details: Pick<CertificationEntry, 'requirement' | 'sources' | 'confidence'> & {
    readonly afterExpiry?: AfterExpiryRule;
    readonly renewalFee?: Fee | null;
  },
): CertificationEntry {
  return {
    kind: 'certification',
    code,
    name,
    body: 'NASM',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: TWO_YEARS_ANNIVERSARY,
    afterExpiry: NASM_AFTER_EXPIRY,
    renewalFee: fee(99, 'medium'),
    petitionFee: PETITION,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: RULES_PAGE,
    ...details,
  };
}

function coach(code: string, name: string, source: string, confidence: Confidence): CertificationEntry {
  return nasmCertification(code, name, {
    requirement: requirement(190, { cprRequired: false }),
    sources: [source],
    confidence,
  });
}

function specialization(code: string, name: string, description: string): SpecializationEntry {
  return {
    kind: 'specialization',
    code,
    name,
    body: 'NASM',
    description,
    units: { NASM: 190 },
    countsToward: ['NASM-CPT'],
    // Unconfirmed today (SEO sites claim CES renews with the CPT); policy, not code, so it can flip.
    policy: { expires: false, countsAsCe: true },
    typicalHours: null,
    priceUsd: null,
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: RULES_PAGE,
    sources: ['askthetrainer.com NASM continuing-education Q&A'],
    confidence: 'medium',
  };
}

export const NASM: readonly CatalogEntry[] = [
  nasmCertification('NASM-CPT', 'NASM Certified Personal Trainer', {
    requirement: requirement(200, { cprCardCredit: 10 }),
    sources: ['nasm.org personal-trainer recertification', 'NASM CPT recertification guidelines (late fees)'],
    confidence: 'high',
  }),
  coach('NASM-CNC', 'NASM Certified Nutrition Coach', 'nasm.org CNC (renewal page not retrieved; inferred)', 'low'),
  coach('NASM-CSNC', 'NASM Certified Sports Nutrition Coach', 'nasm.org CSNC renewal', 'high'),
  nasmCertification('NASM-CWC', 'NASM Certified Wellness Coach', {
    requirement: requirement(190, { cprRequired: false }),
    // The CWC page names "additional fees" after expiry without amounts.
    afterExpiry: { ...NASM_AFTER_EXPIRY, lateFees: 'unknown' },
    sources: ['nasm.org CWC renewal'],
    confidence: 'high',
  }),
  specialization('NASM-CES', 'NASM Corrective Exercise Specialist', 'corrective exercise'),
  specialization('NASM-PES', 'NASM Performance Enhancement Specialist', 'performance training for athletes'),
];
