import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  formatLongDate,
  fromDayNumber,
  isCalendarDate,
  toDayNumber,
} from '../../../core/calendar-date.js';

describe('isCalendarDate', () => {
  it.each<[unknown, boolean, string]>([
    ['2028-02-29', true, 'leap day in a leap year'],
    ['2000-02-29', true, 'leap day in a 400-year'],
    ['2027-02-29', false, 'no leap day in 2027'],
    ['1900-02-29', false, 'no leap day in a century year'],
    ['2027-02-30', false, 'February never has 30 days'],
    ['2027-04-31', false, 'April has 30 days'],
    ['2027-12-31', true, 'year end'],
    ['2027-13-01', false, 'month 13'],
    ['2027-00-10', false, 'month 0'],
    ['2027-01-00', false, 'day 0'],
    ['2027-1-01', false, 'unpadded month'],
    ['2027/01/01', false, 'slashes'],
    ['2027-01-01T00:00:00Z', false, 'an instant, not a date'],
    [' 2027-01-01', false, 'leading space'],
    [20270101, false, 'a number'],
  ])('%s → %s (%s)', (value: unknown, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('agrees with Date.UTC on every day from 1999 to 2031', () => {
    for (let day = toDayNumber('1999-01-01'); day <= toDayNumber('2031-12-31'); day++) {
      const viaDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(day)).toBe(viaDate);
      expect(toDayNumber(viaDate)).toBe(day);
    }
  });
});

describe('addMonths clamps to the end of the month', () => {
  it.each([
    ['2024-02-29', 24, '2026-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2027-06-30', -24, '2025-06-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2028-05-07', -36, '2025-05-07'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('day arithmetic', () => {
  it.each([
    ['2027-06-30', -30, '2027-05-31'],
    ['2027-05-31', -180, '2026-12-02'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('round-trips addDays and daysBetween for any pair of dates', () => {
    const date = fc.integer({ min: toDayNumber('1950-01-01'), max: toDayNumber('2150-12-31') }).map(fromDayNumber);
    fc.assert(
      fc.property(date, fc.integer({ min: -5000, max: 5000 }), (from, days) => {
        const to = addDays(from, days);
        expect(isCalendarDate(to)).toBe(true);
        expect(daysBetween(from, to)).toBe(days);
        expect(compareDates(from, to)).toBe(days === 0 ? 0 : days > 0 ? -1 : 1);
      }),
    );
  });
});

describe('formatLongDate', () => {
  it.each([
    ['2027-06-30', '30 Jun 2027'],
    ['2027-01-01', '1 Jan 2027'],
    ['2028-02-29', '29 Feb 2028'],
  ])('%s reads as %s', (date, expected) => {
    expect(formatLongDate(date)).toBe(expected);
  });
});
