/** AFAA (NASM-owned) group fitness, on its legacy hour-based rules. Rules and sources: docs/rules/afaa.md. */
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement, TWO_YEARS_ANNIVERSARY } from './defaults.js';
import { type CatalogEntry, days, NO_SPAN } from './rules.js';

export const AFAA: readonly CatalogEntry[] = [
  {
    kind: 'certification',
    code: 'AFAA-CGFI',
    name: 'AFAA Certified Group Fitness Instructor',
    body: 'AFAA',
    unit: 'CEU',
    // Legacy AFAA CEU: 1 per contact hour (not a NASM CEU).
    hoursPerUnit: 1,
    cycle: TWO_YEARS_ANNIVERSARY,
    requirement: requirement(1500, { cprCardCredit: 200 }),
    afterExpiry: {
      renewal: days(180),
      // The application asks for CE "within 2 years of the certificate date": none after expiry (low).
      lateCe: NO_SPAN,
      lateFees: [{ fromDay: 1, toDay: 180, feeUsd: 50 }],
      reinstatement: null,
      reinstatementFee: null,
    },
    renewalFee: fee(99, 'medium'),
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [
      'AFAA counts your renewal only if at least 2 of the CEUs come from AFAA or NASM courses; Recert cannot tell who ran a course, so check this yourself.',
    ],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/afaa.md',
    sources: ['afaa.com recertify (legacy)', 'AFAA CGFI recertification application (3/2021)'],
    confidence: 'medium',
  },
];
