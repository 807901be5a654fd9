import { formatLongDate as coreFormatLongDate } from '../../../core/index.js';
import { RenderInputError } from './render-input-error.js';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: string, field: string): { year: number; month: number; day: number } {
  const match = CALENDAR_DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (!match || probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RenderInputError(field, date, 'not a calendar date (YYYY-MM-DD)');
  }
  return { year, month, day };
}

/**
 * `2027-06-30` → `30 Jun 2027`, via core's formatter. Core trusts its input; an email must not print a nonsense
 * date, so this checks it first and names the field.
 */
export function formatLongDate(date: string, field = 'date'): string {
  parts(date, field);
  return coreFormatLongDate(date);
}

/** Calendar arithmetic in UTC so no local time zone or DST shift can move a date. */
export function addDays(date: string, days: number, field = 'date'): string {
  const { year, month, day } = parts(date, field);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** `2027-06-30` → `20270630`, the iCalendar DATE form. */
export function compactDate(date: string, field = 'date'): string {
  parts(date, field);
  return date.replaceAll('-', '');
}
