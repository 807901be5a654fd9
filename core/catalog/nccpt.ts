/** NCCPT: 2.0 CEUs, a 30-day grace with a late fee. Rules and sources: docs/rules/nccpt.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import { type CatalogEntry, days } from './rules.js';

export const NCCPT: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'NCCPT-CPT',
    name: 'NCCPT Certified Personal Trainer',
    body: 'NCCPT',
    unit: 'CEU',
    hoursPerUnit: 10,
    cycle: TWO_YEARS_ANNIVERSARY,
    requirement: requirement(200),
    afterExpiry: {
      renewal: days(30),
      lateCe: null,
      // The late renewal costs $100 instead of $75 (one page version; another says "see fee list").
      lateFees: [{ fromDay: 1, toDay: 30, feeUsd: 100 }],
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(75, 'medium'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/nccpt.md',
    sources: ['nccpt.com recertification'],
    confidence: 'high',
  },
];
