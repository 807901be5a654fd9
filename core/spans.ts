/** Where a catalog span (months and days, as the sources state them) ends. */
import { addMonthsToDayNumber, type DayNumber } from './calendar-date.js';
import type { Span } from './catalog/rules.js';

/** The last day of a span starting after `day`: `day + months` (clamped to the month's end) `+ days`. */
export function spanEnd(day: DayNumber, span: Span): DayNumber {
  return addMonthsToDayNumber(day, span.months) + span.days;
}

/** The day `span` before `day`: `day − months` (clamped to the month's end) `− days`. */
export function spanBefore(day: DayNumber, span: Span): DayNumber {
  return addMonthsToDayNumber(day, -span.months) - span.days;
}
