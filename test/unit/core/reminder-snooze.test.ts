import { describe, expect, it } from 'vitest';
import {
  dueReminders,
  evaluate,
  nextReminderOn,
  pendingMilestone,
  protectedMilestoneIds,
  type ReminderSettings,
  type Snooze,
  snoozeUntil,
  type TrainerProfile,
} from '../../../core/index.js';

/** 0.1 of 2.0 CEUs: behind, finish CE by 31 May 2027, expires 30 Jun 2027, late CE until 28 Sep 2027. */
const NEW_CPT: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
  ],
  activities: [],
};
const NONE: ReadonlySet<string> = new Set();

function snoozed(on: string, until: string, expiresOn = '2027-06-30'): ReminderSettings {
  const snooze: Snooze = { code: 'NASM-CPT', expiresOn, on, until };
  return { cadence: 'adaptive', snoozes: [snooze] };
}

function cpt(asOf: string, settings?: ReminderSettings) {
  const [certification] = evaluate(NEW_CPT, asOf, settings).certifications;
  if (certification === undefined) throw new Error('no certification');
  return certification;
}

describe('protected reminders: what a snooze never holds back', () => {
  it('the last week before finishBy, the expiry notice and the last notice before the renewal window closes', () => {
    expect([...protectedMilestoneIds(cpt('2026-11-21').milestones)].sort()).toEqual([
      'countdown-1',
      'countdown-7',
      'expiry-1',
      'expiry-14',
      'grace-1',
      'grace-90',
    ]);
  });

  it('where the body publishes no rule after expiry, the one notice the day after expiry', () => {
    const ncsf: TrainerProfile = { credentials: [{ code: 'NCSF-CPT', expiresOn: '2027-03-01' }], activities: [] };
    const [certification] = evaluate(ncsf, '2026-11-21').certifications;
    const after = certification?.milestones.filter((m) => m.kind === 'grace' || m.kind === 'lapsed') ?? [];
    const protectedIds = protectedMilestoneIds(certification?.milestones ?? []);
    expect(after.map((m) => m.id)).toEqual(['grace-1']);
    expect(protectedIds.has('grace-1')).toBe(true);
  });
});

describe('snoozeUntil: where a snooze asked today moves the next reminder', () => {
  it.each([
    ['a month from 21 Nov 2026 holds the 180-day countdown of 2 Dec', '2026-11-21', '1-month', '2026-12-21', false],
    ['two weeks from 21 Nov 2026 hold it too', '2026-11-21', '2-weeks', '2026-12-05', false],
    ['two weeks from 3 Dec 2026 hold nothing: the next one is on 31 Dec anyway', '2026-12-03', '2-weeks', null, false],
    [
      'a month from 1 May 2027 holds the 14-day one, and ends at the last-week one',
      '2027-05-01',
      '1-month',
      '2027-05-24',
      true,
    ],
    [
      'none from 17 May 2027: the next reminder is the last-week one, which always comes',
      '2027-05-17',
      '2-weeks',
      null,
      false,
    ],
    ['none after finishBy: the expiry notice of 1 Jul comes next', '2027-06-02', '1-month', null, false],
    ['none once the lapse notice has gone: nothing is left to move', '2027-10-01', '2-weeks', null, false],
  ] as const)('%s', (_story, asOf, length, until, atProtected) => {
    const end = snoozeUntil(cpt(asOf).milestones, asOf, length);
    expect(end).toEqual(until === null ? null : { until, atProtected });
  });

  it('a month from 30 Jan 2027 ends on the last day of February', () => {
    expect(snoozeUntil(cpt('2027-01-30').milestones, '2027-01-30', '1-month')?.until).toBe('2027-02-28');
  });
});

