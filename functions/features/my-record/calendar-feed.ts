import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { calendarDeadlines } from '../../adapters/email/calendar-deadlines.js';
import { type CalendarDeadline, renderCalendarInvite } from '../../adapters/email/calendar-invite.js';
import { type HttpResponse, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import type { CalendarFeedLinks } from '../../pages/calendar-section.js';
import { calendarDateAt, evaluateWithSent } from '../../record/next-reminder.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { trainerForToken } from './session.js';

/** What the status page's calendar forms ask for: the first link, or a new one that revokes the old (ADR 0026). */
export const CALENDAR_ACTIONS = ['create', 'rotate'] as const;
export type CalendarAction = (typeof CALENDAR_ACTIONS)[number];

/** The `done` the page says once after each action (status-view.ts holds the words). */
const DONE: Readonly<Record<CalendarAction, string>> = { create: 'calendar-created', rotate: 'calendar-replaced' };

/** Calendar clients fetch again about this often; the deadlines move only when the record does. */
const REFRESH_HOURS = 6;
/** Short, and private: a shared cache must never keep one trainer's deadlines, and a change shows within minutes. */
const CACHE_SECONDS = 900;
const CALENDAR_NAME = 'Recert deadlines';

/** The feed's https URL, and the same as `webcal://`, which calendar apps open as a subscription. */
export function feedLinks(baseUrl: string, feedId: string): CalendarFeedLinks {
  const https = `${baseUrl.replace(/\/+$/, '')}/calendar/${feedId}.ics`;
  return { https, webcal: https.replace(/^https?:/, 'webcal:') };
}

/** The links the status page shows, or undefined while the trainer has not asked for a feed. */
export async function calendarFeedLinks(
  deps: Dependencies,
  trainer: TrainerRecord,
): Promise<CalendarFeedLinks | undefined> {
  const feed = await deps.repositories.calendarFeeds.current(trainer.trainerId);
  return feed ? feedLinks(deps.config.BASE_URL, feed.feedId) : undefined;
}

/**
 * POST /status/calendar: make the trainer's feed (a double click keeps the one link) or replace it (the old link
 * answers 404 from then on), then 303 back to the page's calendar section.
 */
export async function postCalendarLink(
  deps: Dependencies,
  form: { readonly token: string; readonly action: CalendarAction },
  now: Date,
): Promise<HttpResponse> {
  const trainer = await trainerForToken(deps, form.token, now);
  const feeds = deps.repositories.calendarFeeds;
  await (form.action === 'create' ? feeds.ensure(trainer.trainerId, now) : feeds.rotate(trainer.trainerId, now));
  // The trainer id only: the feed id is a capability, like a token, and never logged.
  logger.info(form.action === 'create' ? 'calendar feed ready' : 'calendar feed replaced', {
    trainerId: trainer.trainerId,
  });
  return seeOther(`/status?token=${encodeURIComponent(form.token)}&done=${DONE[form.action]}#calendar`);
}

/**
 * The feed's events: the emailed invite's events, with SEQUENCE raised by the record's revision. Every write of the
 * trainer record bumps `revision` and it never goes down, so an event a change moved or reworded always carries a
 * higher SEQUENCE than any copy a client holds, from this feed or from an email (whose SEQUENCE is the base alone).
 */
export function feedEvents(trainer: TrainerRecord, now: Date): CalendarDeadline[] {
  const evaluation = evaluateWithSent(trainer.profile, calendarDateAt(now), trainer.remindersSent);
  return calendarDeadlines(trainer.trainerId, evaluation).map((event) => ({
    ...event,
    sequence: (event.sequence ?? 0) + trainer.revision,
  }));
}

/** Unknown, rotated, malformed, or its trainer erased: the same answer, with nothing in it. */
const NOT_FOUND: HttpResponse = {
  statusCode: 404,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: 'Not found\n',
};

/**
 * GET /calendar/{feed}: every deadline still ahead, rendered from the record as it is now. `feed` is the id with or
 * without `.ics` (API Gateway passes the whole last segment).
 */
export async function calendarFeed(deps: Dependencies, feed: string | undefined, now: Date): Promise<HttpResponse> {
  const trainerId = await deps.repositories.calendarFeeds.trainerOf((feed ?? '').replace(/\.ics$/, ''));
  const trainer = trainerId === undefined ? undefined : await deps.repositories.trainers.get(trainerId);
  if (!trainer) return NOT_FOUND;
  const events = feedEvents(trainer, now);
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="recert-deadlines.ics"',
      'cache-control': `private, max-age=${CACHE_SECONDS}`,
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
    body: renderCalendarInvite({ now, events, subscription: { name: CALENDAR_NAME, refreshHours: REFRESH_HOURS } }),
  };
}
