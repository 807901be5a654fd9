import { describe, expect, it } from 'vitest';
import { evaluate, type ReminderSettings, type TrainerProfile } from '../../../../core/index.js';
import { type RemindersSectionInput, remindersSection } from '../../../../functions/pages/reminders-section.js';

/** 0.1 of 2.0 CEUs on 21 Nov 2026: behind; finish CE by 31 May 2027. */
const PROFILE: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
  ],
  activities: [],
};
const SNOOZE = {
  code: 'NASM-CPT',
  expiresOn: '2027-06-30',
  on: '2026-11-21',
  until: '2026-12-05',
  length: '2-weeks',
  fromReminderOn: '2026-11-20',
} as const;

function section(settings: ReminderSettings & RemindersSectionInput['reminderSettings'], extra = {}): string {
  return remindersSection({
    token: 'st_x',
    evaluation: evaluate(PROFILE, '2026-11-21', settings),
    reminderSettings: settings,
    ...extra,
  });
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the status page’s reminders section', () => {
  it('says when the next reminder comes and the pace each certification follows', () => {
    const html = section({ cadence: 'adaptive', snoozes: [] });
    expect(text(html)).toContain('Your next reminder is due on 21 Nov 2026.');
    expect(text(html)).toContain(
      'NASM-CPT: behind: 180, 90, 60, 30, 14, 7 and 1 days before your finish-CE date, and once a month from 12 months before (finish-CE date 31 May 2027)',
    );
    expect(html).toContain('id="cadence-adaptive" name="cadence" value="adaptive" checked');
    expect(html).not.toContain('value="essentials" checked');
    expect(html).toContain('<input type="hidden" name="action" value="reminder-cadence">');
  });

  it('shows the essentials chosen, and the fewer reminders they give', () => {
    const html = section({ cadence: 'essentials', snoozes: [] });
    expect(html).toContain('value="essentials" checked');
    expect(text(html)).toContain(
      'NASM-CPT: only the essentials: 30 and 7 days before your finish-CE date (31 May 2027)',
    );
    expect(text(html)).toContain('Your next reminder is due on 1 May 2027.');
  });

  it('lists a snooze with the reminder it came from, when the next reminder comes, and what it never holds back', () => {
    const html = section({ cadence: 'adaptive', snoozes: [SNOOZE] });
    expect(text(html)).toContain(
      'NASM-CPT: you snoozed it for 2 weeks on 21 Nov 2026, from the reminder of 20 Nov 2026 — no reminder before 5 Dec 2026',
    );
    expect(text(html)).toContain('Your next reminder is due on 5 Dec 2026.');
    expect(text(html)).toContain('the notice when it expires always come, snoozed or not');
  });

  it('shows a refused choice next to the form', () => {
    const posted = {
      action: 'reminder-cadence',
      values: {},
      errors: { cadence: 'Choose how often Recert should remind you' },
    };
    const html = section({ cadence: 'adaptive', snoozes: [] }, { posted });
    expect(html).toContain('<p class="error" role="alert">Choose how often Recert should remind you</p>');
  });
});
