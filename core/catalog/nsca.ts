/** NSCA: fixed three-year reporting periods, prorated, with category maximums. Rules and sources: docs/rules/nsca.md. */
import { FINISH_LEAD_DAYS, fee, requirement } from './defaults.js';
import { type CatalogEntry, type CertificationEntry, type CycleRule, months, NO_SPAN } from './rules.js';

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
    requirement: requirement(600, { perEventCap: 200 }),
    afterExpiry: {
      // A January late-reporting period followed 2021–23 (medium); CE itself must be earned inside the period.
      renewal: months(1),
      lateCe: NO_SPAN,
      lateFees: 'unknown',
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(null, 'high', 'charged for each NSCA credential you hold'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    rulesPage: 'docs/rules/nsca.md',
    sources: ['nsca.com recertification', 'nsca.com CEU categories (proration, per-event maximum)'],
    confidence: 'high',
  };
}

export const NSCA: readonly CatalogEntry[] = [
  nscaCertification('NSCA-CSCS', 'NSCA Certified Strength and Conditioning Specialist'),
  nscaCertification('NSCA-CPT', 'NSCA Certified Personal Trainer'),
];
