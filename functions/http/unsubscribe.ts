import { html, ok } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { pageOrJson, tokenPageErrorResponse, wantsHtml } from '../edge/page-or-json.js';
import { unsubscribe } from '../features/my-record/unsubscribe.js';
import { renderUnsubscribedPage } from '../pages/token-pages.js';
import { dependencies } from '../wiring/dependencies.js';

export const UnsubscribeQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });
/** RFC 8058: the one-click POST carries exactly this body (the unsubscribe page's form posts the same). */
export const UnsubscribeBody = z.strictObject({ 'List-Unsubscribe': z.literal('One-Click') });

type Request = { query: z.infer<typeof UnsubscribeQuery>; now: Date };

/** POST /unsubscribe?token=… from a mail provider (RFC 8058 one-click): 200, no redirect, no cookies needed. */
async function oneClick({ query, now }: Request) {
  await unsubscribe(await dependencies(), query.token, now);
  return ok({ unsubscribed: true });
}

/** The same POST from the unsubscribe page's button in a browser: the "unsubscribed" page. */
async function fromPage({ query, now }: Request) {
  await unsubscribe(await dependencies(), query.token, now);
  return html(200, renderUnsubscribedPage());
}

export const handler = pageOrJson(
  wantsHtml,
  httpRoute({ query: UnsubscribeQuery, body: UnsubscribeBody, renderError: tokenPageErrorResponse }, fromPage),
  httpRoute({ query: UnsubscribeQuery, body: UnsubscribeBody }, oneClick),
);
