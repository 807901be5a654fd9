import { html } from '../common/http.js';
import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { trainerForToken } from '../features/my-record/session.js';
import { statusView } from '../features/my-record/status-view.js';
import { postShareLink, SHARE_ACTIONS } from '../features/sharing/manage-share-links.js';
import { SHARE_LIFETIME_VALUES } from '../pages/share-section.js';
import { renderStatusPage } from '../pages/status-page.js';
import { dependencies } from '../wiring/dependencies.js';

/** Both of the section's forms. What a trainer types is checked by the use case, in their words; this is the shape. */
export const ShareLinkForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum(SHARE_ACTIONS),
  link: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'not a link reference'))),
  codes: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(40))).check(z.maxLength(100))),
  expires: z.optional(z.enum(SHARE_LIFETIME_VALUES)),
  label: z.optional(z.string().check(z.maxLength(1000))),
});

/**
 * POST /status/share (the status page's "Share your status", no script): make a verification link, or turn one off.
 * A mistake in the form shows the status page again with the message next to the field.
 */
export const handler = httpRoute(
  { body: ShareLinkForm, renderError: tokenPageErrorResponse },
  async ({ body, now }) => {
    const deps = await dependencies();
    const trainer = await trainerForToken(deps, body.token, now);
    return postShareLink(deps, trainer, body, now, async (posted) =>
      html(400, renderStatusPage(await statusView(deps, trainer, body.token, now, { posted }))),
    );
  },
);
