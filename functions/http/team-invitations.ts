import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { INVITATION_ACTIONS, postInvitation } from '../features/teams/invitations.js';
import { teamForToken, teamPageErrorResponse } from '../features/teams/manager-session.js';
import { mailingDependencies } from '../wiring/mailing-dependencies.js';

/** Both of the page's invitation forms. The address is checked by the use case, in the manager's words. */
export const TeamInvitationForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum(INVITATION_ACTIONS),
  email: z.optional(z.string().check(z.maxLength(1000))),
  invitation: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'not an invitation reference'))),
});

/** POST /team/invitations (the manager's page, no script): invite a trainer by email, or withdraw an invitation. */
export const handler = httpRoute(
  { body: TeamInvitationForm, renderError: teamPageErrorResponse },
  async ({ body, now }) => {
    const deps = await mailingDependencies();
    return postInvitation(deps, await teamForToken(deps, body.token, now), body, now);
  },
);
