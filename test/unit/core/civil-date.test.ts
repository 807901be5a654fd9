/**
 * The packed calendar date behind the evaluator's month arithmetic (a table for 1900–2299, arithmetic elsewhere),
 * checked against `Date.UTC`, which knows nothing of either.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonthsToCivil,
  addMonthsToDayNumber,
  calendarMonthsBetween,
  civilOf,
  civilOfDayNumber,
  dayNumberOfCivil,
  fromDayNumber,
  monthsBetweenCivils,
  toDayNumber,
} from '../../../core/calendar-date.js';

const DAY_MS = 86_400_000;

function utcDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}

function daysIn(year: number, month: number): number {
  return utcDay(year, month + 1, 1) - utcDay(year, month, 1);
}

/** `Date.UTC`'s answer to "this date plus `months`, clamped to the month's end". */
function referenceAddMonths(year: number, month: number, day: number, months: number): number {
  const index = year * 12 + month - 1 + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return utcDay(targetYear, targetMonth, Math.min(day, daysIn(targetYear, targetMonth)));
}

const civilDate = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .filter(({ year, month, day }) => day <= daysIn(year, month));

function spell(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('packed calendar dates', () => {
  function expectAgreement(dayNumber: number): void {
    const spelled = fromDayNumber(dayNumber);
    expect(spelled).toBe(new Date(dayNumber * DAY_MS).toISOString().slice(0, 10));
    expect(dayNumberOfCivil(civilOf(spelled))).toBe(dayNumber);
    expect(civilOfDayNumber(dayNumber)).toBe(civilOf(spelled));
  }

  it('agree with Date.UTC on every day around both edges of the 1900–2299 table', () => {
    for (let day = utcDay(1899, 1, 1); day <= utcDay(1901, 3, 1); day++) expectAgreement(day);
    for (let day = utcDay(2299, 1, 1); day <= utcDay(2301, 3, 1); day++) expectAgreement(day);
  });

  it('agree with Date.UTC across the whole table, every 13th day', () => {
    for (let day = utcDay(1900, 1, 1); day <= utcDay(2300, 1, 1); day += 13) expectAgreement(day);
  });

  it('read any year 0001–9999 as Date.UTC does', () => {
    fc.assert(
      fc.property(civilDate, ({ year, month, day }) => {
        const spelled = spell(year, month, day);
        expect(toDayNumber(spelled)).toBe(utcDay(year, month, day));
        expect(fromDayNumber(utcDay(year, month, day))).toBe(spelled);
      }),
    );
  });

  it('add months with the end-of-month clamp, inside and outside the table years', () => {
    fc.assert(
      fc.property(civilDate, fc.integer({ min: -1200, max: 1200 }), ({ year, month, day }, months) => {
        fc.pre(year * 12 + month - 1 + months >= 12);
        const expected = referenceAddMonths(year, month, day, months);
        const civil = civilOf(spell(year, month, day));
        expect(dayNumberOfCivil(addMonthsToCivil(civil, months))).toBe(expected);
        expect(addMonthsToDayNumber(utcDay(year, month, day), months)).toBe(expected);
      }),
    );
  });

  it('count calendar months between two dates', () => {
    fc.assert(
      fc.property(civilDate, civilDate, (from, to) => {
        const expected = (to.year - from.year) * 12 + (to.month - from.month);
        const fromCivil = civilOf(spell(from.year, from.month, from.day));
        const toCivil = civilOf(spell(to.year, to.month, to.day));
        expect(monthsBetweenCivils(fromCivil, toCivil)).toBe(expected);
        expect(calendarMonthsBetween(dayNumberOfCivil(fromCivil), dayNumberOfCivil(toCivil))).toBe(expected);
      }),
    );
  });
});
