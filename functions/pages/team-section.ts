/**
 * "Teams" on the trainer's status page (ADR 0033): the invitations waiting for their address, to join or decline, and
 * the teams they share their status with, to leave. Consent is the trainer's: nothing is shared until they join.
 * Plain form posts carrying the status token, no script. Absent when there is neither.
 */
import { formatLongDate } from '../../core/index.js';
import type { TeamInvitationPointer, TeamMembership } from '../adapters/dynamodb/team-roster-repository.js';
import { escapeHtml } from '../common/http.js';

/** What the trainer answers: the posted `action` of the section's forms. */
export const TEAM_ANSWERS = ['accept', 'decline', 'leave'] as const;

export interface TeamSectionInput {
  readonly token: string;
  /** The trainer's teams and the invitations waiting for their address; absent is the same as none. */
  readonly teams?:
    | { readonly memberships: readonly TeamMembership[]; readonly invitations: readonly TeamInvitationPointer[] }
    | undefined;
}

const dayOf = (instant: string) => formatLongDate(instant.slice(0, 10));

function answerForm(
  token: string,
  teamId: string,
  action: (typeof TEAM_ANSWERS)[number],
  button: string,
  spaced = false,
): string {
  return `<form method="post" action="/status/teams" class="inline"${spaced ? ' style="margin-left:1rem"' : ''}><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="team" value="${escapeHtml(teamId)}">${button}</form>`;
}

function invitationItem(token: string, invitation: TeamInvitationPointer): string {
  const team = escapeHtml(invitation.teamName);
  return `<li><strong>${team}</strong> invited you on ${dayOf(invitation.invitedAt)}.
<p class="meta">The invitation ends on ${dayOf(invitation.validUntil)}.</p>
<p>${answerForm(token, invitation.teamId, 'accept', `<button type="submit" class="secondary">Join ${team}</button>`)} ${answerForm(token, invitation.teamId, 'decline', `<button type="submit" class="link">Decline<span class="visually-hidden"> the invitation from ${team}</span></button>`, true)}</p></li>`;
}

function membershipItem(token: string, membership: TeamMembership): string {
  const team = escapeHtml(membership.teamName);
  return `<li><strong>${team}</strong>
<p class="meta">Sees your status since ${dayOf(membership.joinedAt)}.</p>
${answerForm(token, membership.teamId, 'leave', `<button type="submit" class="link">Leave<span class="visually-hidden"> ${team}</span></button>`)}</li>`;
}

export function teamSection(input: TeamSectionInput): string {
  const memberships = input.teams?.memberships ?? [];
  const invitations = input.teams?.invitations ?? [];
  if (memberships.length === 0 && invitations.length === 0) return '';
  const invited =
    invitations.length > 0
      ? `<h3 id="team-invitations-title">Invitations</h3>
<ul class="entries" aria-labelledby="team-invitations-title">${invitations.map((invitation) => invitationItem(input.token, invitation)).join('\n')}</ul>`
      : '';
  const joined =
    memberships.length > 0
      ? `<h3 id="team-memberships-title">Your teams</h3>
<ul class="entries" aria-labelledby="team-memberships-title">${memberships.map((membership) => membershipItem(input.token, membership)).join('\n')}</ul>`
      : '';
  return `<section class="card" id="teams" aria-labelledby="teams-title"><h2 id="teams-title">Teams</h2>
<p>A team you join sees what a share link shows: your name, every certification on your record (current, in the late-renewal window or lapsed, with the expiry date) and whether your CPR/AED card is current. Never your email address, your courses or our advice. You can leave at any time, and the team sees that you left.</p>
${invited}
${joined}
</section>`;
}
