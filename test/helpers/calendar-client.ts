import ICAL from 'ical.js';

/** One event as a calendar app shows it. */
export interface ShownEvent {
  readonly uid: string;
  /** All-day date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly summary: string;
  readonly description: string;
  readonly sequence: number;
}

export interface ParsedFeed {
  readonly name: string | undefined;
  readonly events: readonly ShownEvent[];
}

/**
 * Parses a feed with ical.js (Mozilla's RFC 5545 parser, the one Thunderbird uses) and checks what it does not: the
 * properties RFC 5545 requires of a calendar and of each event, CRLF line ends and 75-octet lines. Throws on any
 * problem, so a test that calls it validates the feed.
 */
export function parseFeed(text: string): ParsedFeed {
  if (!text.endsWith('\r\n') || text.replaceAll('\r\n', '').match(/[\r\n]/)) throw new Error('lines must end in CRLF');
  const long = text.split('\r\n').find((line) => Buffer.byteLength(line, 'utf8') > 75);
  if (long !== undefined) throw new Error(`line over 75 octets: ${long}`);

  const calendar = new ICAL.Component(ICAL.parse(text));
  if (calendar.name !== 'vcalendar') throw new Error(`not a VCALENDAR: ${calendar.name}`);
  if (calendar.getFirstPropertyValue('version') !== '2.0') throw new Error('VERSION must be 2.0');
  if (!calendar.getFirstPropertyValue('prodid')) throw new Error('PRODID is required');

  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    for (const required of ['uid', 'dtstamp', 'dtstart']) {
      if (!component.hasProperty(required)) throw new Error(`VEVENT without ${required.toUpperCase()}`);
    }
    const event = new ICAL.Event(component);
    if (!event.startDate.isDate) throw new Error(`${event.uid}: DTSTART is not an all-day date`);
    return {
      uid: event.uid,
      date: event.startDate.toString(),
      summary: event.summary,
      // ical.js answers null for an absent DESCRIPTION, whatever its type says.
      description: (event.description as string | null) ?? '',
      sequence: event.sequence,
    };
  });
  const uids = events.map((event) => event.uid);
  if (new Set(uids).size !== uids.length) throw new Error('two events share a UID');
  const name = calendar.getFirstPropertyValue('x-wr-calname');
  return { name: typeof name === 'string' ? name : undefined, events };
}

/**
 * A calendar app subscribed to a feed, as RFC 5545 asks it to behave: an event is kept by UID; a fetched copy
 * replaces the held one only if its SEQUENCE is not lower; an event the feed no longer has is gone.
 */
export class SubscribedCalendar {
  private held = new Map<string, ShownEvent>();

  refresh(text: string): void {
    const next = new Map<string, ShownEvent>();
    for (const event of parseFeed(text).events) {
      const before = this.held.get(event.uid);
      next.set(event.uid, before && before.sequence > event.sequence ? before : event);
    }
    this.held = next;
  }

  /** What the calendar shows, by date. */
  shown(): ShownEvent[] {
    return [...this.held.values()].sort((a, b) => a.date.localeCompare(b.date) || a.summary.localeCompare(b.summary));
  }
}
