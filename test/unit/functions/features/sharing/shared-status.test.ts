import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../../../functions/contract/openapi.js';
import {
  lastDayOf,
  shareableCodes,
  sharedStatus,
  validUntilOf,
} from '../../../../../functions/features/sharing/shared-status.js';
import { componentValidator } from '../../contract/schema-validator.js';
import { link, NOW, trainer } from './fixtures.js';

describe('what a share link shows', () => {
  it('each chosen certification with core’s status as current / late-window / lapsed, its expiry, and the card', () => {
    const status = sharedStatus(trainer(), link({ codes: ['ISSA-CPT', 'NASM-CPT', 'ACE-CPT'] }), NOW);
    expect(status).toEqual({
      name: 'Sam Lee',
      asOf: '2026-11-21',
      // In the record's order, not the order chosen.
      certifications: [
        { code: 'NASM-CPT', name: 'NASM Certified Personal Trainer', phase: 'current', expiresOn: '2027-03-31' },
        { code: 'ACE-CPT', name: 'ACE Certified Personal Trainer', phase: 'late-window', expiresOn: '2026-10-31' },
        { code: 'ISSA-CPT', name: 'ISSA Certified Personal Trainer', phase: 'lapsed', expiresOn: '2024-01-31' },
      ],
      cprAed: { current: true },
      linkExpiresOn: null,
    });
    const document = JSON.stringify(status);
    for (const secret of ['sam.lee@example.com', 'Kettlebell', 't_abcdefghijklmnopqrst', 'units', 'advice']) {
      expect(document).not.toContain(secret);
    }
  });

  it('what the OpenAPI document says the JSON is', () => {
    const validate = componentValidator(buildOpenApiDocument()).schema('SharedStatus');
    const status = sharedStatus(trainer(), link({ validUntil: '2027-02-19T23:59:59.999Z' }), NOW);
    expect(validate(JSON.parse(JSON.stringify(status))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('leaves out what was not chosen, and what the record no longer holds', () => {
    const status = sharedStatus(trainer(), link({ codes: ['ACE-CPT', 'NSCA-CSCS'] }), NOW);
    expect(status.certifications.map((cert) => cert.code)).toEqual(['ACE-CPT']);
  });

  it('says the card is not current when it expired, and when there is none', () => {
    const expired = trainer([
      { code: 'NASM-CPT', expiresOn: '2027-03-31' },
      { code: 'CPR-AED', expiresOn: '2026-11-20' },
    ]);
    const none = trainer([{ code: 'NASM-CPT', expiresOn: '2027-03-31' }]);
    expect(sharedStatus(expired, link(), NOW).cprAed).toEqual({ current: false });
    expect(sharedStatus(none, link(), NOW).cprAed).toEqual({ current: false });
  });

  it('offers to share certifications only: no card, no specialization', () => {
    const withSpecialization = trainer([
      { code: 'NASM-CPT', expiresOn: '2027-03-31' },
      { code: 'NASM-CES', earnedOn: '2025-01-10' },
      { code: 'CPR-AED', expiresOn: '2027-06-30' },
    ]);
    expect(shareableCodes(withSpecialization, NOW)).toEqual(['NASM-CPT']);
  });

  it('works through the whole of its last day (UTC), whatever the hour it was made', () => {
    expect(validUntilOf(NOW, 30).toISOString()).toBe('2026-12-21T23:59:59.999Z');
    expect(validUntilOf(new Date('2026-11-21T23:59:00Z'), 90).toISOString()).toBe('2027-02-19T23:59:59.999Z');
    expect(lastDayOf({ validUntil: '2027-02-19T23:59:59.999Z' })).toBe('2027-02-19');
    expect(lastDayOf({})).toBeNull();
  });
});
