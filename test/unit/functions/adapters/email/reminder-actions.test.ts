import { describe, expect, it } from 'vitest';
import type { ReminderMilestone } from '../../../../../core/index.js';
import { type ReminderInput, renderReminder } from '../../../../../functions/adapters/email/index.js';
import {
  actionRef,
  type ReminderAction,
  readActionRef,
} from '../../../../../functions/adapters/email/reminder-actions.js';
import { cpt, cptOnlyInput, storyInput } from './fixtures.js';

const link = (action: ReminderAction) => `https://recert.example.com/act?token=${actionRef(action, '2027-01-01')}`;

describe('a reminder’s "Done already?" links', () => {
  it('offers, next to the advice, the specialization it recommends, a course instead, and the card', () => {
    const { text, html } = renderReminder({ ...storyInput, actionLink: link });

    expect(text).toContain(
      '- I completed NASM-PES: https://recert.example.com/act?token=specialization:NASM-PES@2027-01-01',
    );
    expect(text).toContain('- I completed a course: https://recert.example.com/act?token=course:NASM-CPT@2027-01-01');
    expect(text).toContain('- I renewed my CPR/AED card: https://recert.example.com/act?token=cpr@2027-01-01');
    expect(html).toContain('href="https://recert.example.com/act?token=cpr@2027-01-01"');
    // The card has its own section in this email: its link is offered there, once.
    expect(text.match(/I renewed my CPR\/AED card/g)).toHaveLength(1);
  });

  it('carries no action link when the caller mints none', () => {
    expect(renderReminder(storyInput).text).not.toContain('Done already?');
  });

  it('refuses a link that is not https, as it refuses every other link in an email', () => {
    expect(() => renderReminder({ ...storyInput, actionLink: () => 'http://recert.example.com/act' })).toThrow(
      /links\.reminderAction/,
    );
  });

  it('reads back exactly the actions it wrote, and nothing else', () => {
    const actions: ReminderAction[] = [
      { kind: 'cpr' },
      { kind: 'specialization', code: 'NASM-CES' },
      { kind: 'course', certification: 'ACE-CPT' },
      { kind: 'snooze', certification: 'NASM-CPT', length: '2-weeks' },
      { kind: 'snooze', certification: 'NASM-CPT', length: '1-month' },
    ];
    for (const action of actions) {
      expect(readActionRef(actionRef(action, '2027-03-02'))).toEqual({ action, sentOn: '2027-03-02' });
    }
    const forgeries = [
      undefined,
      '',
      'cpr',
      'delete@2027-03-02',
      'course:x@2027-03-02',
      'cpr@2027-3-2',
      'snooze:3-days:NASM-CPT@2027-03-02',
      'snooze:2-weeks@2027-03-02',
    ];
    for (const forged of forgeries) expect(readActionRef(forged)).toBeUndefined();
  });
});

/** The CPT's behind cadence from 1 Jan 2027: a monthly nudge, then the countdown to 31 May 2027. */
const behind = (asOf: string): ReminderInput => {
  const milestones: ReminderMilestone[] = [
    ['countdown-150', '2027-01-01', 150],
    ['monthly-4', '2027-01-31', 120],
    ['countdown-90', '2027-03-02', 90],
    ['countdown-60', '2027-04-01', 60],
    ['countdown-30', '2027-05-01', 30],
    ['countdown-14', '2027-05-17', 14],
    ['countdown-7', '2027-05-24', 7],
    ['countdown-1', '2027-05-30', 1],
  ].map(([id, on, daysLeft]) => ({ id: String(id), kind: 'countdown', on: String(on), daysLeft: Number(daysLeft) }));
  const evaluation = { ...cptOnlyInput.evaluation, certifications: [{ ...cpt, milestones }] };
  return { ...cptOnlyInput, evaluation, asOf, now: new Date(`${asOf}T09:00:00Z`), actionLink: link };
};

describe('a reminder’s "Not now?" links', () => {
  it('offers each snooze that would hold a reminder back: a month holds the nudge of 31 Jan, two weeks hold none', () => {
    const { text, html } = renderReminder(behind('2027-01-01'));

    expect(text).toContain('Not now?');
    expect(text).toContain(
      '- I’m on it — remind me in a month: https://recert.example.com/act?token=snooze:1-month:NASM-CPT@2027-01-01',
    );
    expect(html).toContain('href="https://recert.example.com/act?token=snooze:1-month:NASM-CPT@2027-01-01"');
    expect(text).not.toContain('Snooze this for 2 weeks');
  });

  it('offers both when the 14-day reminder is ahead, though the last-week one will end them', () => {
    const { text } = renderReminder(behind('2027-05-10'));
    expect(text).toContain('- Snooze this for 2 weeks: https://recert.example.com/act?token=snooze:2-weeks:NASM-CPT@');
    expect(text).toContain('- I’m on it — remind me in a month: https://recert.example.com/act?token=snooze:1-month:');
  });

  it('offers no snooze when the next reminder is the last-week one (it always comes)', () => {
    const { text } = renderReminder(behind('2027-05-17'));
    expect(text).toContain('Done already?');
    expect(text).not.toContain('Not now?');
    expect(text).not.toContain('snooze:');
  });
});
