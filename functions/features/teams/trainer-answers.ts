import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';

// The entry's schema checks a posted team id against the registry's own pattern.
export { TEAM_ID_PATTERN } from '../../adapters/dynamodb/team-repository.js';

import { type HttpResponse, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import type { TEAM_ANSWERS } from '../../pages/team-section.js';
import type { Dependencies } from '../../wiring/dependencies.js';

export interface TeamAnswerPost {
  readonly token: string;
  readonly action: (typeof TEAM_ANSWERS)[number];
  /** The team, by id: only an invitation to the trainer's own address, or their own membership, is ever found by it. */
  readonly team: string;
}

/**
 * POST /status/teams, from the "Teams" section of the trainer's own status page: join or decline an invitation to
 * their address, or leave a team. Consent is the trainer's: the trainer comes from the status token, the invitation
 * from their own address, so nobody answers for someone else. A second post (an old copy of the page) changes
 * nothing. Back to the page's section (303), which shows the result.
 */
export async function answerTeam(
  deps: Dependencies,
  trainer: TrainerRecord,
  form: TeamAnswerPost,
  now: Date,
): Promise<HttpResponse> {
  const rosters = deps.repositories.teamRosters;
  let outcome: string;
  if (form.action === 'accept') {
    const team = await deps.repositories.teams.get(form.team);
    // A team deleted meanwhile took its invitations with it; a pointer its deletion missed goes now.
    if (team) outcome = await rosters.accept(trainer, team.teamId, now);
    else {
      await rosters.decline(trainer.email, form.team, now);
      outcome = 'ended';
    }
  } else if (form.action === 'decline') {
    await rosters.decline(trainer.email, form.team, now);
    outcome = 'declined';
  } else {
    outcome = await rosters.leave(trainer, form.team, now);
  }
  logger.info('team answer', { trainerId: trainer.trainerId, action: form.action, outcome });
  return seeOther(`/status?token=${encodeURIComponent(form.token)}#teams`);
}
