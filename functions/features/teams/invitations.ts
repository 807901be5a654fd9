import { teamInvitationRef } from '../../adapters/dynamodb/keys.js';
import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { renderTeamInvitation } from '../../adapters/email/team-invitation-email.js';
import { SendOutcomeUnknownError } from '../../adapters/ses/index.js';
import { HttpError, InvalidRequestError } from '../../common/errors.js';
import { type HttpResponse, html, seeOther } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { renderTeamPage } from '../../pages/team-page.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { teamPageInput, teamPagePath } from './manager-page.js';
import { surelyNotSent } from './send-outcome.js';
import { checkEmail } from './team-inputs.js';

/** What the manager's invitation forms ask for: a new invitation, or taking one back. */
export const INVITATION_ACTIONS = ['invite', 'withdraw'] as const;

/**
 * Invitations waiting at once, per team: far more than a gym invites in one go, and a bound on how many strangers one
 * leaked manager link can get emailed.
 */
export const MAX_WAITING_INVITATIONS = 100;

export interface InvitationPost {
  readonly token: string;
  readonly action: (typeof INVITATION_ACTIONS)[number];
  readonly email?: string | undefined;
  /** The invitation to withdraw, by its reference (the SHA-256 of the address, as the page lists it). */
  readonly invitation?: string | undefined;
}

export class InvitationNotSentError extends HttpError {
  override readonly name = 'InvitationNotSentError';
  readonly statusCode = 503;
  readonly code = 'email.not-sent';
  override readonly retryAfterSeconds = 120;
  constructor() {
    super('We could not send the invitation just now, so nothing was saved. Please try again in a few minutes.');
  }
}

const sentence = (problem: string) => `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`;

/**
 * Emails the invitation, unless the address is on the suppression list (it bounced, complained or unsubscribed): the
 * invitation then waits on the status page without an email, and the manager is told the same as for any address.
 * SES surely sent nothing: the invitation is taken back and the manager asked to try again.
 */
async function emailInvitation(
  deps: MailingDependencies,
  team: Team,
  email: string,
  validUntil: string,
): Promise<void> {
  if (await deps.repositories.suppressions.isSuppressed(email)) {
    logger.info('team invitation waits without an email: the address is suppressed', {
      teamId: team.teamId,
      email: maskEmail(email),
    });
    return;
  }
  const base = deps.config.BASE_URL.replace(/\/+$/, '');
  const message = renderTeamInvitation({
    to: email,
    teamName: team.name,
    validUntil: validUntil.slice(0, 10),
    statusLinkUrl: `${base}/status-link`,
    signupUrl: `${base}/`,
    sender: deps.sender,
  });
  try {
    await deps.mailer.send(message, { tags: { purpose: 'team-invitation' } });
  } catch (error) {
    // Maybe sent: the invitation stands (a second email is what the team's item prevents).
    if (error instanceof SendOutcomeUnknownError) return;
    if (!surelyNotSent(error)) throw error;
    logger.warn('team invitation not sent; taken back', { teamId: team.teamId, email: maskEmail(email), error });
    await deps.repositories.teamRosters.withdraw(team.teamId, teamInvitationRef(email));
    throw new InvitationNotSentError();
  }
}

/**
 * POST /team/invitations. `invite`: checks the address, records the invitation (a second one to an address already
 * waiting sends nothing) and emails it; nothing about the address is looked up, so the answer is the same for a
 * Recert trainer and anyone else. `withdraw`: takes an invitation back. Both go back to the page (303).
 */
export async function postInvitation(
  deps: MailingDependencies,
  team: Team,
  form: InvitationPost,
  now: Date,
): Promise<HttpResponse> {
  const rosters = deps.repositories.teamRosters;
  if (form.action === 'withdraw') {
    if (form.invitation === undefined) {
      throw new InvalidRequestError([{ path: 'invitation', message: 'required to withdraw an invitation' }]);
    }
    const withdrawn = await rosters.withdraw(team.teamId, form.invitation);
    logger.info('team invitation withdrawn', { teamId: team.teamId, withdrawn });
    return seeOther(teamPagePath(form.token, 'withdrawn', 'invite'));
  }
  const showError = async (error: string) =>
    html(
      400,
      renderTeamPage(await teamPageInput(deps, team, form.token, now, { invite: { email: form.email ?? '', error } })),
    );
  const checked = checkEmail(form.email);
  if (!checked.ok) return showError(sentence(checked.problem));
  const waiting = (await rosters.rosterOf(team.teamId, now)).invitations.length;
  if (waiting >= MAX_WAITING_INVITATIONS) {
    return showError(`${MAX_WAITING_INVITATIONS} invitations are waiting: withdraw some before sending more.`);
  }
  const outcome = await rosters.invite(team, checked.value, now);
  logger.info('team invitation', { teamId: team.teamId, email: maskEmail(checked.value), invited: outcome.invited });
  if (!outcome.invited) return seeOther(teamPagePath(form.token, 'already-invited', 'invite'));
  await emailInvitation(deps, team, checked.value, outcome.validUntil);
  return seeOther(teamPagePath(form.token, 'invited', 'invite'));
}
