import { describe, expect, it } from 'vitest';
import { CATALOG, findCredential, listCatalog } from '../../../core/catalog/index.js';

const CERTIFICATION_CODES = [
  'NASM-CPT',
  'NASM-CNC',
  'NASM-CSNC',
  'NASM-CWC',
  'AFAA-CGFI',
  'ACE-CPT',
  'ACE-GFI',
  'ACE-HC',
  'ACE-MES',
  'ACSM-CPT',
  'ACSM-EP',
  'NSCA-CSCS',
  'NSCA-CPT',
  'ISSA-CPT',
  'NCSF-CPT',
  'NCCPT-CPT',
  'NFPT-CPT',
  'NETA-CPT',
];

describe('catalog', () => {
  it('lists exactly the catalog codes, once each, in their current version', () => {
    const listed = listCatalog();
    expect(listed.filter((row) => row.kind === 'certification').map((row) => row.code)).toEqual(CERTIFICATION_CODES);
    expect(listed.filter((row) => row.kind === 'specialization').map((row) => row.code)).toEqual([
      'NASM-CES',
      'NASM-PES',
    ]);
    expect(listed.filter((row) => row.kind === 'prerequisite').map((row) => row.code)).toEqual(['CPR-AED']);
  });

  it('gives every entry a source, a confidence and a validity start', () => {
    for (const entry of CATALOG) {
      expect(entry.sources.length, entry.code).toBeGreaterThan(0);
      expect(['high', 'medium', 'low']).toContain(entry.confidence);
      expect(entry.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it.each([
    [
      'NASM-CPT',
      {
        unit: 'CEU',
        cycleMonths: 24,
        unitsRequired: 2,
        cprRequired: true,
        cprCredit: 0.1,
        graceDays: 0,
        graceMonths: 12,
        lateCeDays: 90,
        lateCeMonths: 0,
      },
    ],
    ['NASM-CSNC', { unitsRequired: 1.9, cprRequired: false }],
    ['ACE-CPT', { unit: 'CEC', unitsRequired: 2, ethicsUnits: 0.1, graceMonths: 6 }],
    ['ACSM-CPT', { unit: 'CEC', cycleMonths: 36, unitsRequired: 45, graceMonths: 6 }],
    ['ACSM-EP', { unitsRequired: 60 }],
    ['NSCA-CSCS', { cycleAnchor: 'calendar-fixed', cycleMonths: 36, unitsRequired: 6 }],
    ['ISSA-CPT', { unit: 'CE hour', unitsRequired: 20, graceMonths: 12 }],
    ['NCSF-CPT', { unitsRequired: 10, cprCredit: 2, ethicsUnits: 1, graceDays: null, graceMonths: null }],
    ['AFAA-CGFI', { unitsRequired: 15, cprCredit: 2, graceDays: 180 }],
    ['NFPT-CPT', { cycleMonths: 12, unitsRequired: 2, cprRequired: false }],
    ['NETA-CPT', { unit: 'CEC', unitsRequired: 20, graceDays: 180, lateCeDays: 0 }],
    ['NCCPT-CPT', { unitsRequired: 2, graceDays: 30, graceMonths: 0 }],
    ['NASM-CES', { specializationUnits: { NASM: 1.9 }, countsToward: ['NASM-CPT'], expires: false }],
    ['CPR-AED', { validityMonths: 24 }],
  ])('%s lists %o', (code, expected) => {
    expect(listCatalog().find((row) => row.code === code)).toMatchObject(expected);
  });

  it('picks the ACE rules in force on the renewal date: ethics only from 2023-09-13', () => {
    const before = findCredential('ACE-CPT', '2023-09-12');
    const after = findCredential('ACE-CPT', '2023-09-13');
    expect(before?.kind === 'certification' && before.requirement.ethicsUnits).toBe(0);
    expect(after?.kind === 'certification' && after.requirement.ethicsUnits).toBe(10);
  });

  it('knows nothing about codes outside the catalog', () => {
    expect(findCredential('NASM-XYZ')).toBeUndefined();
    expect(findCredential('nasm-cpt')).toBeUndefined();
  });
});
