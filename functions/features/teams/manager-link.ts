import { stopsAllMail } from '../../adapters/dynamodb/suppression-repository.js';
import type { NewTeam, Team } from '../../adapters/dynamodb/team-repository.js';
import { renderTeamManagerLink } from '../../adapters/email/team-manager-link-email.js';
import { SendOutcomeUnknownError } from '../../adapters/ses/index.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { TOKEN_LIFETIME_SECONDS } from '../../common/tokens.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { managerPageUrl } from './manager-session.js';

/** What became of the manager's email: the CLI says it in words. */
export type ManagerLinkOutcome =
  | 'sent'
  /** The address bounced or complained before: nothing was sent. */
  | 'refused'
  /** SES may or may not have sent it. */
  | 'outcome-unknown';

/** The last day (UTC) a manager's link issued at `now` works. */
export function managerLinkValidUntil(now: Date): string {
  return new Date(now.getTime() + TOKEN_LIFETIME_SECONDS['team-manager'] * 1000).toISOString().slice(0, 10);
}

/**
 * Emails the manager a fresh link to the team page (`npm run team -- add` and `link`). An SES failure that surely
 * sent nothing is thrown for the CLI to report; nothing else changes, so running it again is the retry.
 */
export async function sendManagerLink(deps: MailingDependencies, team: Team, now: Date): Promise<ManagerLinkOutcome> {
  const suppression = await deps.repositories.suppressions.get(team.managerEmail);
  if (suppression && stopsAllMail(suppression)) return 'refused';
  const message = renderTeamManagerLink({
    to: team.managerEmail,
    teamName: team.name,
    teamUrl: managerPageUrl(deps, team.teamId, now),
    validUntil: managerLinkValidUntil(now),
    sender: deps.sender,
  });
  try {
    await deps.mailer.send(message, { tags: { purpose: 'team-manager-link' } });
  } catch (error) {
    if (error instanceof SendOutcomeUnknownError) return 'outcome-unknown';
    throw error;
  }
  logger.info('team manager link sent', { teamId: team.teamId, email: maskEmail(team.managerEmail) });
  return 'sent';
}

/** Sets a team up; its manager's link goes out with `sendManagerLink`, which can be run again on its own. */
export async function addTeam(deps: MailingDependencies, team: NewTeam, now: Date): Promise<Team> {
  const created = await deps.repositories.teams.create(team, now);
  logger.info('team created', { teamId: created.teamId });
  return created;
}
