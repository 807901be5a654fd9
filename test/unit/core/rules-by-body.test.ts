/**
 * Rows a trainer would recognise, written from the rules pages in docs/rules/: first cycles of cards printed at a
 * month end, per-event and yearly caps, repeats and double entries, late CE, refused expiries, unknown windows,
 * fees, and the new bodies.
 */
import { describe, expect, it } from 'vitest';
import {
  type Activity,
  type CertificationEvaluation,
  type CredentialClaim,
  evaluate,
  expectedPeriodEnd,
} from '../../../core/index.js';

const CARD: CredentialClaim = { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2029-01-31' };

function course(completedOn: string, units: Activity['units'], extra: Partial<Activity> = {}): Activity {
  return { title: 'Functional training', completedOn, units, ...extra };
}

function certification(claims: CredentialClaim[], activities: Activity[], asOf: string): CertificationEvaluation {
  const [first] = evaluate({ credentials: claims, activities }, asOf).certifications;
  if (first === undefined) throw new Error('no certification evaluated');
  return first;
}

describe('first cycle of a new certification counts from the exam day', () => {
  it.each([
    // [story, claim, course day, expected cycle start]
    [
      'NASM card printed at the month end',
      { code: 'NASM-CPT', earnedOn: '2025-03-10', expiresOn: '2027-03-31' },
      '2025-03-20',
      '2025-03-10',
    ],
    [
      'NASM card printed on the anniversary',
      { code: 'NASM-CPT', earnedOn: '2025-03-10', expiresOn: '2027-03-10' },
      '2025-03-20',
      '2025-03-10',
    ],
    [
      'ACE card printed at the month end',
      { code: 'ACE-CPT', earnedOn: '2025-01-15', expiresOn: '2027-01-31' },
      '2025-01-20',
      '2025-01-15',
    ],
    [
      'ACSM card under the pre-2025 rule (31 Dec, three years after the exam year)',
      { code: 'ACSM-CPT', earnedOn: '2022-02-14', expiresOn: '2025-12-31' },
      '2022-06-01',
      '2022-02-14',
    ],
    [
      'ACSM card under the 2025 rule (exam + 3 years − 1 day)',
      { code: 'ACSM-CPT', earnedOn: '2025-05-08', expiresOn: '2028-05-07' },
      '2025-06-01',
      '2025-05-08',
    ],
    [
      'NSCA certified inside the fixed period',
      { code: 'NSCA-CPT', earnedOn: '2024-07-15', expiresOn: '2026-12-31' },
      '2024-08-01',
      '2024-07-15',
    ],
  ])('%s: a course taken soon after the exam counts', (_story, claim, courseDay, start) => {
    const body = claim.code.split('-')[0] as 'NASM' | 'ACE' | 'ACSM' | 'NSCA';
    const result = certification(
      [claim, CARD],
      [course(courseDay, { [body]: 1 }, { category: 'A' })],
      '2025-06-01' < courseDay ? courseDay : '2025-06-02',
    );
    expect(result.cycleStartsOn).toBe(start);
    expect(result.credits.find((line) => line.source === 'activity')?.reason).toBeNull();
  });

  it('a renewal cycle still starts the day after the previous expiry (an old exam date changes nothing)', () => {
    const result = certification(
      [{ code: 'NASM-CPT', earnedOn: '2019-03-10', expiresOn: '2027-03-31' }, CARD],
      [course('2025-03-20', { NASM: 1 })],
      '2026-01-01',
    );
    expect(result.cycleStartsOn).toBe('2025-04-01');
    expect(result.credits[0]).toMatchObject({ counted: 0, reason: 'before-cycle' });
  });

  it('NFPT asks for no CE in the first year, then 2.0 CECs a year', () => {
    const first = certification(
      [{ code: 'NFPT-CPT', earnedOn: '2026-03-01', expiresOn: '2027-03-31' }],
      [],
      '2026-12-04',
    );
    expect(first).toMatchObject({ unitsRequired: 0, requirementsMet: true });
    expect(first.phase.kind).toBe('ready-to-submit');
    const later = certification(
      [{ code: 'NFPT-CPT', earnedOn: '2024-03-01', expiresOn: '2027-03-31' }],
      [],
      '2026-12-04',
    );
    expect(later).toMatchObject({ unitsRequired: 2, requirementsMet: false });
  });
});

describe('nothing is counted twice or beyond a cap', () => {
  it('NSCA: at most 2.0 CEUs from a single event', () => {
    const result = certification(
      [{ code: 'NSCA-CSCS', earnedOn: '2019-01-01', expiresOn: '2026-12-31' }, CARD],
      [course('2025-04-01', { NSCA: 3 }, { category: 'A' })],
      '2026-06-01',
    );
    expect(result.unitsEarned).toBe(2);
    expect(result.credits[0]).toMatchObject({ approved: 3, counted: 2, reason: 'event-cap' });
  });

  it('ISSA: hours done after expiry do not renew it (no late CE); hours done before it, once logged, still renew it late', () => {
    const claims = [{ code: 'ISSA-CPT', expiresOn: '2026-10-31' }, CARD];
    const inside = [course('2025-06-01', { ISSA: 15 })];
    const late = [...inside, course('2026-11-10', { ISSA: 5 }, { title: 'Late hours' })];
    const result = certification(claims, late, '2026-11-20');
    expect(result.requirementsMet).toBe(false);
    expect(result.credits.at(-1)).toMatchObject({ counted: 0, reason: 'after-deadline' });
    expect(result.phase.kind).toBe('expired-ce-short');
    expect(result.recommendations).toEqual([expect.objectContaining({ code: 'LOG-EARLIER-CE', by: '2027-10-31' })]);
    expect(result.phase.summary).toBe(
      'ISSA-CPT expired on 31 Oct 2026 with 15 of 20 CE hours logged, and ISSA counts only CE completed by ' +
        '31 Oct 2026. If you finished the rest by then, log it here and submit your late renewal to ISSA by ' +
        '31 Oct 2027; if not, ask ISSA what it requires before you pay for anything.',
    );
    expect(result.phase.deadlines.map((deadline) => deadline.kind)).toEqual(['expires', 'renew-late']);
    // Logging 5 hours done before the expiry renews it late, with ISSA's late fee.
    const loggedInTime = [...late, course('2026-10-20', { ISSA: 5 }, { title: 'Hours done in time' })];
    const renewed = certification(claims, loggedInTime, '2026-11-20');
    expect(renewed.phase.kind).toBe('renewal-window-late-fee');
  });

  it('ACE: the same course entered through the form (no course code) counts once, by title and provider', () => {
    const claims = [{ code: 'ACE-CPT', earnedOn: '2019-01-01', expiresOn: '2027-06-30' }, CARD];
    const result = certification(
      claims,
      [
        course('2025-09-01', { ACE: 1 }, { title: 'Kettlebell Basics', provider: 'Acme Academy' }),
        course('2026-02-01', { ACE: 1 }, { title: 'kettlebell basics!', provider: 'ACME academy' }),
      ],
      '2026-06-01',
    );
    expect(result.unitsEarned).toBe(1);
    expect(result.credits[1]).toMatchObject({ counted: 0, reason: 'repeat' });
  });

  it('NASM counts a repeated course, but an identical entry (title, date, units) counts once, and the trainer is told', () => {
    const claims = [{ code: 'NASM-CPT', earnedOn: '2019-01-01', expiresOn: '2027-06-30' }, CARD];
    const twice = course('2026-02-01', { NASM: 0.5 });
    const evaluation = evaluate(
      { credentials: claims, activities: [twice, twice, course('2026-03-01', { NASM: 0.5 })] },
      '2026-06-01',
    );
    expect(evaluation.certifications[0]?.unitsEarned).toBe(1.1);
    expect(evaluation.notices).toEqual([expect.stringContaining('entered twice')]);
  });

  it('ACSM: completing CPR/AED earns 5 CECs, once per calendar year, from 2025', () => {
    const claims = [
      { code: 'ACSM-CPT', earnedOn: '2019-05-08', expiresOn: '2028-05-07' },
      { code: 'CPR-AED', earnedOn: '2026-03-01', expiresOn: '2028-03-31' },
    ];
    const result = certification(
      claims,
      [
        course('2026-03-01', {}, { category: 'cpr-aed', title: 'CPR/AED renewal' }),
        course('2025-06-01', {}, { category: 'cpr-aed', title: 'CPR/AED' }),
      ],
      '2026-06-01',
    );
    expect(result.unitsEarned).toBe(10);
    expect(result.credits.filter((line) => line.reason === 'yearly-cap')).toHaveLength(1);
  });
});

describe('input the engine refuses or reads honestly', () => {
  it('NSCA: an expiry that is not a period end names the period end it should be', () => {
    expect(expectedPeriodEnd('NSCA-CSCS', '2026-11-30')).toBe('2026-12-31');
    expect(expectedPeriodEnd('NSCA-CSCS', '2026-12-31')).toBeNull();
    expect(expectedPeriodEnd('NASM-CPT', '2026-11-30')).toBeNull();
  });

  it('NCSF after expiry: "check with NCSF", not "retake the exam"', () => {
    const result = certification([{ code: 'NCSF-CPT', expiresOn: '2026-11-24' }, CARD], [], '2026-12-04');
    expect(result.phase.kind).toBe('unknown-window');
    expect(result.phase.summary).toContain('check with NCSF');
    expect(result.recommendations.map((advice) => advice.code)).toEqual(['CHECK-WITH-BODY']);
  });
});

describe('fees on the timeline, never invented', () => {
  it('NASM in its late-CE window: $30 until day 90, then $50', () => {
    const result = certification([{ code: 'NASM-CPT', expiresOn: '2026-11-30' }, CARD], [], '2026-12-04');
    expect(result.phase.kind).toBe('late-ce-window');
    expect(result.phase.fees.filter((fee) => fee.kind === 'late').map((fee) => fee.label)).toEqual([
      '$30 late fee until 28 Feb 2027',
      '$50 late fee from 1 Mar 2027 to 30 Nov 2027',
    ]);
  });

  it('NASM-CWC: the late fee exists but its amount is not published', () => {
    const result = certification([{ code: 'NASM-CWC', expiresOn: '2026-11-30' }], [], '2026-12-04');
    expect(result.phase.fees.find((fee) => fee.kind === 'late')).toMatchObject({ amountUsd: null });
  });

  it('ACSM reinstatement: $165, and the other page’s $225 is said', () => {
    const result = certification([{ code: 'ACSM-CPT', expiresOn: '2025-12-31' }, CARD], [], '2026-12-04');
    expect(result.phase.kind).toBe('reinstatement');
    expect(result.phase.fees).toEqual([
      expect.objectContaining({ kind: 'reinstatement', amountUsd: 165, label: expect.stringContaining('$225') }),
    ]);
  });

  it('a lapsed-retest certification shows no renewal dates or fees', () => {
    const result = certification([{ code: 'NCCPT-CPT', expiresOn: '2026-06-30' }, CARD], [], '2026-12-04');
    expect(result.phase.kind).toBe('lapsed-retest');
    expect(result.phase.fees).toEqual([]);
    expect(result.phase.deadlines.map((deadline) => deadline.kind)).toEqual(['expires']);
  });
});

describe('advice people can act on', () => {
  it('one of CES or PES in one recommendation, with the course-work alternative', () => {
    const result = certification(
      [{ code: 'NASM-CPT', earnedOn: '2019-01-01', expiresOn: '2027-06-30' }, CARD],
      [],
      '2026-12-04',
    );
    expect(result.recommendations).toHaveLength(1);
    const [advice] = result.recommendations;
    expect(advice?.options?.map((option) => option.code)).toEqual(['NASM-CES', 'NASM-PES']);
    expect(advice?.alternative).toEqual({ code: 'APPROVED-CE', units: 1.9, hours: 19 });
    expect(advice?.why).toBe(
      'complete one of NASM-CES (corrective exercise) or NASM-PES (performance training for athletes), 1.9 CEUs each, by 31 May 2027; or 1.9 CEUs of NASM-approved courses instead (about 19 hours)',
    );
  });

  it('low-confidence and unchecked rules are said to the trainer', () => {
    const afaa = certification(
      [{ code: 'AFAA-CGFI', earnedOn: '2019-01-01', expiresOn: '2027-06-30' }, CARD],
      [],
      '2026-12-04',
    );
    expect(afaa.phase.cautions).toEqual([
      expect.stringContaining('at least 2 of the CEUs come from AFAA or NASM courses'),
    ]);
    const ace = certification(
      [{ code: 'ACE-MES', earnedOn: '2019-01-01', expiresOn: '2027-06-30' }, CARD],
      [],
      '2026-12-04',
    );
    expect(ace.phase.fees.find((fee) => fee.kind === 'renewal')?.label).toContain('check with ACE');
  });
});
