/** ACSM: three-year cycles, CPR/AED as credit from 2025. Rules and sources: docs/rules/acsm.md. */

import type { Hundredths } from '../types.js';
import { ALWAYS, FINISH_LEAD_DAYS, fee, requirement } from './defaults.js';
import { type CatalogEntry, type CertificationEntry, type Fee, months } from './rules.js';

function acsmCertification(code: string, name: string, units: Hundredths, renewalFee: Fee): CertificationEntry {
  return {
    kind: 'certification',
    code,
    name,
    body: 'ACSM',
    unit: 'CEC',
    hoursPerUnit: 1,
    // Pass date + 3 years − 1 day; older cards expire 31 Dec of the third year after the exam year.
    cycle: { anchor: 'day-before-anniversary', months: 36, firstCycleSlack: months(12) },
    requirement: requirement(units, {
      cprCourseCredit: { kind: 'fixed-per-year', units: 500, from: '2025-01-01' },
    }),
    afterExpiry: {
      // Six months: a 31 Dec expiry is renewable through 30 Jun; CE may still be earned then.
      renewal: months(6),
      lateCe: null,
      lateFees: [{ fromDay: 1, toDay: 183, feeUsd: 80 }],
      // Low confidence: the page's text about lapses over 3 years is cut off.
      reinstatement: months(36),
      reinstatementFee: fee(165, 'medium', 'another ACSM page says $225'),
    },
    renewalFee,
    petitionFee: null,
    finishLeadDays: FINISH_LEAD_DAYS,
    notChecked: [],
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/acsm.md',
    sources: ['acsm.org recertification', 'acsm.org news 2019-10-15 (grace, reinstatement)'],
    confidence: 'high',
  };
}

export const ACSM: readonly CatalogEntry[] = [
  acsmCertification('ACSM-CPT', 'ACSM Certified Personal Trainer', 4500, fee(60, 'high')),
  acsmCertification('ACSM-EP', 'ACSM Certified Exercise Physiologist', 6000, fee(70, 'high')),
];
