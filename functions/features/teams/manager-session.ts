import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { HttpError, UnauthorizedError } from '../../common/errors.js';
import { type HttpResponse, html } from '../../common/http.js';
import { TokenError } from '../../common/tokens.js';
import { pageErrorResponse } from '../../edge/page-errors.js';
import { renderTeamLinkExpiredPage } from '../../pages/team-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/**
 * The team a manager's token speaks for. The token's subject IS the team id and no route takes a team id from the
 * path, query or body, so a manager of one team can never reach another. A deleted team's token stops working.
 */
export async function teamForToken(deps: Dependencies, token: string, now: Date): Promise<Team> {
  const { subject } = deps.tokens.verify(token, 'team-manager', now);
  const team = await deps.repositories.teams.get(subject);
  if (!team) throw new UnauthorizedError();
  return team;
}

/** A fresh link to the manager's page: what the CLI's email and each monthly digest carry. */
export function managerPageUrl(deps: Pick<Dependencies, 'tokens' | 'config'>, teamId: string, now: Date): string {
  const token = deps.tokens.issue('team-manager', teamId, now);
  return `${deps.config.BASE_URL.replace(/\/+$/, '')}/team?token=${encodeURIComponent(token)}`;
}

/** The manager's pages: a bad or expired team link gets its own page (a trainer's "email me my link" is no use here). */
export function teamPageErrorResponse(error: unknown): HttpResponse {
  const unauthorized = error instanceof TokenError || (error instanceof HttpError && error.statusCode === 401);
  return unauthorized ? html(401, renderTeamLinkExpiredPage()) : pageErrorResponse(error);
}
