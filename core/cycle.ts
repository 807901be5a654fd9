/**
 * Which cycle a certification is in: its first day, its expiry and what it requires. A renewal cycle starts the
 * day after the previous expiry; a first cycle starts on the exam day (ADR 0016).
 */
import {
  addMonthsToDayNumber,
  calendarMonthsBetween,
  type DayNumber,
  fromDayNumber,
  toDayNumber,
} from './calendar-date.js';
import { findCertification } from './catalog/index.js';
import type { CertificationEntry, CycleRule, NscaCategory, ProrationRow } from './catalog/rules.js';
import { spanBefore } from './spans.js';
import type { CalendarDate, Hundredths } from './types.js';

export interface Cycle {
  readonly startDay: DayNumber;
  readonly expiresDay: DayNumber;
  /** True when the exam was passed inside this cycle (or within the card-printing slack before it). */
  readonly isFirst: boolean;
  readonly required: Hundredths;
  /** NSCA: category maximums for this holder's proration row; null for bodies without categories. */
  readonly categoryMaximums: Readonly<Record<NscaCategory, Hundredths>> | null;
}

/** The first day of the renewal cycle that ends on `expiresDay`, and how early a first cycle may start. */
function renewalCycleStart(cycle: CycleRule, expiresDay: DayNumber): DayNumber {
  switch (cycle.anchor) {
    case 'anniversary':
      return addMonthsToDayNumber(expiresDay, -cycle.months) + 1;
    case 'day-before-anniversary':
      // Shift to the anniversary first, or a leap day would move the start a day early.
      return addMonthsToDayNumber(expiresDay + 1, -cycle.months);
    case 'calendar-fixed':
      return fixedPeriodStart(cycle, expiresDay);
  }
}

/** The start of the fixed period that contains `day`. */
function fixedPeriodStart(cycle: Extract<CycleRule, { anchor: 'calendar-fixed' }>, day: DayNumber): DayNumber {
  const origin = toDayNumber(cycle.periodStartsOn);
  const periods = Math.floor(calendarMonthsBetween(origin, day) / cycle.months);
  return addMonthsToDayNumber(origin, periods * cycle.months);
}

/** The proration row for a holder certified `monthsIn` months into the period (negative: before it). */
function prorationRow(rows: readonly ProrationRow[], monthsIn: number): ProrationRow {
  return rows.find((row) => monthsIn < row.certifiedBeforeMonth) ?? rows[rows.length - 1]!;
}

export function cycleOf(entry: CertificationEntry, expiresOn: CalendarDate, earnedOn: CalendarDate | undefined): Cycle {
  const expiresDay = toDayNumber(expiresOn);
  const earnedDay = earnedOn === undefined ? null : toDayNumber(earnedOn);
  const { cycle, requirement } = entry;
  const renewalStart = renewalCycleStart(cycle, expiresDay);
  if (cycle.anchor === 'calendar-fixed') {
    const isFirst = earnedDay !== null && earnedDay >= renewalStart;
    const row = prorationRow(cycle.proration, earnedDay === null ? -1 : calendarMonthsBetween(renewalStart, earnedDay));
    return {
      startDay: isFirst ? earnedDay : renewalStart,
      expiresDay,
      isFirst,
      required: row.units,
      categoryMaximums: row.categoryMaximums,
    };
  }
  const earliestFirstDay = spanBefore(renewalStart, cycle.firstCycleSlack);
  const isFirst = earnedDay !== null && earnedDay >= earliestFirstDay && earnedDay <= expiresDay;
  return {
    startDay: isFirst ? earnedDay : renewalStart,
    expiresDay,
    isFirst,
    required: isFirst ? (requirement.firstCycleUnits ?? requirement.units) : requirement.units,
    categoryMaximums: null,
  };
}

/**
 * For a calendar-fixed certification (NSCA), the period end `expiresOn` should be when it is not one; otherwise
 * null. The edge refuses such an expiry rather than silently moving the deadline.
 */
export function expectedPeriodEnd(code: string, expiresOn: CalendarDate): CalendarDate | null {
  const entry = findCertification(code, expiresOn);
  if (entry === undefined || entry.cycle.anchor !== 'calendar-fixed') return null;
  const expiresDay = toDayNumber(expiresOn);
  const periodEnd = addMonthsToDayNumber(fixedPeriodStart(entry.cycle, expiresDay), entry.cycle.months) - 1;
  return periodEnd === expiresDay ? null : fromDayNumber(periodEnd);
}
