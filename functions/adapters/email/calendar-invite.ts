import { createHash } from 'node:crypto';
import type { PhaseDeadlineKind } from '../../../core/index.js';
import { addDays, compactDate } from './dates.js';
import type { EmailAttachment } from './message.js';

/** One all-day deadline in the trainer's calendar. */
export interface CalendarDeadline {
  /** From `calendarEventUid`: the same deadline keeps its UID so a later email updates the event, never duplicates it. */
  readonly uid: string;
  /** All-day event date (`YYYY-MM-DD`). */
  readonly date: string;
  readonly summary: string;
  readonly description: string;
  readonly url?: string;
  /** Raised when the same UID moves (countdown → ready → grace), so calendars accept the update. */
  readonly sequence?: number;
  /** The alarm fires this many days before the date; 7 unless said otherwise. */
  readonly alarmDaysBefore?: number;
}

export interface CalendarInput {
  /** DTSTAMP: when this calendar object was created. A parameter, never the clock, so output is reproducible. */
  readonly now: Date;
  readonly events: readonly CalendarDeadline[];
  /** Set for a subscription feed (ADR 0026): the calendar's name and how often a client should fetch it again. */
  readonly subscription?: { readonly name: string; readonly refreshHours: number };
}

/** RFC 7986 NAME and REFRESH-INTERVAL, with the older X-WR-CALNAME and X-PUBLISHED-TTL clients still read. */
function subscriptionLines(subscription: CalendarInput['subscription']): string[] {
  if (!subscription) return [];
  const name = escapeText(subscription.name);
  const every = `PT${subscription.refreshHours}H`;
  return [
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
    `REFRESH-INTERVAL;VALUE=DURATION:${every}`,
    `X-PUBLISHED-TTL:${every}`,
  ];
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/**
 * A stable UID per trainer, credential, cycle (its expiry date) and deadline, so each date is its own event and a
 * later email updates it rather than adding a second. Hashed so the UID carries no identifier a calendar server could
 * show or index. The expiry hashes exactly what the one event per cycle of earlier emails did, so that event becomes
 * the expiry instead of lingering beside it.
 */
export function calendarEventUid(
  trainerId: string,
  code: string,
  expiresOn: string,
  deadline: PhaseDeadlineKind = 'expires',
): string {
  const cycle = `${trainerId}\u0000${code}\u0000${expiresOn}`;
  const key = deadline === 'expires' ? cycle : `${cycle}\u0000${deadline}`;
  const digest = createHash('sha256').update(key).digest('hex');
  return `${digest.slice(0, 32)}@recert`;
}

/** RFC 5545 §3.3.11 TEXT escaping. */
export function escapeText(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll(';', '\\;')
    .replaceAll(',', '\\,')
    .replace(/\r?\n|\r/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ` ${char}`;
      octets = 1 + size;
    } else {
      current += char;
      octets += size;
    }
  }
  out.push(current);
  return out.join(CRLF);
}

function stamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '')}Z`;
}

function eventLines(event: CalendarDeadline, dtstamp: string): string[] {
  const days = event.alarmDaysBefore ?? 7;
  return [
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
    `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    // A deadline, not a meeting: it must not block time in the trainer's calendar.
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(event.summary)}`,
    `TRIGGER:-P${days}D`,
    'END:VALARM',
    'END:VEVENT',
  ];
}

/** A VCALENDAR (METHOD:PUBLISH) with one all-day VEVENT and alarm per deadline; CRLF line endings throughout. */
export function renderCalendarInvite(input: CalendarInput): string {
  const dtstamp = stamp(input.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Recert//Certification reminders//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...subscriptionLines(input.subscription),
    ...input.events.flatMap((event) => eventLines(event, dtstamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

export const CALENDAR_FILENAME = 'recert-deadlines.ics';

export function calendarAttachment(ics: string): EmailAttachment {
  return { filename: CALENDAR_FILENAME, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ics };
}
