import * as z from '../common/zod.js';
import { httpRoute } from '../edge/http-route.js';
import { tokenPageErrorResponse } from '../edge/page-or-json.js';
import { trainerForToken } from '../features/my-record/session.js';
import { answerTeam, TEAM_ID_PATTERN } from '../features/teams/trainer-answers.js';
import { TEAM_ANSWERS } from '../pages/team-section.js';
import { dependencies } from '../wiring/dependencies.js';

export const TeamAnswerForm = z.object({
  token: z.string().check(z.minLength(1), z.maxLength(1024)),
  action: z.enum(TEAM_ANSWERS),
  team: z.string().check(z.regex(TEAM_ID_PATTERN, 'not a team id')),
});

/** POST /status/teams (the trainer's status page, no script): join or decline a team's invitation, or leave a team. */
export const handler = httpRoute(
  { body: TeamAnswerForm, renderError: tokenPageErrorResponse },
  async ({ body, now }) => {
    const deps = await dependencies();
    return answerTeam(deps, await trainerForToken(deps, body.token, now), body, now);
  },
);
