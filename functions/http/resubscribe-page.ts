import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { renderResubscribePage } from '../pages/my-record.js';

export const ResubscribePageQuery = z.object({ token: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** GET /resubscribe?token=… (the opt-in email's link): a confirmation button, nothing changed yet. */
export const handler = httpRoute(
  { query: ResubscribePageQuery, renderError: tokenPageErrorResponse },
  async ({ query }) => html(200, renderResubscribePage(query.token)),
);
