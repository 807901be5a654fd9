import { describe, expect, it } from 'vitest';
import { parseFeed, SubscribedCalendar } from '../../helpers/calendar-client.js';

const event = (uid: string, date: string, sequence: number, summary = `Deadline ${date}`) =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20261121T090000Z',
    `DTSTART;VALUE=DATE:${date.replaceAll('-', '')}`,
    `SEQUENCE:${sequence}`,
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ].join('\r\n');

const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');

describe('the test calendar client (the feed’s validator)', () => {
  it('reads a valid calendar', () => {
    expect(parseFeed(calendar(event('a@x', '2027-03-01', 1))).events).toEqual([
      { uid: 'a@x', date: '2027-03-01', summary: 'Deadline 2027-03-01', description: '', sequence: 1 },
    ]);
  });

  it.each([
    ['an unclosed component', calendar(event('a@x', '2027-03-01', 1)).replace('END:VCALENDAR\r\n', '')],
    ['a line without a colon', calendar(event('a@x', '2027-03-01', 1)).replace('SUMMARY:', 'SUMMARY')],
    ['an event without UID', calendar(event('a@x', '2027-03-01', 1)).replace('UID:a@x\r\n', '')],
    [
      'an event with a time',
      calendar(event('a@x', '2027-03-01', 1)).replace(';VALUE=DATE:20270301', ':20270301T090000Z'),
    ],
    ['two events with one UID', calendar(event('a@x', '2027-03-01', 1), event('a@x', '2027-04-01', 1))],
    ['bare line feeds', calendar(event('a@x', '2027-03-01', 1)).replaceAll('\r\n', '\n')],
    ['a line over 75 octets', calendar(event('a@x', '2027-03-01', 1, 'x'.repeat(80)))],
    ['no PRODID', calendar(event('a@x', '2027-03-01', 1)).replace('PRODID:-//test//EN\r\n', '')],
  ])('refuses %s', (_what, text) => {
    expect(() => parseFeed(text)).toThrow();
  });

  it('keeps a held copy over a fetched one with a lower SEQUENCE, and drops what the feed no longer has', () => {
    const client = new SubscribedCalendar();
    client.refresh(calendar(event('a@x', '2027-03-01', 5), event('b@x', '2027-04-01', 1)));
    client.refresh(calendar(event('a@x', '2027-05-01', 4)));
    expect(client.shown().map((shown) => [shown.uid, shown.date])).toEqual([['a@x', '2027-03-01']]);
    client.refresh(calendar(event('a@x', '2027-05-01', 6)));
    expect(client.shown().map((shown) => shown.date)).toEqual(['2027-05-01']);
  });
});
