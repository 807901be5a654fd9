/**
 * The team manager's page (ADR 0033): the roster of members who accepted, "needs attention" first, sortable with plain
 * links; the invitation form and the invitations waiting; who left recently; the CSV download and deleting the team.
 * Each member shows exactly what a share link would (shared-status.ts), in the share page's words. No script: plain
 * links and form posts carrying the page's capability (the manager's token).
 */
import { type CalendarDate, formatLongDate } from '../../core/index.js';
import { escapeHtml } from '../common/http.js';
import { layout, messagePage } from './layout.js';
import { formField } from './my-record.js';
import type { SharedView } from './shared-status.js';
import { phaseLine } from './shared-status-page.js';
import { type TeamWebhooksView, teamWebhooksSection } from './team-webhooks-section.js';

/** How the roster can be sorted (within "needs attention" and "up to date"): the query's `sort`, its words. */
export const ROSTER_SORTS = [
  { value: 'expiry', label: 'soonest expiry first' },
  { value: 'name', label: 'name' },
] as const;

export type RosterSort = (typeof ROSTER_SORTS)[number]['value'];

export const ROSTER_SORT_VALUES = ROSTER_SORTS.map((choice) => choice.value) as [RosterSort, ...RosterSort[]];

export const DEFAULT_ROSTER_SORT: RosterSort = 'expiry';

/** Why a member needs attention; the list the page, the CSV and the monthly digest all read. */
export type AttentionReason =
  | { readonly kind: 'lapsed'; readonly code: string; readonly expiresOn: CalendarDate }
  | { readonly kind: 'late-window'; readonly code: string; readonly expiresOn: CalendarDate }
  | { readonly kind: 'expiring'; readonly code: string; readonly expiresOn: CalendarDate; readonly days: number }
  | { readonly kind: 'cpr-not-current' };

/** One member as the manager sees them: the share-link fields, and what needs attention (empty: up to date). */
export interface RosterEntry extends SharedView {
  /** Names the member in the remove form (a hash: the page never shows a trainer id). */
  readonly memberRef: string;
  readonly attention: readonly AttentionReason[];
}

export function attentionText(reason: AttentionReason): string {
  switch (reason.kind) {
    case 'lapsed':
      return `${reason.code} lapsed (expired on ${formatLongDate(reason.expiresOn)})`;
    case 'late-window':
      return `${reason.code} expired on ${formatLongDate(reason.expiresOn)}, still in its late-renewal window`;
    case 'expiring':
      return `${reason.code} expires on ${formatLongDate(reason.expiresOn)} (in ${reason.days === 1 ? '1 day' : `${reason.days} days`})`;
    case 'cpr-not-current':
      return 'CPR/AED card not current';
  }
}

/** `Sam Lee: NASM-CPT lapsed (…); CPR/AED card not current`: one member in a line (the digest's list). */
export function attentionLine(entry: RosterEntry): string {
  return `${entry.name}: ${entry.attention.map(attentionText).join('; ')}`;
}

/** "3 of 12 need attention", the page's and the digest's headline. */
export function attentionSummary(members: readonly RosterEntry[]): string {
  const count = members.filter((member) => member.attention.length > 0).length;
  if (members.length === 0) return 'No member has joined yet';
  if (count === 0) return members.length === 1 ? 'Your 1 member is up to date' : `All ${members.length} are up to date`;
  return `${count} of ${members.length} ${count === 1 ? 'needs' : 'need'} attention`;
}

export interface TeamInvitationView {
  readonly inviteRef: string;
  readonly email: string;
  readonly invitedAt: string;
  readonly validUntil: string;
}

export interface TeamDepartureView {
  readonly leftAt: string;
  /** The member's name when they left themselves; absent when they deleted their Recert data. */
  readonly name?: string | undefined;
}

