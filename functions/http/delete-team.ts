import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { deleteTeam } from '../features/teams/delete-team.js';
import { teamForToken, teamPageErrorResponse } from '../features/teams/manager-session.js';
import { dependencies } from '../wiring/dependencies.js';

export const DeleteTeamForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  confirm: z.optional(z.literal('yes')),
});

/** POST /team/delete (the manager's page, no script): a confirmation step, then the team and its roster go. */
export const handler = httpRoute(
  { body: DeleteTeamForm, renderError: teamPageErrorResponse },
  async ({ body, now }) => {
    const deps = await dependencies();
    return deleteTeam(deps, await teamForToken(deps, body.token, now), body);
  },
);
