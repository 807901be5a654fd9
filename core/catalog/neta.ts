/** NETA: 20 CECs every two years, 6 of them from NETA, a 180-day grace. Rules and sources: docs/rules/neta.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import { type CatalogEntry, days, NO_SPAN } from './rules.js';

export const NETA: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'NETA-CPT',
    name: 'NETA Certified Personal Trainer',
    body: 'NETA',
    unit: 'CEC',
    hoursPerUnit: 1,
    cycle: TWO_YEARS_ANNIVERSARY,
    requirement: requirement(2000),
    afterExpiry: {
      // 180 days to renew with the status "expired"; the CECs must be earned before expiry.
      renewal: days(180),
      lateCe: NO_SPAN,
      lateFees: 'unknown',
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(65, 'low', 'a third-party figure; check with NETA'),
    petitionFee: fee(15, 'high', 'per college course'),
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [
      'NETA counts your renewal only if at least 6 of the 20 CECs come from NETA workshops or home-study courses; Recert cannot tell who ran a course, so check this yourself.',
    ],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/neta.md',
    sources: ['netafit.org primary certification renewal'],
    confidence: 'high',
  },
];
