/**
 * "Share your status" on the status page (ADR 0031): the trainer's verification links with their views, a one-click
 * "Turn off" for each, and the form that makes a new one. Plain form posts carrying the status token, no script.
 */
import { formatLongDate } from '../../core/index.js';
import type { ShareLinkListing } from '../adapters/dynamodb/share-link-repository.js';
import { escapeHtml } from '../common/http.js';
import { formField, type MyRecordView } from './my-record.js';

/** How long a new link works, as the form offers it: the posted value, its days (null: until turned off), its words. */
export const SHARE_LIFETIMES = [
  { value: '30', days: 30, label: '30 days' },
  { value: '90', days: 90, label: '90 days' },
  { value: '365', days: 365, label: '1 year' },
  { value: 'never', days: null, label: 'Until I turn it off' },
] as const;

export type ShareLifetime = (typeof SHARE_LIFETIMES)[number]['value'];

/** The posted values, for the form's schema. */
export const SHARE_LIFETIME_VALUES = SHARE_LIFETIMES.map((choice) => choice.value) as [
  ShareLifetime,
  ...ShareLifetime[],
];

export const DEFAULT_SHARE_LIFETIME: ShareLifetime = '90';

/** A link's note to self ("Northside Fitness"): short enough for one line of the list. */
export const SHARE_LABEL_MAX_CHARS = 60;

/** The `action` of the create form, as the page shows its errors again (PostedForm.action). */
export const SHARE_CREATE_ACTION = 'share-create';

