import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activity, addDays, type CredentialClaim, evaluate, type TrainerProfile } from '../../../core/index.js';

const CPT: CredentialClaim = { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' };
const CPR: CredentialClaim = { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' };
const TODAY = '2026-11-21';

function activity(completedOn: string, units: Activity['units'], category = 'general'): Activity {
  return { title: 'Course', completedOn, units, category };
}

function profile(credentials: CredentialClaim[], activities: Activity[] = []): TrainerProfile {
  return { credentials, activities };
}

function only(p: TrainerProfile, asOf = TODAY) {
  const [certification] = evaluate(p, asOf).certifications;
  if (certification === undefined) throw new Error('no certification evaluated');
  return certification;
}

function loadProfile(name: string): TrainerProfile {
  return JSON.parse(readFileSync(new URL(`../../../events/profiles/${name}.json`, import.meta.url), 'utf8'));
}

describe('the CLI contract example (events/profiles/new-cpt.json)', () => {
  it('reproduces the issue output exactly', () => {
    const evaluation = evaluate(loadProfile('new-cpt'), TODAY);
    expect(evaluation.asOf).toBe(TODAY);
    expect(evaluation.certifications).toHaveLength(1);
    expect(evaluation.certifications[0]).toMatchObject({
      code: 'NASM-CPT',
      status: 'active',
      cycleStartsOn: '2025-06-30',
      expiresOn: '2027-06-30',
      unitsRequired: 2,
      unitsEarned: 0.1,
      unitsRemaining: 1.9,
      requirementsMet: false,
      missing: [{ requirement: 'units', units: 1.9 }],
      recommendations: [{ code: 'NASM-CES', units: 1.9 }],
      // graceEndsOn: "up to 1 year" after expiry, by month arithmetic (not 365 days: that gave 2028-06-29).
      deadlines: { finishBy: '2027-05-31', expiresOn: '2027-06-30', lateCeBy: '2027-09-28', graceEndsOn: '2028-06-30' },
      // 0.1 of 2.0 CEUs with 73 % of the cycle gone is behind: the monthly nudge of 31 Oct 2026 is due now.
      reminderPace: 'behind',
      nextReminderOn: TODAY,
    });
    expect(evaluation.nextReminderOn).toBe(TODAY);
  });

  it('prints plain numbers rounded to 2 decimals', () => {
    const json = JSON.stringify(evaluate(loadProfile('new-cpt'), TODAY));
    expect(json).toContain('"unitsRequired":2,');
    expect(json).toContain('"unitsEarned":0.1,');
  });

  it('counts the issue input profile (CES this cycle + kettlebell + CPR) as met and ready', () => {
    const certification = only(loadProfile('seed-story'));
    expect(certification).toMatchObject({
      unitsEarned: 2.5,
      unitsRemaining: 0,
      requirementsMet: true,
      recommendations: [expect.objectContaining({ code: 'SUBMIT-RENEWAL', by: '2027-06-30' })],
    });
    expect(certification.milestones[0]).toMatchObject({ id: 'ready', on: '2026-03-15' });
  });
});

describe("the seed's story, NASM-CPT expiring 30 Jun 2027, today 21 Nov 2026", () => {
  const rows: Array<[string, TrainerProfile, { earned: number; met: boolean; advice: string[] }]> = [
    [
      'new CPT, no card → renew CPR + one specialization',
      profile([CPT]),
      { earned: 0, met: false, advice: ['CPR-AED', 'NASM-CES'] },
    ],
    [
      'new CPT with a current card → one specialization',
      profile([CPT, CPR]),
      { earned: 0.1, met: false, advice: ['NASM-CES'] },
    ],
    [
      'CES this cycle + CPR → renewed',
      profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2026-03-15' }]),
      { earned: 2, met: true, advice: ['SUBMIT-RENEWAL'] },
    ],
    [
      'CES from last cycle does not count → PES advised',
      profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2025-01-10' }]),
      { earned: 0.1, met: false, advice: ['NASM-PES'] },
    ],
    [
      'CES earned the day before the cycle → still last cycle',
      profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2025-06-29' }]),
      { earned: 0.1, met: false, advice: ['NASM-PES'] },
    ],
    [
      'CES earned on the cycle start → counts',
      profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2025-06-30' }]),
      { earned: 2, met: true, advice: ['SUBMIT-RENEWAL'] },
    ],
    [
      'both specializations held → generic approved CE',
      profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2024-01-10' }, { code: 'NASM-PES', earnedOn: '2025-01-10' }]),
      { earned: 0.1, met: false, advice: ['APPROVED-CE'] },
    ],
    [
      'CES this cycle, no card → only the card, never a second specialization',
      profile([CPT, { code: 'NASM-CES', earnedOn: '2026-01-10' }]),
      { earned: 1.9, met: false, advice: ['CPR-AED'] },
    ],
    [
      'small gap → approved CE, not a 1.9 specialization',
      profile([CPT, CPR], [activity('2026-02-01', { NASM: 1.5 })]),
      { earned: 1.6, met: false, advice: ['APPROVED-CE'] },
    ],
    [
      '0.5 + 0.7 + 0.7 + CPR 0.1 = exactly 2.0',
      profile(
        [CPT, CPR],
        [
          activity('2025-09-01', { NASM: 0.5 }),
          activity('2026-01-01', { NASM: 0.7 }),
          activity('2026-05-01', { NASM: 0.7 }),
        ],
      ),
      { earned: 2, met: true, advice: ['SUBMIT-RENEWAL'] },
    ],
    [
      'credits approved only by another body do not count',
      profile([CPT, CPR], [activity('2026-02-01', { ACE: 1.9 })]),
      { earned: 0.1, met: false, advice: ['NASM-CES'] },
    ],
  ];

  it.each(rows)('%s', (_story, p, expected) => {
    const certification = only(p);
    expect(certification.unitsEarned).toBe(expected.earned);
    expect(certification.requirementsMet).toBe(expected.met);
    expect(certification.recommendations.map((advice) => advice.code)).toEqual(expected.advice);
  });

  it('names the specialization already held when advising the other one', () => {
    const certification = only(profile([CPT, CPR, { code: 'NASM-CES', earnedOn: '2025-01-10' }]));
    expect(certification.recommendations[0]?.why).toContain('you already hold NASM-CES');
  });

  it('advises the exact units of approved CE still needed', () => {
    const certification = only(profile([CPT, CPR], [activity('2026-02-01', { NASM: 1.5 })]));
    expect(certification.recommendations).toEqual([
      { code: 'APPROVED-CE', units: 0.4, why: expect.stringContaining('0.4 CEUs'), by: '2027-05-31' },
    ]);
  });
});

describe('CPR/AED card versus the renewal date', () => {
  it.each([
    [
      'expires 5 months before renewal',
      '2027-01-31',
      'your CPR/AED card expires on 31 Jan 2027, 5 months before NASM-CPT expires on 30 Jun 2027',
    ],
    ['expired already', '2026-10-31', 'your CPR/AED card expired on 31 Oct 2026'],
    [
      'expires the day before renewal',
      '2027-06-29',
      'your CPR/AED card expires on 29 Jun 2027, 1 day before NASM-CPT expires on 30 Jun 2027',
    ],
  ])('%s → renew the card first, and the 0.1 slot is open', (_story, cardExpiry, message) => {
    const certification = only(profile([CPT, { code: 'CPR-AED', expiresOn: cardExpiry }]));
    expect(certification.unitsEarned).toBe(0);
    expect(certification.recommendations[0]).toEqual({
      code: 'CPR-AED',
      units: 0.1,
      why: expect.stringContaining(message),
      // NASM's card carries 0.1 CEU, so it is due with the CE (31 May 2027), and a valid card before it runs out.
      by: cardExpiry > TODAY && cardExpiry < '2027-05-31' ? cardExpiry : '2027-05-31',
    });
    expect(certification.missing.map((item) => item.requirement)).toContain('cpr-aed');
  });

  it('accepts a card valid through the renewal date', () => {
    expect(only(profile([CPT, { code: 'CPR-AED', expiresOn: '2027-06-30' }])).unitsEarned).toBe(0.1);
  });

  it('lists the card with the certifications that need it and its own reminders', () => {
    const [card] = evaluate(profile([CPT, { code: 'NASM-CSNC', expiresOn: '2027-06-30' }, CPR]), TODAY).prerequisites;
    expect(card).toMatchObject({
      code: 'CPR-AED',
      status: 'current',
      expiresOn: '2028-01-31',
      requiredBy: ['NASM-CPT'],
    });
    expect(card?.milestones.map((m) => [m.id, m.on, m.daysLeft])).toEqual([
      ['cpr-60', '2027-12-02', 60],
      ['cpr-30', '2028-01-01', 30],
      ['cpr-7', '2028-01-24', 7],
      ['cpr-expired', '2028-02-01', -1],
    ]);
  });
});

describe('grace and lapse', () => {
  const unmet = profile([CPT, CPR]);
  const metLate = profile([CPT, CPR], [activity('2027-09-01', { NASM: 1.9 })]);
  it.each([
    ['NASM active on the expiry day', unmet, '2027-06-30', 'active'],
    ['NASM unmet, 1 day after expiry → grace (CE allowed 90 days)', unmet, '2027-07-01', 'grace'],
    ['NASM unmet, day 90 → grace', unmet, '2027-09-28', 'grace'],
    // Day 91 on: CE done now no longer counts, but CE done in time and not logged still renews it late.
    ['NASM unmet, day 91 → grace (the late renewal is open for CE done in time)', unmet, '2027-09-29', 'grace'],
    ['NASM unmet, the day after the 1-year anniversary → lapsed', unmet, '2028-07-01', 'lapsed'],
    ['NASM CE done within 90 days, day 200 → grace (application up to 365 days)', metLate, '2028-01-16', 'grace'],
    ['NASM CE done within 90 days, on the 1-year anniversary → grace', metLate, '2028-06-30', 'grace'],
    ['NASM CE done within 90 days, the day after the 1-year anniversary → lapsed', metLate, '2028-07-01', 'lapsed'],
    [
      'ACE unmet, 6 months after expiry → grace',
      profile([{ code: 'ACE-CPT', expiresOn: '2026-06-01' }, CPR]),
      '2026-12-01',
      'grace',
    ],
    [
      'ACE unmet, 6 months and a day → lapsed',
      profile([{ code: 'ACE-CPT', expiresOn: '2026-06-01' }, CPR]),
      '2026-12-02',
      'lapsed',
    ],
    [
      'ACSM unmet, 6 months after expiry → grace',
      profile([{ code: 'ACSM-CPT', expiresOn: '2026-05-07' }, CPR]),
      '2026-11-07',
      'grace',
    ],
    [
      'ACSM unmet, 6 months and a day → lapsed',
      profile([{ code: 'ACSM-CPT', expiresOn: '2026-05-07' }, CPR]),
      '2026-11-08',
      'lapsed',
    ],
    [
      'ISSA unmet, day 1 → grace: hours done after expiry do not count, hours done before it still renew it late',
      profile([{ code: 'ISSA-CPT', expiresOn: '2026-01-15' }, CPR]),
      '2026-01-16',
      'grace',
    ],
    [
      'ISSA unmet, past its 12 months of late renewal → lapsed',
      profile([{ code: 'ISSA-CPT', expiresOn: '2026-01-15' }, CPR]),
      '2027-01-16',
      'lapsed',
    ],
    [
      'NCCPT unmet, day 30 → grace',
      profile([{ code: 'NCCPT-CPT', expiresOn: '2026-11-01' }, CPR]),
      '2026-12-01',
      'grace',
    ],
    [
      'NCCPT unmet, day 31 → lapsed',
      profile([{ code: 'NCCPT-CPT', expiresOn: '2026-11-01' }, CPR]),
      '2026-12-02',
      'lapsed',
    ],
    [
      'NCSF publishes no grace window: day 1 → expired, renewable status unknown (not lapsed)',
      profile([{ code: 'NCSF-CPT', expiresOn: '2026-11-01' }, CPR]),
      '2026-11-02',
      'grace',
    ],
    [
      'NSCA unmet on 1 Jan 2027 → grace: the late reporting month is open for CE done by 31 Dec',
      profile([{ code: 'NSCA-CSCS', expiresOn: '2026-12-31' }, CPR]),
      '2027-01-01',
      'grace',
    ],
  ])('%s', (_story, p, asOf, status) => {
    expect(only(p, asOf).status).toBe(status);
  });

  it('gives NASM its late windows and fee tiers', () => {
    expect(only(unmet, '2027-07-15').deadlines).toEqual({
      finishBy: '2027-05-31',
      expiresOn: '2027-06-30',
      graceEndsOn: '2028-06-30',
      lateCeBy: '2027-09-28',
      lateFees: [
        { fromDay: 1, toDay: 90, feeUsd: 30 },
        { fromDay: 91, toDay: 365, feeUsd: 50 },
      ],
    });
  });

  it('advises finishing CE by the late-CE deadline during grace', () => {
    const certification = only(unmet, '2027-07-15');
    expect(certification.recommendations[0]).toMatchObject({
      code: 'NASM-CES',
      why: expect.stringContaining('28 Sep 2027'),
    });
  });

  it('advises re-examination once lapsed, and reinstatement where the body offers it', () => {
    expect(only(unmet, '2028-07-01').recommendations.map((r) => r.code)).toEqual(['RETAKE-EXAM']);
    // Between the end of NASM's 90 late-CE days and the end of its year of late renewal: log CE done in time.
    const shortOfCe = only(unmet, '2027-10-01');
    expect(shortOfCe.recommendations.map((r) => r.code)).toEqual(['LOG-EARLIER-CE']);
    expect(shortOfCe.phase.summary).toContain('NASM counts only CE completed by 28 Sep 2027');
    expect(shortOfCe.phase.summary).toContain('submit your late renewal to NASM by 30 Jun 2028');
    const acsm = only(profile([{ code: 'ACSM-CPT', expiresOn: '2026-05-07' }, CPR]), '2026-12-01');
    expect(acsm.recommendations.map((r) => r.code)).toEqual(['REINSTATE']);
    // Reinstatement for 3 years, by month arithmetic.
    expect(acsm.deadlines.reinstateBy).toBe('2029-05-07');
  });
});

describe('every body in the catalog', () => {
  it('ACE needs 0.1 CEC of ethics for renewals from 2023-09-13, not before', () => {
    const withoutEthics = [activity('2025-06-01', { ACE: 2 })];
    const current = only(profile([{ code: 'ACE-CPT', expiresOn: '2027-03-01' }, CPR], withoutEthics));
    expect(current.requirementsMet).toBe(false);
    expect(current.unitsRemaining).toBe(0);
    expect(current.recommendations).toEqual([
      { code: 'ETHICS-CE', units: 0.1, why: expect.any(String), by: expect.any(String) },
    ]);
    const old = only(
      profile(
        [
          { code: 'ACE-CPT', expiresOn: '2023-06-01' },
          { code: 'CPR-AED', expiresOn: '2024-01-31' },
        ],
        [activity('2022-06-01', { ACE: 2 })],
      ),
      '2023-01-10',
    );
    expect(old.requirementsMet).toBe(true);
  });

  it('ACE counts the ethics hour toward the 2.0 and refuses a repeated course', () => {
    const p = profile(
      [{ code: 'ACE-GFI', expiresOn: '2027-03-01' }, CPR],
      [
        { title: 'Ethics', completedOn: '2025-04-01', units: { ACE: 0.1 }, category: 'ethics' },
        { title: 'Cueing', completedOn: '2025-05-01', units: { ACE: 0.9 }, courseCode: 'CEP-1' },
        { title: 'Cueing again', completedOn: '2026-05-01', units: { ACE: 0.9 }, courseCode: 'CEP-1' },
      ],
    );
    const certification = only(p);
    expect(certification.unitsEarned).toBe(1);
    expect(certification.recommendations).toEqual([
      { code: 'APPROVED-CE', units: 1, why: expect.any(String), by: expect.any(String) },
    ]);
  });

  it('ACE-HC renews on the same 2.0 CEC rule', () => {
    expect(only(profile([{ code: 'ACE-HC', expiresOn: '2027-03-01' }, CPR])).unitsRequired).toBe(2);
  });

  it.each([
    ['ACSM-CPT', 45, '2025-05-08'],
    ['ACSM-EP', 60, '2025-05-08'],
  ])('%s needs %i CECs over 36 months (expiry = pass date + 3 y − 1 d)', (code, units, start) => {
    const certification = only(
      profile([{ code, earnedOn: '2025-05-08', expiresOn: '2028-05-07' }, CPR], [activity('2026-01-01', { ACSM: 20 })]),
    );
    // 20 CECs of courses + 5 for the CPR/AED card earned in 2026 (ACSM credits CPR from 2025-01-01).
    expect(certification).toMatchObject({
      unitsRequired: units,
      unitsEarned: 25,
      unitsRemaining: units - 25,
      cycleStartsOn: start,
    });
  });

  it.each([
    ['certified before 2024', '2020-05-01', 6, '2024-01-01'],
    ['certified during 2024', '2024-07-15', 4, '2024-07-15'],
    ['certified during 2025', '2025-03-01', 2, '2025-03-01'],
    ['certified Jan–Jun 2026', '2026-06-30', 1, '2026-06-30'],
    ['certified Jul–Dec 2026', '2026-07-01', 0, '2026-07-01'],
  ])('NSCA prorates by certification date: %s → %d CEUs', (_story, earnedOn, units, start) => {
    const certification = only(profile([{ code: 'NSCA-CSCS', earnedOn, expiresOn: '2026-12-31' }, CPR]));
    expect(certification.unitsRequired).toBe(units);
    expect(certification.cycleStartsOn).toBe(start);
    expect(certification.requirementsMet).toBe(units === 0);
  });

  it('NSCA caps each category and needs at least two categories', () => {
    const nsca = (activities: Activity[]) =>
      only(profile([{ code: 'NSCA-CPT', earnedOn: '2019-01-01', expiresOn: '2026-12-31' }, CPR], activities));
    const oneCategory = nsca([
      activity('2024-05-01', { NSCA: 2 }, 'A'),
      activity('2024-09-01', { NSCA: 2 }, 'A'),
      activity('2025-02-01', { NSCA: 2 }, 'A'),
    ]);
    expect(oneCategory).toMatchObject({ unitsEarned: 5.5, unitsRemaining: 0.5, requirementsMet: false });
    expect(oneCategory.missing.map((m) => m.requirement)).toEqual(['units', 'categories']);
    expect(oneCategory.recommendations).toEqual([
      { code: 'CE-CATEGORY-C', units: 0.5, why: expect.any(String), by: expect.any(String) },
    ]);
    const twoCategories = nsca([
      activity('2024-05-01', { NSCA: 2 }, 'A'),
      activity('2024-06-01', { NSCA: 2 }, 'A'),
      activity('2024-07-01', { NSCA: 1.5 }, 'A'),
      activity('2025-05-01', { NSCA: 0.5 }, 'C'),
    ]);
    expect(twoCategories.requirementsMet).toBe(true);
    const beforePeriod = nsca([activity('2023-12-31', { NSCA: 2 }, 'A'), activity('2025-05-01', { NSCA: 2 }, 'B')]);
    expect(beforePeriod.unitsEarned).toBe(2);
  });

  it('NSCA ends every cycle on 31 Dec 2026 whatever the anniversary', () => {
    const certification = only(profile([{ code: 'NSCA-CSCS', earnedOn: '2025-03-01', expiresOn: '2026-12-31' }, CPR]));
    expect(certification.deadlines).toMatchObject({ expiresOn: '2026-12-31', finishBy: '2026-12-01' });
  });

  it('ISSA needs 20 CE hours', () => {
    const certification = only(
      profile([{ code: 'ISSA-CPT', expiresOn: '2027-03-01' }, CPR], [activity('2026-01-01', { ISSA: 12.5 })]),
    );
    expect(certification).toMatchObject({ unit: 'CE hour', unitsRequired: 20, unitsRemaining: 7.5 });
    expect(certification.deadlines.lateFees).toEqual([
      { fromDay: 91, toDay: 182, feeUsd: 40 },
      { fromDay: 183, toDay: 365, feeUsd: 50 },
    ]);
  });

  it('NCSF needs 10 CEUs including 1 ethics and the 2-CEU CPR', () => {
    const ncsf = (credentials: CredentialClaim[], activities: Activity[]) =>
      only(profile([{ code: 'NCSF-CPT', expiresOn: '2027-03-01' }, ...credentials], activities));
    const general = [activity('2026-01-01', { NCSF: 7 })];
    const noEthics = ncsf([CPR], general);
    expect(noEthics).toMatchObject({ unitsEarned: 9, unitsRemaining: 1 });
    expect(noEthics.recommendations).toEqual([
      { code: 'ETHICS-CE', units: 1, why: expect.any(String), by: expect.any(String) },
    ]);
    const noCard = ncsf([], [...general, activity('2026-02-01', { NCSF: 1 }, 'ethics')]);
    expect(noCard.recommendations).toEqual([
      { code: 'CPR-AED', units: 2, why: expect.any(String), by: expect.any(String) },
    ]);
    expect(ncsf([CPR], [...general, activity('2026-02-01', { NCSF: 1 }, 'ethics')]).requirementsMet).toBe(true);
  });

  it.each([
    ['NASM-CNC', 1.9],
    ['NASM-CSNC', 1.9],
    ['NASM-CWC', 1.9],
    ['NCCPT-CPT', 2],
  ])('%s needs %d units and a specialization does not count toward it', (code, units) => {
    const certification = only(
      profile([{ code, expiresOn: '2027-03-01' }, CPR, { code: 'NASM-CES', earnedOn: '2026-01-01' }]),
    );
    expect(certification.unitsRequired).toBe(units);
    expect(certification.unitsEarned).toBe(0);
    expect(certification.recommendations.map((r) => r.code)).toEqual(['APPROVED-CE']);
  });

  it('NASM coaching certifications do not need a CPR/AED card', () => {
    expect(
      only(profile([{ code: 'NASM-CWC', expiresOn: '2027-03-01' }], [activity('2026-01-01', { NASM: 1.9 })]))
        .requirementsMet,
    ).toBe(true);
  });

  it('anchors anniversary cycles on month ends and leap days (a renewal starts the day after the old expiry)', () => {
    expect(only(profile([{ code: 'NASM-CPT', expiresOn: '2026-02-28' }, CPR]), '2025-01-01').cycleStartsOn).toBe(
      '2024-02-29',
    );
    expect(only(profile([{ code: 'NASM-CPT', expiresOn: '2028-02-29' }, CPR]), '2027-01-01').cycleStartsOn).toBe(
      '2026-03-01',
    );
  });
});

describe('properties', () => {
  const dayArb = fc.integer({ min: 0, max: 720 });
  const base = '2025-07-01';
  const activityArb = fc.record({
    title: fc.constant('Course'),
    completedOn: dayArb.map((days) => addDays(base, days - 30)),
    units: fc.record({ NASM: fc.integer({ min: 0, max: 200 }).map((h) => h / 100) }, { requiredKeys: [] }),
    category: fc.constantFrom('general', 'ethics'),
  });
  const profileArb = fc.record({
    code: fc.constantFrom('NASM-CPT', 'NASM-CWC', 'ACE-CPT', 'NCSF-CPT', 'NSCA-CSCS', 'ISSA-CPT'),
    hasCard: fc.boolean(),
    ces: fc.option(dayArb, { nil: undefined }),
    activities: fc.array(activityArb, { maxLength: 6 }),
  });
  function build(input: {
    code: string;
    hasCard: boolean;
    ces: number | undefined;
    activities: Activity[];
  }): TrainerProfile {
    const credentials: CredentialClaim[] = [
      { code: input.code, earnedOn: '2025-06-30', expiresOn: input.code === 'NSCA-CSCS' ? '2026-12-31' : '2027-06-30' },
    ];
    if (input.hasCard) credentials.push({ code: 'CPR-AED', expiresOn: '2028-01-31' });
    if (input.ces !== undefined) credentials.push({ code: 'NASM-CES', earnedOn: addDays(base, input.ces - 60) });
    // Give each body the same approved value so every certification sees the credits.
    const activities = input.activities.map((a) => {
      const value = a.units.NASM ?? 0;
      return { ...a, units: { NASM: value, ACE: value, NCSF: value, NSCA: value, ISSA: value } };
    });
    return { credentials, activities };
  }
  const asOfArb = dayArb.map((days) => addDays(base, days - 60));

  it('adding a credit never increases unitsRemaining, and unitsRemaining ≥ 0', () => {
    fc.assert(
      fc.property(profileArb, activityArb, asOfArb, (input, extra, asOf) => {
        const p = build(input);
        const before = only(p, asOf);
        // Another course (an earlier completion of the same course would be ACE's "repeat", counted instead).
        const withExtra = build({ ...input, activities: [...input.activities, { ...extra, title: 'Another course' }] });
        const after = only(withExtra, asOf);
        expect(before.unitsRemaining).toBeGreaterThanOrEqual(0);
        expect(after.unitsRemaining).toBeLessThanOrEqual(before.unitsRemaining);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(profileArb, asOfArb, (input, asOf) => {
        const p = build(input);
        expect(evaluate(p, asOf)).toEqual(evaluate(structuredClone(p), asOf));
      }),
    );
  });
});
