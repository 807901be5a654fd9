import { describe, expect, it } from 'vitest';
import {
  type CalendarDeadline,
  calendarEventUid,
  renderCalendarInvite,
} from '../../../../../functions/adapters/email/index.js';

const now = new Date('2027-01-01T09:00:00Z');
const deadline: CalendarDeadline = {
  uid: calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30'),
  date: '2027-05-31',
  summary: 'Recert: complete NASM-PES for your NASM-CPT',
  description: 'Next step: complete NASM-PES (1.9 CEUs) by 31 May 2027.',
};

function unfold(ics: string): string[] {
  return ics.replace(/\r\n /g, '').split('\r\n');
}

describe('renderCalendarInvite', () => {
  it('ends every line with CRLF and has no bare line feed', () => {
    const ics = renderCalendarInvite({ now, events: [deadline] });

    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('places an all-day event on the date with an alarm a week before', () => {
    const lines = unfold(renderCalendarInvite({ now, events: [deadline] }));

    expect(lines).toContain('METHOD:PUBLISH');
    expect(lines).toContain('DTSTART;VALUE=DATE:20270531');
    expect(lines).toContain('DTEND;VALUE=DATE:20270601');
    expect(lines).toContain('DTSTAMP:20270101T090000Z');
    expect(lines).toContain('TRIGGER:-P7D');
    expect(lines.filter((l) => l === 'BEGIN:VALARM')).toHaveLength(1);
  });

  it.each([
    ['2027-12-31', '20280101'],
    ['2028-02-28', '20280229'],
    ['2028-02-29', '20280301'],
  ])('ends an all-day event on %s the next calendar day', (date, end) => {
    const lines = unfold(renderCalendarInvite({ now, events: [{ ...deadline, date }] }));

    expect(lines).toContain(`DTEND;VALUE=DATE:${end}`);
  });

  it('takes the alarm lead time from the deadline', () => {
    const lines = unfold(renderCalendarInvite({ now, events: [{ ...deadline, alarmDaysBefore: 14 }] }));

    expect(lines).toContain('TRIGGER:-P14D');
  });

  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const description = `Café déjà vu — ${'ü'.repeat(60)} 🏋️ end`;
    const ics = renderCalendarInvite({ now, events: [{ ...deadline, description }] });

    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(unfold(ics)).toContain(`DESCRIPTION:${description}`);
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const lines = unfold(renderCalendarInvite({ now, events: [{ ...deadline, summary: 'a, b; c\\d\ne' }] }));

    expect(lines).toContain('SUMMARY:a\\, b\\; c\\\\d\\ne');
  });

  it('gives the same deadline the same UID every time, and another cycle another UID', () => {
    expect(calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30')).toBe(deadline.uid);
    expect(calendarEventUid('t_8f3a2c', 'NASM-CPT', '2029-06-30')).not.toBe(deadline.uid);
    expect(calendarEventUid('t_other', 'NASM-CPT', '2027-06-30')).not.toBe(deadline.uid);
    expect(deadline.uid).not.toContain('t_8f3a2c');
  });

  it('gives each deadline of a cycle its own UID; the expiry keeps the one per-cycle UID earlier emails used', () => {
    const kinds = ['finish-ce', 'expires', 'late-ce', 'renew-late', 'reinstate'] as const;
    const uids = kinds.map((kind) => calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30', kind));

    expect(new Set(uids).size).toBe(kinds.length);
    expect(calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30', 'expires')).toBe(deadline.uid);
    expect(calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30', 'late-ce')).toBe(uids[2]);
  });
});

describe('renderCalendarInvite for a subscription feed', () => {
  it('names the calendar and asks to be fetched again, only when it is a feed', () => {
    const feed = unfold(
      renderCalendarInvite({ now, events: [deadline], subscription: { name: 'Recert deadlines', refreshHours: 6 } }),
    );
    expect(feed).toEqual(
      expect.arrayContaining([
        'NAME:Recert deadlines',
        'X-WR-CALNAME:Recert deadlines',
        'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
        'X-PUBLISHED-TTL:PT6H',
      ]),
    );
    expect(feed.indexOf('NAME:Recert deadlines')).toBeLessThan(feed.indexOf('BEGIN:VEVENT'));
    expect(unfold(renderCalendarInvite({ now, events: [deadline] })).join('\n')).not.toMatch(/NAME|REFRESH/);
  });
});
