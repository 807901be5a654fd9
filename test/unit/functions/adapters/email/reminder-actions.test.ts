import { describe, expect, it } from 'vitest';
import { renderReminder } from '../../../../../functions/adapters/email/index.js';
import {
  actionRef,
  type ReminderAction,
  readActionRef,
} from '../../../../../functions/adapters/email/reminder-actions.js';
import { storyInput } from './fixtures.js';

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
    ];
    for (const action of actions) {
      expect(readActionRef(actionRef(action, '2027-03-02'))).toEqual({ action, sentOn: '2027-03-02' });
    }
    for (const forged of [undefined, '', 'cpr', 'delete@2027-03-02', 'course:x@2027-03-02', 'cpr@2027-3-2']) {
      expect(readActionRef(forged)).toBeUndefined();
    }
  });
});
