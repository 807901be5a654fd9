/**
 * The profile schema's messages (which the JSON API returns with their field paths) in a trainer's words, for the
 * forms: "Expiry must be after the date you earned it (30 Jun 2025)", not "before earnedOn 2025-06-30". One mapping
 * for the sign-up form and the status page, so a field says the same thing wherever it is typed.
 */
import { formatLongDate, isCalendarDate } from '../../core/index.js';

/** The last part of a field path (`credentials[0].expiresOn` → `expiresOn`, `activities[2].units.NASM` → `units`). */
function fieldOf(path: string): string {
  const parts = path.replace(/\[\d+\]/g, '').split('.');
  const unitsAt = parts.indexOf('units');
  return unitsAt === -1 ? (parts.at(-1) ?? '') : 'units';
}

const DATE_FIELDS: Readonly<Record<string, string>> = {
  expiresOn: 'the expiry date printed on your card',
  earnedOn: 'the date you earned it',
  completedOn: 'the date you completed it',
};

/** A schema message for the field at `path`, said the way the form's label would say it. */
export function plainMessage(path: string, message: string): string {
  const field = fieldOf(path);
  const withoutValue = message.replace(/ \(got [^)]*\)$/, '');
  const before = /^before earnedOn (\S+)/.exec(withoutValue);
  if (before?.[1] && isCalendarDate(before[1])) {
    return `Expiry must be after the date you earned it (${formatLongDate(before[1])})`;
  }
  if (/^required for specialization/.test(withoutValue)) return 'Enter the date you earned it';
  if (/^required for /.test(withoutValue)) return 'Enter the expiry date printed on your card';
  if (/^duplicate certification/.test(withoutValue))
    return 'You already hold this certification: change its dates instead';
  if (/^Too big: expected array to have <=(\d+) items$/.test(withoutValue)) {
    return `Recert keeps at most ${/<=(\d+)/.exec(withoutValue)?.[1]} entries of this kind: remove an old one first`;
  }
  if (withoutValue === 'unknown credential code') return 'Choose a certification from the list';
  if (withoutValue === 'not a calendar date' || (field in DATE_FIELDS && /expected string/.test(withoutValue))) {
    return `Enter ${DATE_FIELDS[field] ?? 'a date'} as a real date`;
  }
  if (/^must be between \d{4} and \d{4}$/.test(withoutValue)) return `Enter a date ${withoutValue.slice(8)}`;
  if (field === 'units') {
    if (/expected number/.test(withoutValue)) return 'Units must be a number, like 1.5';
    if (withoutValue === 'at most 2 decimals') return 'Units can have at most 2 decimals, like 1.25';
    if (/^must be /.test(withoutValue)) return `Units ${withoutValue}`;
  }
  if (field === 'title' && /must not be empty|expected string/.test(withoutValue)) return 'Enter the course title';
  if (/^Too big: expected string to have <=(\d+) characters$/.test(withoutValue)) {
    return `Keep it to ${/<=(\d+)/.exec(withoutValue)?.[1]} characters`;
  }
  return withoutValue.charAt(0).toUpperCase() + withoutValue.slice(1);
}
