import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { type HttpResponse, html } from '../../common/http.js';
import { DEFAULT_ROSTER_SORT, type RosterSort, renderTeamPage, type TeamPageInput } from '../../pages/team-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { loadRoster } from './roster.js';

/** Said once on the page a change redirects to (`done`). */
const DONE = {
  invited: 'Invitation sent. They answer on their own Recert status page and appear in the roster once they accept.',
  'already-invited': 'That address already has an invitation waiting, so nothing was sent again.',
  withdrawn: 'Invitation withdrawn.',
  removed: 'Removed from the team. They no longer share their status with you; you can invite them again.',
} as const;

export type TeamDone = keyof typeof DONE;

export function teamDoneMessage(done: string | undefined): string | undefined {
  return done !== undefined && Object.hasOwn(DONE, done) ? DONE[done as TeamDone] : undefined;
}

/** `/team?token=…` after a change, saying once what it did. */
export function teamPagePath(token: string, done?: TeamDone, anchor = 'roster'): string {
  return `/team?token=${encodeURIComponent(token)}${done ? `&done=${done}` : ''}#${anchor}`;
}

/** Everything the manager's page shows today. */
export async function teamPageInput(
  deps: Dependencies,
  team: Team,
  token: string,
  now: Date,
  extras: {
    readonly sort?: RosterSort | undefined;
    readonly done?: string | undefined;
    readonly invite?: TeamPageInput['invite'];
  } = {},
): Promise<TeamPageInput> {
  const sort = extras.sort ?? DEFAULT_ROSTER_SORT;
  const [roster, endpoints, deliveries] = await Promise.all([
    loadRoster(deps, team, sort, now),
    deps.repositories.teamWebhooks.endpointsOf(team.teamId),
    deps.repositories.teamWebhooks.deliveryLog(team.teamId, now),
  ]);
  return {
    token,
    teamName: team.name,
    asOf: roster.asOf,
    sort,
    members: roster.entries,
    invitations: roster.invitations,
    departures: roster.departures,
    flash: teamDoneMessage(extras.done),
    invite: extras.invite,
    webhooks: {
      endpoints: endpoints.map(({ endpointId, url, state, disabledAt }) => ({
        endpointId,
        url,
        state,
        ...(disabledAt === undefined ? {} : { disabledAt }),
      })),
      deliveries,
    },
  };
}

/** GET /team?token=…: the roster, the invitations and the rest of the manager's page. */
export async function showTeamPage(
  deps: Dependencies,
  team: Team,
  query: { readonly token: string; readonly sort?: RosterSort | undefined; readonly done?: string | undefined },
  now: Date,
): Promise<HttpResponse> {
  return html(200, renderTeamPage(await teamPageInput(deps, team, query.token, now, query)));
}
