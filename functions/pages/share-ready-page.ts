import { formatLongDate } from '../../core/index.js';
import { escapeHtml } from '../common/http.js';
import { layout } from './layout.js';
import { listWords } from './share-section.js';

export interface ShareReadyInput {
  readonly token: string;
  /** `https://…/verify/<link id>` */
  readonly url: string;
  readonly label?: string | undefined;
  /** The chosen certifications the record holds. */
  readonly codes: readonly string[];
  /** The link's last day (UTC), or undefined: until turned off. */
  readonly lastDay?: string | undefined;
}

/**
 * Right after making a link: the address to copy, once (Recert keeps only a hash of it, ADR 0031), what it shows and
 * until when, and the way back to the status page.
 */
export function renderShareReadyPage(input: ShareReadyInput): string {
  const recipient = input.label ? ` to ${escapeHtml(input.label)}` : '';
  const shows =
    input.codes.length > 0
      ? `your name, ${escapeHtml(listWords(input.codes))} (current, in the late-renewal window or lapsed, with the expiry date)`
      : 'your name';
  const until = input.lastDay ? `It works until ${formatLongDate(input.lastDay)}` : 'It works until you turn it off';
  return layout(
    'Your share link is ready',
    `<h1>Your share link is ready</h1>
<section class="card tight" aria-labelledby="copy-title"><h2 id="copy-title">Copy it now</h2>
<label for="share-url">Send this link${recipient}:</label>
<textarea id="share-url" class="copy" readonly rows="3" spellcheck="false" autocomplete="off">${escapeHtml(input.url)}</textarea>
<p class="hint">Recert keeps only a fingerprint of this link, so it cannot show it to you again once you leave this page. Lost it? Turn it off on your status page and make another.</p>
</section>
<p>It shows ${shows} and whether your CPR/AED card is current; never your email address, your courses or our advice. ${until}; you can turn it off any time on your status page.</p>
<p><a href="${escapeHtml(input.url)}" rel="noreferrer">See what they will see</a> <span class="hint">(opening it counts as a view)</span></p>
<p><a href="/status?token=${encodeURIComponent(input.token)}#share">Back to my status page</a></p>`,
  );
}
