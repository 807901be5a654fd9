import { describe, expect, it } from 'vitest';
import {
  dueReminders,
  evaluate,
  nextReminderOn,
  pendingMilestone,
  REMINDER_CADENCES,
  type ReminderMilestone,
  reminderKey,
  type TrainerProfile,
} from '../../../core/index.js';

const NEW_CPT: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
  ],
  activities: [],
};
const NONE: ReadonlySet<string> = new Set();

function milestonesOn(asOf: string): readonly ReminderMilestone[] {
  return evaluate(NEW_CPT, asOf).certifications[0]?.milestones ?? [];
}

function lines(milestones: readonly ReminderMilestone[]): string[] {
  return milestones.map((m) => `${m.id} ${m.on} ${m.daysLeft}`);
}

const AFTER_EXPIRY = [
  'grace-1 2027-07-01 89',
  'grace-30 2027-07-30 60',
  'grace-60 2027-08-29 30',
  'grace-90 2027-09-28 0',
  'lapsed 2027-09-29 -1',
];

/** Still unmet after finishBy (31 May 2027): 14 days and 1 day before the 30 Jun 2027 expiry, whatever the pace. */
const EXPIRY_COUNTDOWN = ['expiry-14 2027-06-16 -16', 'expiry-1 2027-06-29 -29'];

function withCourses(...activities: TrainerProfile['activities']): TrainerProfile {
  return { ...NEW_CPT, activities };
}

