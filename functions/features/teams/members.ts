import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { type HttpResponse, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { teamPagePath } from './manager-page.js';

/** What the manager's member forms ask for. */
export const MEMBER_ACTIONS = ['remove'] as const;

export interface MemberPost {
  readonly token: string;
  readonly action: (typeof MEMBER_ACTIONS)[number];
  /** The member, by the reference the page lists (a hash of team and trainer). */
  readonly member: string;
}

/**
 * POST /team/members `remove`: the member stops sharing with the team at once; a second click (an old copy of the page)
 * changes nothing. Either side can end a membership; the trainer can be invited again.
 */
export async function postMemberChange(
  deps: Dependencies,
  team: Team,
  form: MemberPost,
  now: Date,
): Promise<HttpResponse> {
  const removed = await deps.repositories.teamRosters.removeMember(team.teamId, form.member, now);
  logger.info('team member removed', { teamId: team.teamId, removed });
  return seeOther(teamPagePath(form.token, 'removed'));
}