export interface ShareSectionInput extends Pick<MyRecordView, 'token' | 'evaluation' | 'posted'> {
  /** The trainer's links, live and recently ended; absent is the same as none. */
  readonly shareLinks?: readonly ShareLinkListing[] | undefined;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

/** `21 Nov 2026` for a stored instant (UTC, as every date Recert shows). */
const dayOf = (instant: string) => formatLongDate(instant.slice(0, 10));

/** `NASM-CPT, ACE-CPT and NSCA-CSCS`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What the link shows: the chosen certifications the record still holds, and what it no longer shows, and why. */
function showsText(link: ShareLinkListing, held: ReadonlySet<string>): string {
  const shown = link.codes.filter((code) => held.has(code));
  const dropped = link.codes.filter((code) => !held.has(code));
  const shows = shown.length > 0 ? `Shows ${listWords(shown)} and your CPR/AED card` : 'Shows only your CPR/AED card';
  const gone =
    dropped.length > 0
      ? ` (${listWords(dropped)} ${dropped.length === 1 ? 'is' : 'are'} no longer on your record)`
      : '';
  return `${shows}${gone}`;
}

function viewsText(link: ShareLinkListing): string {
  if (link.views === 0) return 'Not opened yet';
  const times = link.views === 1 ? 'once' : `${link.views} times`;
  return `Opened ${times}${link.lastViewedAt ? `, last on ${dayOf(link.lastViewedAt)}` : ''}`;
}

function stateText(link: ShareLinkListing): string {
  if (link.state === 'revoked') return `Turned off on ${dayOf(link.revokedAt ?? link.createdAt)}`;
  if (link.state === 'expired') return `Expired on ${dayOf(link.validUntil ?? link.createdAt)}`;
  return link.validUntil ? `Works until ${dayOf(link.validUntil)}` : 'Works until you turn it off';
}

function linkItem(token: string, link: ShareLinkListing, held: ReadonlySet<string>): string {
  const title = link.label ? `For ${link.label}` : `Link made on ${dayOf(link.createdAt)}`;
  const made = link.label ? ` · made on ${dayOf(link.createdAt)}` : '';
  const revoke =
    link.state === 'live'
      ? `<form method="post" action="/status/share" class="inline">${hidden('token', token)}${hidden('action', 'revoke')}${hidden('link', link.linkRef)}<button type="submit" class="link">Turn off<span class="visually-hidden"> the link ${escapeHtml(link.label ? `for ${link.label}` : `made on ${dayOf(link.createdAt)}`)}</span></button></form>`
      : '';
  return `<li${link.state === 'live' ? '' : ' class="ended"'}><strong>${escapeHtml(title)}</strong>
<p class="meta">${escapeHtml(showsText(link, held))}${escapeHtml(made)}</p>
<p class="meta">${escapeHtml(stateText(link))} · ${escapeHtml(viewsText(link))}</p>
${revoke}</li>`;
}

/** Live links first, then ended ones; newest first within each. */
function ordered(links: readonly ShareLinkListing[]): ShareLinkListing[] {
  return [...links].sort((a, b) =>
    (a.state === 'live') !== (b.state === 'live')
      ? a.state === 'live'
        ? -1
        : 1
      : b.createdAt.localeCompare(a.createdAt),
  );
}

function createForm(input: ShareSectionInput, open: boolean): string {
  const posted = input.posted?.action === SHARE_CREATE_ACTION ? input.posted : undefined;
  const chosen = new Set((posted?.values.codes ?? '').split(' ').filter(Boolean));
  const lifetime = posted?.values.expires ?? DEFAULT_SHARE_LIFETIME;
  const codesError = posted?.errors.codes;
  const checkboxes = input.evaluation.certifications
    .map(
      (cert, index) =>
        `<div class="choice"><input type="checkbox" id="share-code-${index}" name="codes[${index}]" value="${escapeHtml(cert.code)}"${chosen.has(cert.code) ? ' checked' : ''}${codesError ? ' aria-describedby="share-codes-error"' : ''}><label for="share-code-${index}">${escapeHtml(`${cert.code} · ${cert.name}`)}</label></div>`,
    )
    .join('\n');
  const radios = SHARE_LIFETIMES.map(
    (choice) =>
      `<div class="choice"><input type="radio" id="share-expires-${choice.value}" name="expires" value="${choice.value}"${choice.value === lifetime ? ' checked' : ''}><label for="share-expires-${choice.value}">${escapeHtml(choice.label)}</label></div>`,
  ).join('\n');
  const formError = posted?.errors.form ? `<p class="error" role="alert">${escapeHtml(posted.errors.form)}</p>` : '';
  return `<details id="share-new"${open ? ' open' : ''}><summary>Make a share link</summary>
<form method="post" action="/status/share#share-new" novalidate>${hidden('token', input.token)}${hidden('action', 'create')}
${formError}
<fieldset><legend>Certifications to show</legend>
${checkboxes}
${codesError ? `<p class="error" id="share-codes-error">${escapeHtml(codesError)}</p>` : ''}
<p class="hint">Your CPR/AED card is always shown as current or not current, without its dates.</p>
</fieldset>
<fieldset><legend>The link works for</legend>
${radios}
</fieldset>
${formField({
  id: 'share-label',
  name: 'label',
  label: 'Who is it for? (optional)',
  hint: 'Only you see this, in the list above.',
  value: posted?.values.label ?? '',
  extra: ` maxlength="${SHARE_LABEL_MAX_CHARS}" autocomplete="off"`,
  ...(posted?.errors.label ? { error: posted.errors.label } : {}),
})}
<p><button type="submit" class="secondary">Make the link</button></p>
</form></details>`;
}

/**
 * The section: what a link shows and never shows, the trainer's links (views, state, "Turn off"), and the form. With
 * no certification on the record there is nothing to share yet, and it says so.
 */
export function shareSection(input: ShareSectionInput): string {
  const links = input.shareLinks ?? [];
  const held = new Set(input.evaluation.certifications.map((cert) => cert.code));
  const items = ordered(links)
    .map((link) => linkItem(input.token, link, held))
    .join('\n');
  const body =
    input.evaluation.certifications.length === 0
      ? '<p>Add a certification below first; then you can share it.</p>'
      : createForm(input, links.length === 0 || input.posted?.action === SHARE_CREATE_ACTION);
  return `<section class="card" id="share" aria-labelledby="share-title"><h2 id="share-title">Share your status</h2>
<p>Send a gym, studio or insurer a link that shows your name, the certifications you choose (current, in the late-renewal window or lapsed, with the expiry date) and whether your CPR/AED card is current. Never your email address, your courses or our advice.</p>
${items ? `<ul class="entries">${items}</ul>` : ''}
${body}
</section>`;
}
