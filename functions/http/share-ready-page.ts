import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { trainerForToken } from '../features/my-record/session.js';
import { shareReadyPage } from '../features/sharing/manage-share-links.js';
import { dependencies } from '../wiring/dependencies.js';

export const ShareReadyQuery = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  link: z.string().check(z.minLength(1), z.maxLength(64)),
});

/** GET /status/share?token=…&link=…: where making a link lands, the one page that shows its address. */
export const handler = httpRoute(
  { query: ShareReadyQuery, renderError: tokenPageErrorResponse },
  async ({ query, now }) => {
    const deps = await dependencies();
    return shareReadyPage(deps, await trainerForToken(deps, query.token, now), query, now);
  },
);
