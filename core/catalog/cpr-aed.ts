/** The CPR/AED card most certifications require. Rules and sources: docs/rules/cpr-aed.md. */
import { ALWAYS } from './defaults.js';
import type { CatalogEntry } from './rules.js';

/** The prerequisite card every CPR-requiring certification looks for. */
export const CPR_AED_CODE = 'CPR-AED';

export const CPR_AED: readonly CatalogEntry[] = [
  {
    kind: 'prerequisite',
    code: CPR_AED_CODE,
    name: 'Adult CPR/AED with hands-on skills check',
    validityMonths: 24,
    effectiveFrom: ALWAYS,
    effectiveTo: null,
    rulesPage: 'docs/rules/cpr-aed.md',
    sources: ['cpr.heart.org course card information', 'afaa.com terms (hands-on requirement)'],
    confidence: 'high',
  },
];