describe('certification milestones: the cadence follows the pace', () => {
  it('behind (0.1 of 2.0 CEUs): the full countdown and a monthly nudge from a year before finishBy, then grace notices, then lapse', () => {
    expect(lines(milestonesOn('2026-11-21'))).toEqual([
      'monthly-12 2026-05-31 365',
      'monthly-11 2026-06-30 335',
      'monthly-10 2026-07-31 304',
      'monthly-9 2026-08-31 273',
      'monthly-8 2026-09-30 243',
      'monthly-7 2026-10-31 212',
      // No monthly nudge 6, 3, 2 or 1 months out: the 180-, 90-, 60- and 30-day countdowns fall within 15 days.
      'countdown-180 2026-12-02 180',
      'monthly-5 2026-12-31 151',
      'monthly-4 2027-01-31 120',
      'countdown-90 2027-03-02 90',
      'countdown-60 2027-04-01 60',
      'countdown-30 2027-05-01 30',
      'countdown-14 2027-05-17 14',
      'countdown-7 2027-05-24 7',
      'countdown-1 2027-05-30 1',
      ...EXPIRY_COUNTDOWN,
      ...AFTER_EXPIRY,
    ]);
  });

  it('on track because a course was logged from a reminder: only 90, 30 and 7 days before finishBy', () => {
    const acted = withCourses({
      title: 'Youth strength',
      completedOn: '2026-02-01',
      units: { NASM: 0.2 },
      enteredVia: 'reminder',
      fromReminderOn: '2026-01-30',
    });
    const [certification] = evaluate(acted, '2026-11-21').certifications;
    expect(certification?.reminderPace).toBe('on-track');
    expect(lines(certification?.milestones ?? [])).toEqual([
      'countdown-90 2027-03-02 90',
      'countdown-30 2027-05-01 30',
      'countdown-7 2027-05-24 7',
      ...EXPIRY_COUNTDOWN,
      ...AFTER_EXPIRY,
    ]);
  });

  it('on track today, behind from the day the share of the cycle gone passes the share earned', () => {
    // 1.6 of 2.0 CEUs (card included) keeps up until 80 % of the 700 days to 31 May 2027: 11 Jan 2027.
    const partial = withCourses({ title: 'A', completedOn: '2026-02-01', units: { NASM: 1.5 } });
    const [certification] = evaluate(partial, '2026-11-21').certifications;
    expect(certification?.reminderPace).toBe('on-track');
    expect(lines(certification?.milestones ?? []).slice(0, 7)).toEqual([
      'monthly-4 2027-01-31 120',
      'countdown-90 2027-03-02 90',
      'countdown-60 2027-04-01 60',
      'countdown-30 2027-05-01 30',
      'countdown-14 2027-05-17 14',
      'countdown-7 2027-05-24 7',
      'countdown-1 2027-05-30 1',
    ]);
    expect(evaluate(partial, '2027-01-12').certifications[0]?.reminderPace).toBe('behind');
  });

  it('only the essentials when the trainer chose them: 30 and 7 days before finishBy', () => {
    const [certification] = evaluate(NEW_CPT, '2026-11-21', { cadence: 'essentials', snoozes: [] }).certifications;
    expect(lines(certification?.milestones ?? [])).toEqual([
      'countdown-30 2027-05-01 30',
      'countdown-7 2027-05-24 7',
      ...EXPIRY_COUNTDOWN,
      ...AFTER_EXPIRY,
    ]);
    expect(certification?.nextReminderOn).toBe('2027-05-01');
  });

  it('met: one ready nudge dated when the requirements became met, whatever the cadence chosen', () => {
    const met = withCourses(
      { title: 'A', completedOn: '2026-02-01', units: { NASM: 1 } },
      { title: 'B', completedOn: '2026-08-20', units: { NASM: 0.9 } },
      { title: 'C', completedOn: '2026-10-01', units: { NASM: 0.5 } },
    );
    for (const cadence of REMINDER_CADENCES) {
      const [certification] = evaluate(met, '2026-11-21', { cadence, snoozes: [] }).certifications;
      expect(certification?.reminderPace).toBe('met');
      expect(certification?.milestones.filter((m) => m.kind !== 'grace' && m.kind !== 'lapsed')).toEqual([
        { id: 'ready', kind: 'ready', on: '2026-08-20', daysLeft: 284 },
      ]);
      // Renewable up to 1 year after the 30 Jun 2027 expiry (month arithmetic), so lapsed from 1 Jul 2028.
      expect(certification?.milestones.at(-1)).toMatchObject({ id: 'lapsed', on: '2028-07-01' });
    }
  });

  it('keeps milestone ids unique within a cycle', () => {
    const ids = milestonesOn('2026-11-21').map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('pendingMilestone and nextReminderOn (catch-up rules)', () => {
  const milestones = milestonesOn('2026-11-21');
  it.each([
    [
      'before the first milestone: nothing pending, next is the first monthly nudge',
      '2026-05-01',
      [],
      undefined,
      '2026-05-31',
    ],
    ['on the 180-day milestone: it is due today', '2026-12-02', ['monthly-7'], 'countdown-180', '2026-12-02'],
    [
      'after sending it: nothing pending, next is the monthly nudge of 31 Dec',
      '2026-12-10',
      ['countdown-180'],
      undefined,
      '2026-12-31',
    ],
    ['missed 180, 90 and 60: only the most urgent (60) is sent, today', '2027-04-15', [], 'countdown-60', '2027-04-15'],
    [
      'missed days after sending 60: the stale ones are never sent',
      '2027-04-20',
      ['countdown-60'],
      undefined,
      '2027-05-01',
    ],
    [
      'after expiry a countdown is never sent, the grace notice is',
      '2027-07-05',
      ['countdown-180'],
      'grace-1',
      '2027-07-05',
    ],
    ['after the lapse notice was sent: nothing left', '2028-01-01', ['lapsed'], undefined, null],
  ])('%s', (_story, asOf, sent, pendingId, next) => {
    const sentIds = new Set(sent);
    expect(pendingMilestone(milestones, asOf, sentIds)?.id).toBe(pendingId);
    expect(nextReminderOn(milestones, asOf, sentIds)).toBe(next);
  });

  it('reports a milestone that fell due on an earlier day as due today, never as a past date', () => {
    expect(pendingMilestone(milestones, '2027-04-15', NONE)?.on).toBe('2027-04-01');
    expect(nextReminderOn(milestones, '2027-04-15', NONE)).toBe('2027-04-15');
  });
});

describe('dueReminders', () => {
  it('merges every credential due today for one email, with ledger keys', () => {
    const profile: TrainerProfile = {
      credentials: [
        { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
        { code: 'CPR-AED', expiresOn: '2027-06-01' },
      ],
      activities: [],
    };
    const evaluation = evaluate(profile, '2027-05-02');
    const due = dueReminders(evaluation, '2027-05-02', NONE);
    expect(due.map((d) => [d.credential, d.key])).toEqual([
      ['certification', 'NASM-CPT#2027-06-30#countdown-30'],
      ['prerequisite', 'CPR-AED#2027-06-01#cpr-30'],
    ]);
    const sent = new Set(due.map((d) => d.key));
    expect(dueReminders(evaluation, '2027-05-02', sent)).toEqual([]);
  });

  it('ignores keys of another cycle of the same certification', () => {
    const evaluation = evaluate(NEW_CPT, '2026-12-02');
    const oldCycle = new Set([reminderKey('NASM-CPT', '2025-06-30', 'countdown-180')]);
    expect(dueReminders(evaluation, '2026-12-02', oldCycle).map((d) => d.milestone.id)).toEqual(['countdown-180']);
  });
});
