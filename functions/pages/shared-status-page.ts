/**
 * The page behind a trainer's verification link (ADR 0031), for whoever they sent it to: their name, the chosen
 * certifications' state and expiry, and whether their CPR/AED card is current. Nothing else of the record.
 */
import { formatLongDate } from '../../core/index.js';
import { escapeHtml } from '../common/http.js';
import { layout, messagePage } from './layout.js';
import type { SharedCertification, SharedStatus } from './shared-status.js';

// The shapes live with the projection both a share link and a team roster show (shared-status.ts).
export type { SharedCertification, SharedPhase, SharedStatus } from './shared-status.js';

/** The phase in words, with its date, and the colour class that echoes it (the words carry the meaning). */
export function phaseLine(cert: SharedCertification): { readonly text: string; readonly tone: string } {
  const date = formatLongDate(cert.expiresOn);
  switch (cert.phase) {
    case 'current':
      return { text: `Current — expires on ${date}`, tone: 'status-active' };
    case 'late-window':
      return { text: `In its late-renewal window — expired on ${date}`, tone: 'status-grace' };
    case 'lapsed':
      return { text: `Lapsed — expired on ${date}`, tone: 'status-lapsed' };
  }
}

function certificationItem(cert: SharedCertification): string {
  const { text, tone } = phaseLine(cert);
  return `<li><strong>${escapeHtml(cert.code)}</strong> <span class="meta">${escapeHtml(cert.name)}</span>
<p class="${tone}" data-phase="${cert.phase}">${escapeHtml(text)}</p></li>`;
}

export function renderSharedStatusPage(status: SharedStatus): string {
  const name = escapeHtml(status.name);
  const certifications =
    status.certifications.length > 0
      ? `<ul class="entries">${status.certifications.map(certificationItem).join('\n')}</ul>`
      : `<p>${name} shares no certification through this link any more.</p>`;
  const card = status.cprAed.current
    ? '<p class="status-active" data-cpr="current">Current</p>'
    : '<p class="status-lapsed" data-cpr="not-current">Not current</p>';
  const until = status.linkExpiresOn
    ? `This link works until ${formatLongDate(status.linkExpiresOn)}.`
    : `This link works until ${name} turns it off.`;
  return layout(
    `${status.name}: certification status`,
    `<h1>${name}</h1>
<p>Certification status as of ${formatLongDate(status.asOf)}, shared by ${name} through Recert.</p>
<section class="card tight" aria-labelledby="certifications-title"><h2 id="certifications-title">Certifications</h2>
${certifications}
</section>
<section class="card tight" aria-labelledby="cpr-title"><h2 id="cpr-title">CPR/AED card</h2>
${card}
</section>
<p class="hint">${name} chose what this link shows. Recert holds what they entered and what course providers reported; it has not checked it with the certifying bodies. ${until}</p>`,
  );
}

/** Turned off or expired: 410, and nothing of whose link it was. */
export function renderShareGonePage(): string {
  return messagePage(
    'This link no longer works',
    'The person who shared it turned it off, or it expired. Ask them for a new link.',
  );
}

/** Malformed, never made, or its trainer deleted their data: 404, the same words for each. */
export function renderShareNotFoundPage(): string {
  return messagePage('There is no such link', 'Check that the whole link was copied: it is case-sensitive.');
}

export function renderShareRateLimitedPage(message: string): string {
  return messagePage('Please wait a few minutes', message);
}
