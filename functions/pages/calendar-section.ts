import { escapeHtml } from '../common/http.js';

/** A trainer's calendar feed, as the status page offers it (ADR 0026). */
export interface CalendarFeedLinks {
  /** `https://…/calendar/<feed id>.ics` */
  readonly https: string;
  /** The same address as `webcal://…`, which calendar apps open as a subscription. */
  readonly webcal: string;
}

export interface CalendarSectionInput {
  readonly token: string;
  /** Absent until the trainer asks for a link. */
  readonly calendarFeed?: CalendarFeedLinks | undefined;
}

/** Google subscribes to a `cid` given as a webcal address. */
export function googleCalendarUrl(feed: CalendarFeedLinks): string {
  return `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(feed.webcal)}`;
}

/** Outlook on the web's "subscribe from web", with the calendar's name filled in. */
export function outlookCalendarUrl(feed: CalendarFeedLinks): string {
  return `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(feed.https)}&name=${encodeURIComponent('Recert deadlines')}`;
}

const hiddenFields = (token: string, action: 'create' | 'rotate') =>
  `<input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="action" value="${action}">`;

function subscribed(token: string, feed: CalendarFeedLinks): string {
  return `<p>Your calendar shows every deadline on this page. When you log a course or change a date here, it follows the next time it checks, usually within a day.</p>
<ul class="calendar-apps">
<li><a href="${escapeHtml(googleCalendarUrl(feed))}" rel="noreferrer">Add to Google Calendar</a></li>
<li><a href="${escapeHtml(feed.webcal)}">Add to Apple Calendar</a></li>
<li><a href="${escapeHtml(outlookCalendarUrl(feed))}" rel="noreferrer">Add to Outlook</a></li>
</ul>
<label for="calendar-url">Another calendar app? Subscribe to this address:</label>
<input id="calendar-url" type="text" readonly value="${escapeHtml(feed.https)}" spellcheck="false" autocomplete="off">
<p class="hint">Anyone with this address can see your deadlines, but nothing else. Keep it to yourself.</p>
<form method="post" action="/status/calendar">${hiddenFields(token, 'rotate')}<button type="submit" class="secondary">Replace this link</button></form>
<p class="hint">The old link stops working at once: calendars subscribed to it stop updating. Subscribe again with the new one.</p>`;
}

function notYet(token: string): string {
  return `<p>Subscribe once and every deadline (certification expiry, finish your CE by, late renewal, CPR/AED card) appears in your calendar, and moves when your record changes.</p>
<form method="post" action="/status/calendar">${hiddenFields(token, 'create')}<button type="submit" class="secondary">Get my calendar link</button></form>`;
}

/**
 * "Subscribe in your calendar": the trainer's private feed with one-tap links for the common apps, or the button that
 * makes one. Reminder emails keep their calendar attachment either way.
 */
export function calendarSection(input: CalendarSectionInput): string {
  const body = input.calendarFeed ? subscribed(input.token, input.calendarFeed) : notYet(input.token);
  return `<section class="card" id="calendar" aria-labelledby="calendar-title"><h2 id="calendar-title">Subscribe in your calendar</h2>
${body}
<p class="hint">You don't have to subscribe: reminder emails still come with the dates as a calendar file.</p>
</section>`;
}
