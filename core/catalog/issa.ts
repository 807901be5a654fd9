/** ISSA: 20 CE hours earned inside the two years, no late CE. Rules and sources: docs/rules/issa.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import { type CatalogEntry, months, NO_SPAN } from './rules.js';

export const ISSA: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'ISSA-CPT',
    name: 'ISSA Certified Personal Trainer',
    body: 'ISSA',
    unit: 'CE hour',
    hoursPerUnit: 1,
    cycle: TWO_YEARS_ANNIVERSARY,
    requirement: requirement(2000, { cprValidDaysAfterSubmission: 30 }),
    afterExpiry: {
      // Late-fee tiers run "up to 12 months"; the hours must still have been earned inside the two years.
      renewal: months(12),
      lateCe: NO_SPAN,
      lateFees: [
        { fromDay: 91, toDay: 182, feeUsd: 40 },
        { fromDay: 183, toDay: 365, feeUsd: 50 },
      ],
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(99, 'high', '$0 when all 20 hours come from ISSA courses'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/issa.md',
    sources: ['issaonline.com continuing-education requirements'],
    confidence: 'high',
  },
];
