/**
 * The evaluator's view of the catalog must say what the catalog says: same version per code and date, and each
 * certification's flattened rules equal to the entry's own fields.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG, type CertificationEntry, findCredential } from '../../../core/catalog.js';
import { categoryIndexOf, indexedCredential } from '../../../core/credential-index.js';
import { AdviceWording } from '../../../core/recommendation.js';
import type { BodyCode } from '../../../core/types.js';
import { approvedUnits } from '../../../core/units.js';

const CODES = [...new Set(CATALOG.map((entry) => entry.code))];
const DATES = [undefined, '1989-12-31', '1990-01-01', '2023-09-12', '2023-09-13', '2024-01-01', '2027-06-30'];
const BODIES: readonly BodyCode[] = ['NASM', 'ACE', 'ACSM', 'NSCA', 'ISSA', 'NCSF', 'NCCPT'];

describe('indexedCredential', () => {
  it('picks the version findCredential picks, for every code and date', () => {
    for (const code of CODES) {
      for (const on of DATES) {
        const entry = findCredential(code, on)!;
        const found = indexedCredential(code, on)!;
        expect(found.code, `${code} on ${on}`).toBe(entry.code);
        expect(found.effectiveFrom, `${code} on ${on}`).toBe(entry.effectiveFrom);
        expect(found.name).toBe(entry.name);
        expect(found.rules === null).toBe(entry.kind !== 'certification');
        expect(found.specialization).toBe(entry.kind === 'specialization' ? entry : null);
      }
    }
    expect(indexedCredential('NOPE', undefined)).toBeUndefined();
  });

  it('flattens each certification rule from its own entry', () => {
    const certifications = CATALOG.filter((entry): entry is CertificationEntry => entry.kind === 'certification');
    for (const entry of certifications) {
      const rules = indexedCredential(entry.code, entry.effectiveFrom)!.rules!;
      const { requirement, grace, cycle } = entry;
      expect(rules).toMatchObject({
        code: entry.code,
        body: entry.body,
        unit: entry.unit,
        cycleMonths: cycle.months,
        calendarFixed: cycle.anchor === 'calendar-fixed',
        units: requirement.units,
        cprRequired: requirement.cprRequired,
        cardCredit: requirement.cprRequired ? requirement.cprCredit : 0,
        ethicsUnits: requirement.ethicsUnits,
        repeatsCount: requirement.repeatsCount,
        finishLeadDays: entry.finishLeadDays,
        application: { present: true, ...grace.application },
        lateCe: grace.lateCe === null ? { present: false, months: 0, days: 0 } : { present: true, ...grace.lateCe },
        lateFees: grace.lateFees.length > 0 ? grace.lateFees : null,
      });
    }
  });
});

describe('hot-path readers', () => {
  it('read an NSCA category as its index, anything else as -1', () => {
    expect(['A', 'B', 'C', 'D', 'general', 'ethics', 'cpr-aed', undefined, 'toString'].map(categoryIndexOf)).toEqual([
      0, 1, 2, 3, -1, -1, -1, -1, -1,
    ]);
  });

  it('read approved units per body exactly as a keyed read does', () => {
    const mixes = [{}, { NASM: 1.9 }, { ACE: 2, NSCA: 0.5 }, Object.fromEntries(BODIES.map((body, n) => [body, n]))];
    for (const units of mixes) for (const body of BODIES) expect(approvedUnits(units, body)).toBe(units[body]);
  });
});

describe('advice wording', () => {
  const wording = new AdviceWording(findCredential('NASM-CPT') as CertificationEntry);

  it('spells amounts the same whether cached, first seen or past the cache', () => {
    for (const units of [100, 190, 5, 0, 12_345, 190]) {
      expect(wording.plural(units)).toBe(`${units / 100} CEU${units === 100 ? '' : 's'}`);
    }
    expect(wording.completeApprovedCeBy.get(190)).toBe('complete 1.9 CEUs of NASM-approved CE by ');
    expect(wording.completeApprovedCeBy.get(12_345)).toBe('complete 123.45 CEUs of NASM-approved CE by ');
  });
});
