import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { showTeamPage } from '../features/teams/manager-page.js';
import { teamForToken, teamPageErrorResponse } from '../features/teams/manager-session.js';
import { ROSTER_SORT_VALUES } from '../pages/team-page.js';
import { dependencies } from '../wiring/dependencies.js';

export const TeamPageQuery = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  /** The roster's order within "needs attention" and "up to date"; soonest expiry first when absent. */
  sort: z.optional(z.enum(ROSTER_SORT_VALUES)),
  /** Set by the redirect after a change, to say once what it did. */
  done: z.optional(z.string().check(z.maxLength(40))),
});

/** GET /team?token=…: the team manager's page: the roster, "needs attention" first, and the invitations. */
export const handler = httpRoute(
  { query: TeamPageQuery, renderError: teamPageErrorResponse },
  async ({ query, now }) => {
    const deps = await dependencies();
    return showTeamPage(deps, await teamForToken(deps, query.token, now), query, now);
  },
);
