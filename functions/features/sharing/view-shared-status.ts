import { type HttpResponse, html, json } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import {
  renderSharedStatusPage,
  renderShareGonePage,
  renderShareNotFoundPage,
  renderShareRateLimitedPage,
} from '../../pages/shared-status-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { sharedStatus } from './shared-status.js';

/**
 * Requests per link per window, views or not: a person opens a link a few times and a gym's system checks it now and
 * then, while a link posted somewhere public cannot be hammered into a cost or a scrape. 30 in 10 minutes is one
 * every 20 seconds on average, with room for a burst.
 */
export const SHARE_VIEW_LIMIT = { windowSeconds: 10 * 60, limit: 30 } as const;

/**
 * Every answer of the link, whatever it is: never cached (it counts views and changes with the record), never
 * indexed (a link pasted somewhere public must not put a name in a search engine), and it varies with `Accept`.
 */
const SHARED_HEADERS = { vary: 'accept', 'x-robots-tag': 'noindex, nofollow' } as const;

/** JSON for a client that asks for it and not for HTML (a browser's Accept names text/html). */
export function prefersJson(accept: string | undefined): boolean {
  const value = (accept ?? '').toLowerCase();
  return /\bapplication\/json\b/.test(value) && !/\btext\/html\b/.test(value);
}

function minutesPhrase(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? 'a minute' : `${minutes} minutes`;
}

interface Refusal {
  readonly statusCode: 404 | 410 | 429;
  readonly code: string;
  readonly message: string;
  readonly page: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const NOT_FOUND: Refusal = {
  statusCode: 404,
  code: 'share.not-found',
  message: 'There is no such link. Check that the whole link was copied: it is case-sensitive.',
  page: renderShareNotFoundPage(),
};

const GONE: Refusal = {
  statusCode: 410,
  code: 'share.gone',
  message: 'This link no longer works: it was turned off or it expired. Ask for a new link.',
  page: renderShareGonePage(),
};

function rateLimited(retryAfterSeconds: number): Refusal {
  const message = `This link was opened too many times in the last few minutes. Please try again in ${minutesPhrase(retryAfterSeconds)}.`;
  return {
    statusCode: 429,
    code: 'share.rate-limited',
    message,
    page: renderShareRateLimitedPage(message),
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
}

function refuse(refusal: Refusal, asJson: boolean): HttpResponse {
  const headers = { ...SHARED_HEADERS, ...refusal.headers };
  return asJson
    ? json(refusal.statusCode, { error: { code: refusal.code, message: refusal.message } }, headers)
    : html(refusal.statusCode, refusal.page, {}, headers);
}

/**
 * GET /verify/{link}: what the trainer chose to show, as of today, as a page or JSON (same URL, by `Accept`).
 * Malformed, unknown or erased: 404. Known: counted against the link's window (429 when full, not a view), then the
 * view is counted and checked live in one conditional write: turned off or expired is 410 with nothing in it.
 */
export async function viewSharedStatus(
  deps: Dependencies,
  linkId: string | undefined,
  accept: string | undefined,
  now: Date,
): Promise<HttpResponse> {
  const asJson = prefersJson(accept);
  const links = deps.repositories.shareLinks;
  const found = await links.find(linkId ?? '', now);
  if (!found) return refuse(NOT_FOUND, asJson);
  const window = await deps.repositories.shareViewWindows.admit(found.ref, now, SHARE_VIEW_LIMIT);
  if (!window.admitted) {
    const retryAfterSeconds = Math.max(1, Math.ceil((window.windowEndsAt.getTime() - now.getTime()) / 1000));
    logger.info('share link refused: too many requests for one link', { retryAfterSeconds });
    return refuse(rateLimited(retryAfterSeconds), asJson);
  }
  const view = await links.recordView(found.trainerId, found.ref, now);
  if (view.kind === 'ended') return refuse(GONE, asJson);
  const trainer = view.kind === 'live' ? await deps.repositories.trainers.get(found.trainerId) : undefined;
  if (view.kind !== 'live' || !trainer) return refuse(NOT_FOUND, asJson);
  const status = sharedStatus(trainer, view.link, now);
  return asJson ? json(200, status, SHARED_HEADERS) : html(200, renderSharedStatusPage(status), {}, SHARED_HEADERS);
}