export interface TeamPageInput {
  readonly token: string;
  readonly teamName: string;
  readonly asOf: CalendarDate;
  readonly sort: RosterSort;
  /** Already in order: needs attention first, then up to date, each sorted by `sort`. */
  readonly members: readonly RosterEntry[];
  readonly invitations: readonly TeamInvitationView[];
  readonly departures: readonly TeamDepartureView[];
  readonly flash?: string | undefined;
  /** The invite form posted back with its error. */
  readonly invite?: { readonly email: string; readonly error: string } | undefined;
  /** The team's status-change webhooks and their delivery log (ADR 0035); absent or empty: no section. */
  readonly webhooks?: TeamWebhooksView | undefined;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
const dayOf = (instant: string) => formatLongDate(instant.slice(0, 10));
const pageUrl = (token: string, sort: RosterSort) =>
  `/team?token=${encodeURIComponent(token)}${sort === DEFAULT_ROSTER_SORT ? '' : `&sort=${sort}`}`;

function certificationLines(member: RosterEntry): string {
  if (member.certifications.length === 0) return '<p class="meta">No certification on their record.</p>';
  const items = member.certifications.map((cert) => {
    const { text, tone } = phaseLine(cert);
    return `<li><strong>${escapeHtml(cert.code)}</strong> <span class="meta">${escapeHtml(cert.name)}</span>
<p class="${tone}" data-phase="${cert.phase}">${escapeHtml(text)}</p></li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

function memberItem(token: string, member: RosterEntry): string {
  const attention =
    member.attention.length > 0
      ? `<p class="status-lapsed" data-attention><strong>Needs attention:</strong> ${escapeHtml(member.attention.map(attentionText).join('; '))}</p>`
      : '';
  const card = member.cprAed.current
    ? '<span class="status-active" data-cpr="current">current</span>'
    : '<span class="status-lapsed" data-cpr="not-current">not current</span>';
  return `<li data-member><strong class="member-name">${escapeHtml(member.name)}</strong>
${attention}
${certificationLines(member)}
<p>CPR/AED card: ${card}</p>
<form method="post" action="/team/members" class="inline">${hidden('token', token)}${hidden('action', 'remove')}${hidden('member', member.memberRef)}<button type="submit" class="link">Remove<span class="visually-hidden"> ${escapeHtml(member.name)} from the team</span></button></form></li>`;
}

function sortLinks(token: string, sort: RosterSort): string {
  const links = ROSTER_SORTS.map((choice) =>
    choice.value === sort
      ? `<strong aria-current="true">${escapeHtml(choice.label)}</strong>`
      : `<a href="${escapeHtml(pageUrl(token, choice.value))}#roster">${escapeHtml(choice.label)}</a>`,
  );
  return `<nav aria-label="Sort the roster"><p class="meta">Sorted by ${links.join(' · ')} · <a href="/team/roster.csv?token=${escapeHtml(encodeURIComponent(token))}&amp;sort=${sort}" download>Download as CSV</a></p></nav>`;
}

function rosterSection(input: TeamPageInput): string {
  const attention = input.members.filter((member) => member.attention.length > 0);
  const fine = input.members.filter((member) => member.attention.length === 0);
  const group = (id: string, title: string, members: readonly RosterEntry[]) =>
    members.length === 0
      ? ''
      : `<h3 id="${id}">${escapeHtml(title)} (${members.length})</h3>
<ul class="entries" aria-labelledby="${id}">${members.map((member) => memberItem(input.token, member)).join('\n')}</ul>`;
  const body =
    input.members.length === 0
      ? '<p>Invite your trainers below. Each one decides on their own Recert status page; they appear here once they accept.</p>'
      : `${sortLinks(input.token, input.sort)}
${group('attention-title', 'Needs attention', attention)}
${group('fine-title', 'Up to date', fine)}`;
  return `<section class="card tight" id="roster" aria-labelledby="roster-title"><h2 id="roster-title">Members</h2>
<p><strong data-summary>${escapeHtml(attentionSummary(input.members))}.</strong></p>
${body}
</section>`;
}

function invitationItem(token: string, invitation: TeamInvitationView): string {
  // An address is one long word: let it wrap on a phone rather than run out of the card.
  return `<li style="overflow-wrap:anywhere"><strong>${escapeHtml(invitation.email)}</strong>
<p class="meta">Invited on ${dayOf(invitation.invitedAt)} · not accepted · the invitation ends on ${dayOf(invitation.validUntil)}</p>
<form method="post" action="/team/invitations" class="inline">${hidden('token', token)}${hidden('action', 'withdraw')}${hidden('invitation', invitation.inviteRef)}<button type="submit" class="link">Withdraw<span class="visually-hidden"> the invitation to ${escapeHtml(invitation.email)}</span></button></form></li>`;
}

function inviteSection(input: TeamPageInput): string {
  const invitations =
    input.invitations.length > 0
      ? `<h3 id="waiting-title">Invitations not accepted (${input.invitations.length})</h3>
<ul class="entries" aria-labelledby="waiting-title">${input.invitations.map((invitation) => invitationItem(input.token, invitation)).join('\n')}</ul>`
      : '';
  return `<section class="card tight" id="invite" aria-labelledby="invite-title"><h2 id="invite-title">Invite a trainer</h2>
<form method="post" action="/team/invitations#invite" novalidate>${hidden('token', input.token)}${hidden('action', 'invite')}
${formField({
  id: 'invite-email',
  name: 'email',
  label: 'Their email address',
  type: 'email',
  hint: 'We email them an invitation. They answer on their own Recert status page, and appear above once they accept.',
  value: input.invite?.email ?? '',
  extra: ' autocomplete="off" maxlength="254"',
  ...(input.invite ? { error: input.invite.error } : {}),
})}
<p><button type="submit">Send the invitation</button></p>
</form>
${invitations}
</section>`;
}

/** `Sam Lee left the team on 3 Nov 2026.`; nameless when they deleted their Recert data (nothing of them is kept). */
export function departureText(departure: TeamDepartureView): string {
  return `${departure.name ?? 'A member'} left the team on ${dayOf(departure.leftAt)}.`;
}

function departuresSection(departures: readonly TeamDepartureView[]): string {
  if (departures.length === 0) return '';
  const items = departures.map((departure) => `<li>${escapeHtml(departureText(departure))}</li>`);
  return `<section class="card tight" id="departures" aria-labelledby="departures-title"><h2 id="departures-title">Recently left</h2>
<ul>${items.join('')}</ul></section>`;
}

function deleteSection(token: string): string {
  return `<section class="card tight" id="delete-team" aria-labelledby="delete-title"><h2 id="delete-title">Delete the team</h2>
<p>Removes the roster, every invitation and this page from Recert. Your members keep their own records.</p>
<form method="post" action="/team/delete">${hidden('token', token)}<button type="submit" class="secondary">Delete the team…</button></form>
</section>`;
}

export function renderTeamPage(input: TeamPageInput): string {
  const flash = input.flash ? `<p class="flash" role="status">${escapeHtml(input.flash)}</p>` : '';
  return layout(
    `${input.teamName}: team roster`,
    `<h1>${escapeHtml(input.teamName)}</h1>
<p>Team roster as of ${formatLongDate(input.asOf)}. For each trainer who accepted your invitation you see what they would show on a share link: their name, their certifications (current, in the late-renewal window or lapsed, with the expiry date) and whether their CPR/AED card is current. Never their email address, courses or advice.</p>
${flash}
${rosterSection(input)}
${inviteSection(input)}
${departuresSection(input.departures)}
${teamWebhooksSection(input.webhooks)}
${deleteSection(input.token)}
<p class="hint">This page's address is your key to the roster: do not share it. It works for 40 days; each monthly summary email brings a fresh one.</p>`,
  );
}

/** The confirmation step before a team is deleted: nothing happens until this form is posted. */
export function renderDeleteTeamConfirmPage(token: string, teamName: string): string {
  return layout(
    'Delete the team?',
    `<h1>Delete ${escapeHtml(teamName)}?</h1>
<p>The roster, every invitation and this page go, now and for good. Your members keep their own Recert records; they simply stop sharing them with the team.</p>
<form method="post" action="/team/delete">${hidden('token', token)}${hidden('confirm', 'yes')}<button type="submit" class="danger">Delete the team</button></form>
<p><a href="${escapeHtml(pageUrl(token, DEFAULT_ROSTER_SORT))}">Keep the team</a></p>`,
  );
}

export function renderTeamDeletedPage(): string {
  return messagePage('The team is deleted', 'Its roster and invitations are gone, and its links no longer work.');
}

/**
 * A manager's link that is bad or expired. Trainers get "email me a fresh link"; a manager's way back in is the next
 * monthly summary, or whoever set the team up in Recert.
 */
export function renderTeamLinkExpiredPage(): string {
  return messagePage(
    'This team link has expired',
    'Team links work for 40 days. Each monthly summary email brings a fresh one; for one sooner, ask whoever set up your team in Recert to send you a new link.',
  );
}
