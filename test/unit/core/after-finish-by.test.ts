/**
 * A trainer whose requirements are still unmet once the finish-CE date (finishBy) is today or past: they keep
 * hearing until expiry, and the advice never names a date that is today or gone.
 */
import { describe, expect, it } from 'vitest';
import { addDays, dueReminders, evaluate, type TrainerProfile } from '../../../core/index.js';

/** NSCA-CSCS, 4.5 of 6.0 CEUs: finish CE by 1 Dec 2026, expires 31 Dec 2026. */
const BEHIND_CSCS: TrainerProfile = {
  credentials: [{ code: 'NSCA-CSCS', earnedOn: '2015-01-01', expiresOn: '2026-12-31' }],
  activities: [
    { title: 'Strength seminar', completedOn: '2024-03-01', units: { NSCA: 1.5 } },
    { title: 'Speed clinic', completedOn: '2025-03-01', units: { NSCA: 1.5 } },
    { title: 'Nutrition course', completedOn: '2025-09-01', units: { NSCA: 1.5 } },
  ],
};

/** The daily run from `from` to `to`, as sent: day → milestone id. */
function sendsBetween(profile: TrainerProfile, from: string, to: string): Map<string, string> {
  const sent = new Set<string>();
  const sends = new Map<string, string>();
  for (let day = from; day <= to; day = addDays(day, 1)) {
    for (const reminder of dueReminders(evaluate(profile, day), day, sent)) {
      sent.add(reminder.key);
      sends.set(day, reminder.milestone.id);
    }
  }
  return sends;
}

describe('reminders after finishBy while requirements are unmet', () => {
  it('NSCA-CSCS behind: reminded 14 days and 1 day before the 31 Dec expiry, not silent from 30 Nov to the lapse', () => {
    const sends = sendsBetween(BEHIND_CSCS, '2026-11-25', '2026-12-31');
    expect([...sends]).toEqual([
      ['2026-11-25', 'countdown-7'],
      ['2026-11-30', 'countdown-1'],
      ['2026-12-17', 'expiry-14'],
      ['2026-12-30', 'expiry-1'],
    ]);
  });

  it('a record saved on 20 Dec is reminded that day, and the index points there', () => {
    const [certification] = evaluate(BEHIND_CSCS, '2026-12-20').certifications;
    expect(certification?.nextReminderOn).toBe('2026-12-20');
    expect(
      dueReminders(evaluate(BEHIND_CSCS, '2026-12-20'), '2026-12-20', new Set()).map((r) => r.milestone.id),
    ).toEqual(['expiry-14']);
  });
});

/** NASM-CPT, nothing logged, a CPR/AED card that ran out on 31 Jan 2027: finish CE by 1 Mar, expires 31 Mar 2027. */
const LATE_CPT: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-03-31', expiresOn: '2027-03-31' },
    { code: 'CPR-AED', earnedOn: '2024-01-01', expiresOn: '2027-01-31' },
  ],
  activities: [],
};

function adviceOn(asOf: string) {
  const certification = evaluate(LATE_CPT, asOf).certifications[0];
  if (certification === undefined) throw new Error('no certification');
  return certification;
}

describe('advice once finishBy is today or past', () => {
  it.each(['2027-03-01', '2027-03-10'])(
    'on %s: CE by the last day NASM still counts it (29 Jun 2027), saying it is late and costs a fee',
    (asOf) => {
      const certification = adviceOn(asOf);
      const units = certification.recommendations.find((rec) => rec.code !== 'CPR-AED')!;
      expect(units.by).toBe('2027-06-29');
      expect(units.why).toContain('by 29 Jun 2027');
      expect(units.why).toContain(
        'NASM still accepts CE completed after NASM-CPT expires on 31 Mar 2027, until 29 Jun 2027, with a late fee',
      );
      for (const rec of certification.recommendations) expect(rec.by > asOf).toBe(true);
      expect(certification.missing.find((m) => m.requirement === 'units')?.detail).toBe(
        '1.9 CEUs still needed by 29 Jun 2027',
      );
    },
  );

  it('before finishBy the finish-CE date stays the date, with no late-CE clause', () => {
    const units = adviceOn('2027-02-20').recommendations.find((rec) => rec.code !== 'CPR-AED')!;
    expect(units.by).toBe('2027-03-01');
    expect(units.why).not.toContain('late fee');
  });

  it('where the body takes no CE after expiry (NSCA), the date is the expiry and no late CE is promised', () => {
    const [certification] = evaluate(BEHIND_CSCS, '2026-12-20').certifications;
    for (const rec of certification?.recommendations ?? []) {
      expect(rec.by).toBe('2026-12-31');
      expect(rec.why).not.toContain('late fee');
    }
  });

  it('a card that has run out: "as soon as you can", as the card reminder in the same email says', () => {
    for (const asOf of ['2027-02-20', '2027-03-01']) {
      const card = adviceOn(asOf).recommendations.find((rec) => rec.code === 'CPR-AED')!;
      expect(card.why).toMatch(/as soon as you can$/);
      expect(card.why).not.toMatch(/ by \d/);
    }
  });
});
