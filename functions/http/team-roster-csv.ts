import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { teamForToken, teamPageErrorResponse } from '../features/teams/manager-session.js';
import { rosterDownload } from '../features/teams/roster-csv.js';
import { ROSTER_SORT_VALUES } from '../pages/team-page.js';
import { dependencies } from '../wiring/dependencies.js';

export const TeamRosterCsvQuery = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  sort: z.optional(z.enum(ROSTER_SORT_VALUES)),
});

/** GET /team/roster.csv?token=…: the roster as CSV (a header row, one row per member and certification). */
export const handler = httpRoute(
  { query: TeamRosterCsvQuery, renderError: teamPageErrorResponse },
  async ({ query, now }) => {
    const deps = await dependencies();
    return rosterDownload(deps, await teamForToken(deps, query.token, now), query.sort, now);
  },
);
