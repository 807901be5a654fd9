import { describe, expect, it } from 'vitest';
import { type PublishedStatus, statusChanges } from '../../../core/index.js';

const status = (certifications: PublishedStatus['certifications'], cprCurrent = true): PublishedStatus => ({
  certifications,
  cprAed: { current: cprCurrent },
});

const nasm = { code: 'NASM-CPT', phase: 'current', expiresOn: '2027-06-30' } as const;

describe('statusChanges: what a team is told (ADR 0035)', () => {
  it('says nothing when what the share link shows is the same', () => {
    expect(statusChanges(status([nasm]), status([nasm]))).toEqual([]);
  });

  it('names a phase change and an expiry change of one certification', () => {
    expect(statusChanges(status([nasm]), status([{ ...nasm, phase: 'late-window' }]))).toEqual([
      { kind: 'phase-changed', code: 'NASM-CPT', from: 'current', to: 'late-window' },
    ]);
    expect(
      statusChanges(status([{ ...nasm, phase: 'late-window' }]), status([{ ...nasm, expiresOn: '2029-06-30' }])),
    ).toEqual([
      { kind: 'phase-changed', code: 'NASM-CPT', from: 'late-window', to: 'current' },
      { kind: 'expiry-changed', code: 'NASM-CPT', from: '2027-06-30', to: '2029-06-30' },
    ]);
  });

  it('names a CPR/AED card that lapsed or was renewed', () => {
    expect(statusChanges(status([nasm], true), status([nasm], false))).toEqual([{ kind: 'cpr-aed-lapsed' }]);
    expect(statusChanges(status([nasm], false), status([nasm], true))).toEqual([{ kind: 'cpr-aed-renewed' }]);
  });

  it('names a certification added (from null) and one removed', () => {
    const ace = { code: 'ACE-CPT', phase: 'lapsed', expiresOn: '2025-01-31' } as const;
    expect(statusChanges(status([nasm]), status([ace]))).toEqual([
      { kind: 'phase-changed', code: 'ACE-CPT', from: null, to: 'lapsed' },
      { kind: 'certification-removed', code: 'NASM-CPT' },
    ]);
  });

  it('reports every certification on the first report, and the card only when it is not current', () => {
    expect(statusChanges(undefined, status([nasm], true))).toEqual([
      { kind: 'phase-changed', code: 'NASM-CPT', from: null, to: 'current' },
    ]);
    expect(statusChanges(undefined, status([], false))).toEqual([{ kind: 'cpr-aed-lapsed' }]);
  });
});
