/** ACE: one rule set for every ACE certification. Rules and sources: docs/rules/ace.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import { type CatalogEntry, type CertificationEntry, months } from './rules.js';

/** Renewals dated from this day need at least 0.1 CEC of ethics / professional conduct. */
const ETHICS_FROM = '2023-09-13';

function aceCertification(code: string, name: string): readonly CertificationEntry[] {
  const base = {
    kind: 'certification',
    code,
    name,
    body: 'ACE',
    unit: 'CEC',
    hoursPerUnit: 10,
    cycle: TWO_YEARS_ANNIVERSARY,
    afterExpiry: {
      // A six-month courtesy window to renew; the certification itself is expired during it (medium).
      renewal: months(6),
      lateCe: null,
      lateFees: 'unknown',
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(129, 'low', 'a third-party figure; check with ACE'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    rulesPage: 'docs/rules/ace.md',
    sources: ['acefitness.org recertification', 'ACE press release (2023-02-06): ethics', 'ACEFit: grace period'],
    confidence: 'high',
  } as const;
  return [
    {
      ...base,
      requirement: requirement(200, { repeatsCount: false }),
      effectiveFrom: ALWAYS,
      effectiveTo: '2023-09-12',
    },
    {
      ...base,
      requirement: requirement(200, { repeatsCount: false, ethicsUnits: 10 }),
      effectiveFrom: ETHICS_FROM,
      effectiveTo: null,
    },
  ];
}

export const ACE: readonly CatalogEntry[] = [
  ...aceCertification('ACE-CPT', 'ACE Certified Personal Trainer'),
  ...aceCertification('ACE-GFI', 'ACE Group Fitness Instructor'),
  ...aceCertification('ACE-HC', 'ACE Health Coach'),
  ...aceCertification('ACE-MES', 'ACE Medical Exercise Specialist'),
];
