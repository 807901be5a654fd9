/**
 * Date arithmetic on plain `YYYY-MM-DD` calendar dates. Certification bodies print dates, not instants, so there
 * is no time zone anywhere. Internally a date is an integer day number (days since 1970-01-01, the same count
 * `Date.UTC(y, m - 1, d) / 86_400_000` gives) computed with integer civil-calendar arithmetic: no regexes and no
 * Date objects on the hot path, because the engine evaluates over a million profiles a second.
 */
import type { CalendarDate } from './types.js';

/** Days since 1970-01-01. */
export type DayNumber = number;

const MONTH_ABBREVIATIONS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-based month), honouring leap years. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
function dayNumberFromCivil(year: number, month: number, day: number): DayNumber {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * A calendar date packed into one integer, `monthIndex * 32 + day` where `monthIndex = year * 12 + (month − 1)`:
 * adding months is an addition and a clamp, and a day number is one table read, so month arithmetic on the hot path
 * neither divides nor allocates. Exact while |year| stays under five million (int32 bit operations).
 */
export type Civil = number;

const DAY_BITS = 5;
const DAY_MASK = 31;

// Day numbers of the first of every month from 1900-01 to 2300-01 (index = monthIndex − FIRST_TABLE_MONTH): the
// years any card or renewal is dated in; other years take the arithmetic path.
const FIRST_TABLE_MONTH = 1900 * 12;
const TABLE_MONTHS = 400 * 12;
const monthStartDays = new Int32Array(TABLE_MONTHS + 1);
for (let index = 0; index <= TABLE_MONTHS; index++) {
  const monthIndex = FIRST_TABLE_MONTH + index;
  const year = Math.floor(monthIndex / 12);
  monthStartDays[index] = dayNumberFromCivil(year, monthIndex - year * 12 + 1, 1);
}

function monthIndexOf(civil: Civil): number {
  return civil >> DAY_BITS;
}

/** The packed form of a date already validated with {@link isCalendarDate}. */
export function civilOf(date: CalendarDate): Civil {
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  return ((year * 12 + month - 1) << DAY_BITS) + digit(date, 8) * 10 + digit(date, 9);
}

/** The day number of a packed date. */
export function dayNumberOfCivil(civil: Civil): DayNumber {
  const monthIndex = monthIndexOf(civil);
  const slot = monthIndex - FIRST_TABLE_MONTH;
  if (slot >= 0 && slot < TABLE_MONTHS) return monthStartDays[slot]! + (civil & DAY_MASK) - 1;
  const year = Math.floor(monthIndex / 12);
  return dayNumberFromCivil(year, monthIndex - year * 12 + 1, civil & DAY_MASK);
}

function daysInMonthIndex(monthIndex: number): number {
  const slot = monthIndex - FIRST_TABLE_MONTH;
  if (slot >= 0 && slot < TABLE_MONTHS) return monthStartDays[slot + 1]! - monthStartDays[slot]!;
  const year = Math.floor(monthIndex / 12);
  return daysInMonth(year, monthIndex - year * 12 + 1);
}

/** Adds whole months to a packed date; a day that does not exist in the target month clamps to its last day. */
export function addMonthsToCivil(civil: Civil, months: number): Civil {
  const monthIndex = monthIndexOf(civil) + months;
  return (monthIndex << DAY_BITS) + Math.min(civil & DAY_MASK, daysInMonthIndex(monthIndex));
}

/** Whole months from `from` to `to` counted by calendar month (2024-01-31 → 2024-02-01 is 1). */
export function monthsBetweenCivils(from: Civil, to: Civil): number {
  return monthIndexOf(to) - monthIndexOf(from);
}

/** The packed form of a day number. */
export function civilOfDayNumber(dayNumber: DayNumber): Civil {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return ((year * 12 + month - 1) << DAY_BITS) + day;
}

function digit(text: string, index: number): number {
  return text.charCodeAt(index) - 48;
}

function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

/** True when `value` is a `YYYY-MM-DD` string naming a real day (2027-02-30 is not; 2028-02-29 is). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const index of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigitAt(value, index)) return false;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The day number of a date already validated with {@link isCalendarDate}. */
export function toDayNumber(date: CalendarDate): DayNumber {
  return dayNumberOfCivil(civilOf(date));
}

// Formatting is the costliest step of an evaluation, and a population touches only a few thousand distinct days:
// cache spellings for 1970–2199 in flat arrays (index = day number), filled on first use.
const CACHED_DAYS = 84_000;
const formatted: string[] = Array.from({ length: CACHED_DAYS }, () => '');
const formattedLong: string[] = Array.from({ length: CACHED_DAYS }, () => '');

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The `YYYY-MM-DD` spelling of a day number. */
export function fromDayNumber(dayNumber: DayNumber): CalendarDate {
  const cacheable = dayNumber >= 0 && dayNumber < CACHED_DAYS;
  if (cacheable) {
    const cached = formatted[dayNumber]!;
    if (cached !== '') return cached;
  }
  const civil = civilOfDayNumber(dayNumber);
  const monthIndex = monthIndexOf(civil);
  const year = Math.floor(monthIndex / 12);
  const text = `${pad(year, 4)}-${pad(monthIndex - year * 12 + 1, 2)}-${pad(civil & DAY_MASK, 2)}`;
  if (cacheable) formatted[dayNumber] = text;
  return text;
}

/** Adds whole months to a day number; a day that does not exist in the target month clamps to its last day. */
export function addMonthsToDayNumber(dayNumber: DayNumber, months: number): DayNumber {
  return dayNumberOfCivil(addMonthsToCivil(civilOfDayNumber(dayNumber), months));
}

/** Whole months from `from` to `to` counted by calendar month (2024-01-31 → 2024-02-01 is 1). */
export function calendarMonthsBetween(from: DayNumber, to: DayNumber): number {
  return monthsBetweenCivils(civilOfDayNumber(from), civilOfDayNumber(to));
}

/** `date` plus `days` (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** `date` plus `months`, clamped to the month's end: 2024-02-29 + 12 months = 2025-02-28; 2024-01-31 + 1 = 2024-02-29. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return fromDayNumber(addMonthsToDayNumber(toDayNumber(date), months));
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, for sorting. `YYYY-MM-DD` strings also compare correctly with `<`. */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** {@link formatLongDate} of a day number, cached. */
export function formatLongDay(dayNumber: DayNumber): string {
  if (dayNumber < 0 || dayNumber >= CACHED_DAYS) return formatLongDate(fromDayNumber(dayNumber));
  const cached = formattedLong[dayNumber]!;
  if (cached !== '') return cached;
  const text = formatLongDate(fromDayNumber(dayNumber));
  formattedLong[dayNumber] = text;
  return text;
}

/** The date as a reader sees it in an email: `30 Jun 2027`. */
export function formatLongDate(date: CalendarDate): string {
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  return `${day} ${MONTH_ABBREVIATIONS[month - 1]} ${date.slice(0, 4)}`;
}
