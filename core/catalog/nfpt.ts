/** NFPT: renewed every year, no CE in the first year. Rules and sources: docs/rules/nfpt.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, UNKNOWN_AFTER_EXPIRY } from './defaults.js';
import { type CatalogEntry, months } from './rules.js';

export const NFPT: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'NFPT-CPT',
    name: 'NFPT Certified Personal Trainer',
    body: 'NFPT',
    unit: 'CEC',
    // One hour earns 0.2 CEC, so the yearly 2.0 CECs are 10 hours.
    hoursPerUnit: 5,
    cycle: { anchor: 'anniversary', months: 12, firstCycleSlack: months(1) },
    // CPR/AED counts toward the CECs rather than being required on its own.
    requirement: requirement(200, {
      firstCycleUnits: 0,
      cprRequired: false,
      cprCourseCredit: { kind: 'approved-units' },
    }),
    afterExpiry: UNKNOWN_AFTER_EXPIRY,
    renewalFee: fee(85, 'high', 'every year'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [
      'NFPT carries hours above the yearly 10 into the next year; Recert does not count carried-over hours yet, so you may need less than shown.',
    ],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/nfpt.md',
    sources: ['nfpt.com FAQ, renew and continuing-education pages'],
    confidence: 'high',
  },
];