describe('a snooze moves the certification’s next reminder', () => {
  it('to its end: the reminders in between wait, and the latest of them is sent on the end, once', () => {
    const certification = cpt('2026-11-21', snoozed('2026-11-21', '2026-12-21'));
    expect(certification.snoozed).toEqual({ from: '2026-11-21', until: '2026-12-21' });
    expect(certification.milestones).toEqual(cpt('2026-11-21').milestones);
    const sent = new Set(['monthly-7']);
    const { milestones } = certification;
    expect(pendingMilestone(milestones, '2026-12-02', sent, certification.snoozed)).toBeUndefined();
    expect(nextReminderOn(milestones, '2026-11-21', sent, certification.snoozed)).toBe('2026-12-21');
    expect(pendingMilestone(milestones, '2026-12-21', sent, certification.snoozed)?.id).toBe('countdown-180');
    const after = new Set([...sent, 'countdown-180']);
    expect(nextReminderOn(milestones, '2026-12-21', after, certification.snoozed)).toBe('2026-12-31');
  });

  it('never past the last week before finishBy: that reminder comes on its day and ends the snooze', () => {
    // Asked on 1 May for a month (until 1 Jun): the 14-day countdown waits, the 7-day one of 24 May does not.
    const certification = cpt('2027-05-01', snoozed('2027-05-01', '2027-06-01'));
    expect(certification.snoozed).toEqual({ from: '2027-05-01', until: '2027-05-24' });
    const sent = new Set(['countdown-30']);
    const { milestones } = certification;
    expect(pendingMilestone(milestones, '2027-05-17', sent, certification.snoozed)).toBeUndefined();
    expect(nextReminderOn(milestones, '2027-05-01', sent, certification.snoozed)).toBe('2027-05-24');
    expect(pendingMilestone(milestones, '2027-05-24', sent, certification.snoozed)?.id).toBe('countdown-7');
  });

  it('never past the expiry notice', () => {
    const certification = cpt('2027-06-20', snoozed('2027-06-20', '2027-07-20'));
    const sent = new Set(['countdown-1', 'expiry-14', 'expiry-1']);
    expect(nextReminderOn(certification.milestones, '2027-06-20', sent, certification.snoozed)).toBe('2027-07-01');
    expect(pendingMilestone(certification.milestones, '2027-07-01', sent, certification.snoozed)?.id).toBe('grace-1');
  });

  it('never past the countdown to expiry: after finishBy it is protected, so it comes on its day', () => {
    const certification = cpt('2027-06-01', snoozed('2027-06-01', '2027-07-01'));
    expect(certification.snoozed).toEqual({ from: '2027-06-01', until: '2027-06-16' });
    expect(
      pendingMilestone(certification.milestones, '2027-06-16', new Set(['countdown-1']), certification.snoozed)?.id,
    ).toBe('expiry-14');
  });

  it('holds nothing once it has ended, and a snooze of the previous cycle holds nothing at all', () => {
    expect(cpt('2026-12-22', snoozed('2026-11-21', '2026-12-21')).snoozed).toBeNull();
    const oldCycle = cpt('2026-11-21', snoozed('2026-11-21', '2026-12-21', '2025-06-30'));
    expect(oldCycle.snoozed).toBeNull();
    expect(oldCycle.nextReminderOn).toBe('2026-11-21');
  });

  it('the latest snooze of the cycle replaces an earlier one', () => {
    const settings: ReminderSettings = {
      cadence: 'adaptive',
      snoozes: [
        { code: 'NASM-CPT', expiresOn: '2027-06-30', on: '2026-11-21', until: '2026-12-21' },
        { code: 'NASM-CPT', expiresOn: '2027-06-30', on: '2026-11-25', until: '2026-12-09' },
      ],
    };
    const certification = cpt('2026-11-25', settings);
    expect(certification.snoozed).toEqual({ from: '2026-11-25', until: '2026-12-09' });
    expect(certification.nextReminderOn).toBe('2026-12-09');
  });

  it('the daily run’s dueReminders sends nothing for it while it holds, and the reminder it held on its end', () => {
    const settings = snoozed('2026-11-21', '2026-12-21');
    const sent = new Set(['NASM-CPT#2027-06-30#monthly-7']);
    expect(dueReminders(evaluate(NEW_CPT, '2026-12-02'), '2026-12-02', sent).map((d) => d.milestone.id)).toEqual([
      'countdown-180',
    ]);
    expect(dueReminders(evaluate(NEW_CPT, '2026-12-02', settings), '2026-12-02', sent)).toEqual([]);
    expect(
      dueReminders(evaluate(NEW_CPT, '2026-12-21', settings), '2026-12-21', sent).map((d) => d.milestone.id),
    ).toEqual(['countdown-180']);
  });

  it('a hold that ends between two milestones makes the held one due the day it ends', () => {
    const { milestones } = cpt('2026-11-21');
    const hold = { from: '2026-11-25', until: '2026-12-10' };
    expect(nextReminderOn(milestones, '2026-11-25', new Set(['monthly-7']), hold)).toBe('2026-12-10');
    expect(pendingMilestone(milestones, '2026-12-10', new Set(['monthly-7']), hold)?.id).toBe('countdown-180');
  });

  it('leaves the CPR/AED card’s reminders alone', () => {
    const card: TrainerProfile = {
      credentials: [NEW_CPT.credentials[0]!, { code: 'CPR-AED', earnedOn: '2025-01-10', expiresOn: '2027-01-31' }],
      activities: [],
    };
    const evaluation = evaluate(card, '2026-12-02', snoozed('2026-11-21', '2026-12-21'));
    const due = dueReminders(evaluation, '2026-12-02', NONE);
    expect(due.map((d) => d.key)).toEqual(['CPR-AED#2027-01-31#cpr-60']);
  });
});
