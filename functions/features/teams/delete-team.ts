import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { type HttpResponse, html } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { renderDeleteTeamConfirmPage, renderTeamDeletedPage } from '../../pages/team-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/**
 * POST /team/delete: without `confirm=yes` the confirmation step; with it the team goes with everything it holds
 * (roster, invitations, departures, digest ledger, and each member's side of the membership) and its token stops
 * working. Members keep their own records.
 */
export async function deleteTeam(
  deps: Dependencies,
  team: Team,
  form: { readonly token: string; readonly confirm?: 'yes' | undefined },
): Promise<HttpResponse> {
  if (form.confirm !== 'yes') return html(200, renderDeleteTeamConfirmPage(form.token, team.name));
  const deleted = await deps.repositories.teams.deleteTeam(team.teamId);
  logger.info('team deleted', { teamId: team.teamId, items: deleted });
  return html(200, renderTeamDeletedPage());
}
