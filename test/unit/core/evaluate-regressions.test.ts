/**
 * Situations a trainer would recognise where the engine once answered wrong (credits dated ahead, a CPR course
 * logged on top of the card, cycle edges, grace windows in months, repeated open items, an unneeded card).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Activity, type CredentialClaim, evaluate, type TrainerProfile } from '../../../core/index.js';

const TODAY = '2026-11-21';
const CPT: CredentialClaim = { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' };
const CARD: CredentialClaim = { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' };

function activity(completedOn: string, units: Activity['units'], category = 'general'): Activity {
  return { title: 'Course', completedOn, units, category };
}

function first(credentials: CredentialClaim[], activities: Activity[] = [], asOf = TODAY) {
  const [certification] = evaluate({ credentials, activities }, asOf).certifications;
  if (certification === undefined) throw new Error('no certification evaluated');
  return certification;
}

function loadProfile(name: string): TrainerProfile {
  return JSON.parse(readFileSync(new URL(`../../../events/profiles/${name}.json`, import.meta.url), 'utf8'));
}

describe('credits dated after today are not earned yet', () => {
  it.each<[string, CredentialClaim[], Activity[]]>([
    ['a workshop booked for March 2027', [CPT, CARD], [activity('2027-03-01', { NASM: 1.9 })]],
    ['NASM-CES with an exam date in March 2027', [CPT, CARD, { code: 'NASM-CES', earnedOn: '2027-03-01' }], []],
  ])('%s: still 0.1 of 2.0, countdown reminders continue', (_story, credentials, activities) => {
    const certification = first(credentials, activities);
    expect(certification).toMatchObject({ unitsEarned: 0.1, unitsRemaining: 1.9, requirementsMet: false });
    expect(certification.milestones.map((m) => m.kind)).not.toContain('ready');
    // Behind on what is earned today: the monthly nudge of 31 Oct 2026 is the latest passed, so one is due now.
    expect(certification.reminderPace).toBe('behind');
    expect(certification.nextReminderOn).toBe(TODAY);
  });

  it('the same workshop counts once its day has come', () => {
    const certification = first([CPT, CARD], [activity('2027-03-01', { NASM: 1.9 })], '2027-03-01');
    expect(certification.requirementsMet).toBe(true);
    expect(certification.milestones[0]).toMatchObject({ kind: 'ready', on: '2027-03-01' });
  });

  it('a CPR/AED class booked for next month is not a card held today', () => {
    const booked: CredentialClaim = { code: 'CPR-AED', earnedOn: '2026-12-15', expiresOn: '2028-12-31' };
    const certification = first([CPT, booked, { code: 'NASM-CES', earnedOn: '2026-03-15' }]);
    expect(certification).toMatchObject({ unitsEarned: 1.9, requirementsMet: false });
    expect(certification.recommendations.map((r) => r.code)).toEqual(['CPR-AED']);
  });
});

describe('a CPR/AED course logged as an activity is not counted on top of the card', () => {
  it('NCSF: card 2 + ethics 1 + general 5 = 8 of 10, even with a 2-CEU CPR course logged', () => {
    const certification = first(
      [{ code: 'NCSF-CPT', expiresOn: '2027-03-01' }, CARD],
      [
        activity('2026-01-10', { NCSF: 2 }, 'cpr-aed'),
        activity('2026-02-01', { NCSF: 1 }, 'ethics'),
        activity('2026-03-01', { NCSF: 5 }),
      ],
    );
    expect(certification).toMatchObject({ unitsEarned: 8, unitsRemaining: 2, requirementsMet: false });
  });

  it('NASM-CPT: the 0.1 slot is the card, a logged CPR course adds nothing', () => {
    const certification = first([CPT, CARD], [activity('2026-01-10', { NASM: 0.1 }, 'cpr-aed')]);
    expect(certification).toMatchObject({ unitsEarned: 0.1, unitsRemaining: 1.9 });
  });

  it('NASM-CPT without a card: a logged CPR course does not fill the slot either', () => {
    const certification = first(
      [CPT, { code: 'NASM-CES', earnedOn: '2026-03-15' }],
      [activity('2026-01-10', { NASM: 0.1 }, 'cpr-aed')],
    );
    expect(certification).toMatchObject({ unitsEarned: 1.9, requirementsMet: false });
    expect(certification.recommendations.map((r) => r.code)).toEqual(['CPR-AED']);
  });

  it('ACE (CPR earns no credit): a logged CPR course is not CE', () => {
    const certification = first(
      [{ code: 'ACE-CPT', expiresOn: '2027-03-01' }, CARD],
      [activity('2026-01-10', { ACE: 0.4 }, 'cpr-aed'), activity('2026-02-01', { ACE: 0.1 }, 'ethics')],
    );
    expect(certification.unitsEarned).toBe(0.1);
  });
});

describe('cycle boundaries', () => {
  it.each([
    [
      'ACSM-CPT expiring 28 Feb 2027 (passed 1 Mar 2024) → 1 Mar 2024, not 29 Feb',
      'ACSM-CPT',
      undefined,
      '2027-02-28',
      '2024-03-01',
    ],
    ['ACSM-CPT expiring 7 May 2028 → 8 May 2025', 'ACSM-CPT', '2025-05-08', '2028-05-07', '2025-05-08'],
    ['ACSM-EP expiring 31 Dec 2026 → 1 Jan 2024', 'ACSM-EP', undefined, '2026-12-31', '2024-01-01'],
    ['new NASM-CPT passed 30 Jun 2025 → starts on the exam day', 'NASM-CPT', '2025-06-30', '2027-06-30', '2025-06-30'],
    [
      'renewed NASM-CPT expiring 30 Jun 2027 → 1 Jul 2025, the day after the old expiry',
      'NASM-CPT',
      '2021-06-30',
      '2027-06-30',
      '2025-07-01',
    ],
    [
      'NASM-CPT with no exam date on file → treated as a renewal, 1 Jul 2025',
      'NASM-CPT',
      undefined,
      '2027-06-30',
      '2025-07-01',
    ],
    ['renewed ACE-CPT expiring 1 Mar 2027 → 2 Mar 2025', 'ACE-CPT', '2019-03-01', '2027-03-01', '2025-03-02'],
    ['renewed ISSA-CPT expiring 15 Jan 2028 → 16 Jan 2026', 'ISSA-CPT', '2020-01-15', '2028-01-15', '2026-01-16'],
    ['renewed NCSF-CPT expiring 30 Sep 2026 → 1 Oct 2024', 'NCSF-CPT', '2022-09-30', '2026-09-30', '2024-10-01'],
    ['renewed NCCPT-CPT expiring 1 Nov 2026 → 2 Nov 2024', 'NCCPT-CPT', '2022-11-01', '2026-11-01', '2024-11-02'],
  ])('%s', (_story, code, earnedOn, expiresOn, start) => {
    const claim: CredentialClaim = earnedOn === undefined ? { code, expiresOn } : { code, earnedOn, expiresOn };
    expect(first([claim, CARD], [], '2026-06-01').cycleStartsOn).toBe(start);
  });

  it('a course on the previous expiry day counts in the old cycle, not in the renewed one', () => {
    const renewed: CredentialClaim = { code: 'NASM-CPT', earnedOn: '2021-06-30', expiresOn: '2027-06-30' };
    const onOldExpiry = activity('2025-06-30', { NASM: 1.9 });
    expect(first([renewed, CARD], [onOldExpiry]).unitsEarned).toBe(0.1);
    const previous: CredentialClaim = { code: 'NASM-CPT', earnedOn: '2021-06-30', expiresOn: '2025-06-30' };
    const oldCard: CredentialClaim = { code: 'CPR-AED', earnedOn: '2024-02-01', expiresOn: '2026-02-28' };
    expect(first([previous, oldCard], [onOldExpiry], '2025-06-30').unitsEarned).toBe(2);
  });
});

describe('grace windows the sources give in months or years', () => {
  it.each([
    ['NASM-CPT expiring 30 Jun 2027: application up to 1 year → 30 Jun 2028', 'NASM-CPT', '2027-06-30', '2028-06-30'],
    ['NASM-CPT expiring 29 Feb 2028 → 28 Feb 2029', 'NASM-CPT', '2028-02-29', '2029-02-28'],
    ['ACSM-CPT expiring 31 Dec 2026: 6 months → 30 Jun 2027', 'ACSM-CPT', '2026-12-31', '2027-06-30'],
    ['ACE-CPT expiring 31 Aug 2026: 6 months → 28 Feb 2027', 'ACE-CPT', '2026-08-31', '2027-02-28'],
    ['ISSA-CPT expiring 15 Jan 2026: 12 months → 15 Jan 2027', 'ISSA-CPT', '2026-01-15', '2027-01-15'],
    [
      'NCCPT-CPT expiring 1 Nov 2026: 30 days, as the source says → 1 Dec 2026',
      'NCCPT-CPT',
      '2026-11-01',
      '2026-12-01',
    ],
  ])('%s', (_story, code, expiresOn, graceEndsOn) => {
    expect(first([{ code, expiresOn }, CARD], [], '2026-01-01').deadlines.graceEndsOn).toBe(graceEndsOn);
  });

  it('NASM keeps its 90-day late-CE window in days', () => {
    expect(first([CPT, CARD]).deadlines).toMatchObject({ lateCeBy: '2027-09-28', graceEndsOn: '2028-06-30' });
  });

  it('ACSM renewable on 30 Jun after a 31 Dec expiry, lapsed on 1 Jul', () => {
    const acsm: CredentialClaim = { code: 'ACSM-CPT', expiresOn: '2026-12-31' };
    expect(first([acsm, CARD], [], '2027-06-30').status).toBe('grace');
    expect(first([acsm, CARD], [], '2027-07-01').status).toBe('lapsed');
  });

  it('NASM: CE done within 90 days, still renewable on the anniversary a year later', () => {
    const metLate = [activity('2027-09-01', { NASM: 1.9 })];
    expect(first([CPT, CARD], metLate, '2028-06-30').status).toBe('grace');
    expect(first([CPT, CARD], metLate, '2028-07-01').status).toBe('lapsed');
  });
});

describe('missing lists each open item once', () => {
  it('CES this cycle + a card that lapses before renewal: only the CPR item, no 0.1 units item', () => {
    const certification = evaluate(loadProfile('cpr-before-renewal'), TODAY).certifications[0];
    expect(certification?.unitsRemaining).toBe(0.1);
    expect(certification?.missing.map((m) => [m.requirement, m.units])).toEqual([['cpr-aed', 0.1]]);
  });

  it('NCSF with no card and no ethics: units item excludes the 2 CPR and 1 ethics CEUs', () => {
    const certification = first([{ code: 'NCSF-CPT', expiresOn: '2027-03-01' }], [activity('2026-03-01', { NCSF: 5 })]);
    expect(certification.missing.map((m) => [m.requirement, m.units])).toEqual([
      ['units', 2],
      ['cpr-aed', 2],
      ['ethics', 1],
    ]);
  });

  it('new CPT with a card: the 1.9 units item stays (contract example)', () => {
    expect(evaluate(loadProfile('new-cpt'), TODAY).certifications[0]?.missing).toEqual([
      { requirement: 'units', units: 1.9, detail: expect.any(String) },
    ]);
  });
});

describe('a CPR/AED card no held certification needs', () => {
  it('NASM-CSNC only + a card that expired in 2020: no card reminders', () => {
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CSNC', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', expiresOn: '2020-07-10' },
        ],
        activities: [],
      },
      TODAY,
    );
    expect(evaluation.prerequisites).toEqual([
      expect.objectContaining({ code: 'CPR-AED', requiredBy: [], milestones: [], nextReminderOn: null }),
    ]);
    expect(evaluation.nextReminderOn).toBe(evaluation.certifications[0]?.nextReminderOn);
    expect(evaluation.nextReminderOn).toBe(TODAY);
  });
});

describe('units past the requirement are never said as "2.4 of 2.0"', () => {
  it('NASM-CPT past its finish-CE date with 2.4 CEUs and a card that expired: all units in, the card still open', () => {
    const expiredCard: CredentialClaim = { code: 'CPR-AED', earnedOn: '2025-03-01', expiresOn: '2027-03-01' };
    const courses = [activity('2026-02-01', { NASM: 1 }), activity('2026-06-01', { NASM: 1.4 })];
    const certification = first([CPT, expiredCard], courses, '2027-06-10');

    expect(certification.phase.kind).toBe('behind');
    expect(certification.unitsEarned).toBe(2.4);
    expect(certification.phase.summary).toBe(
      'NASM-CPT expires on 30 Jun 2027 and is not ready to renew: you have all 2.0 CEUs, but what is below is still open. Do it now, or NASM may not process your renewal before expiry.',
    );
    expect(certification.recommendations.map((advice) => advice.code)).toEqual(['CPR-AED']);
  });
});
