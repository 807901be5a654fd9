import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { teamForToken, teamPageErrorResponse } from '../features/teams/manager-session.js';
import { MEMBER_ACTIONS, postMemberChange } from '../features/teams/members.js';
import { dependencies } from '../wiring/dependencies.js';

export const TeamMemberForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum(MEMBER_ACTIONS),
  member: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'not a member reference')),
});

/** POST /team/members (the manager's page, no script): remove a member from the team. */
export const handler = httpRoute(
  { body: TeamMemberForm, renderError: teamPageErrorResponse },
  async ({ body, now }) => {
    const deps = await dependencies();
    return postMemberChange(deps, await teamForToken(deps, body.token, now), body, now);
  },
);
