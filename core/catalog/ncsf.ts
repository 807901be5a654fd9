/** NCSF: 10 CEUs of two hours each, CPR and ethics inside them. Rules and sources: docs/rules/ncsf.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY, UNKNOWN_AFTER_EXPIRY } from './defaults.js';
import type { CatalogEntry } from './rules.js';

export const NCSF: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'NCSF-CPT',
    name: 'NCSF Certified Personal Trainer',
    body: 'NCSF',
    unit: 'CEU',
    hoursPerUnit: 2,
    cycle: TWO_YEARS_ANNIVERSARY,
    requirement: requirement(1000, { cprCardCredit: 200, ethicsUnits: 100 }),
    // The sources say nothing about renewing after expiry: unknown, not "lapsed".
    afterExpiry: UNKNOWN_AFTER_EXPIRY,
    renewalFee: fee(85, 'high', '$100 when you renew two or more NCSF credentials'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/ncsf.md',
    sources: ['ncsf.org recertify how-to'],
    confidence: 'high',
  },
];
