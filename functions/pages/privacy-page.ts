import { ENDED_LINK_KEPT_DAYS } from '../adapters/dynamodb/share-link-repository.js';
import { DEPARTURE_KEPT_DAYS, INVITATION_DAYS } from '../adapters/dynamodb/team-roster-repository.js';
import { TTL_DAYS } from '../adapters/dynamodb/ttl.js';
import type { Config } from '../common/config.js';
import { escapeHtml } from '../common/http.js';
import { parseMailbox } from '../common/mailbox.js';
import { TOKEN_LIFETIME_SECONDS } from '../common/tokens.js';
import { layout } from './layout.js';

export interface PrivacyFacts {
  /** Who runs this Recert: the sender's display name, or its address when it has none. */
  readonly operator: string;
  readonly contactAddress: string;
  readonly postalAddress: string;
  /** Days each kind of short-lived record is kept before the table's TTL removes it. */
  readonly days: {
    readonly pendingSignup: number;
    readonly delivery: number;
    readonly unclaimedCompletion: number;
    readonly statusLink: number;
  };
}

/** The facts from this deployment's configuration and the code's own limits, so the page never goes stale. */
export function privacyFacts(cfg: Pick<Config, 'SENDER_ADDRESS' | 'POSTAL_ADDRESS'>): PrivacyFacts {
  const sender = parseMailbox(cfg.SENDER_ADDRESS);
  return {
    operator: sender?.name || (sender?.address ?? cfg.SENDER_ADDRESS),
    contactAddress: sender?.address ?? cfg.SENDER_ADDRESS,
    postalAddress: cfg.POSTAL_ADDRESS,
    days: { ...TTL_DAYS, statusLink: TOKEN_LIFETIME_SECONDS.status / 86_400 },
  };
}

/** What Recert stores, for how long and who operates it: every fact from configuration or the code's own limits. */
export function renderPrivacyPage(facts: PrivacyFacts): string {
  const { days } = facts;
  return layout(
    'Privacy',
    `<h1>Your data and Recert</h1>
<section class="card" aria-labelledby="who"><h2 id="who">Who runs this service</h2>
<p>${escapeHtml(facts.operator)}, ${escapeHtml(facts.postalAddress)}. Write to <a href="mailto:${escapeHtml(facts.contactAddress)}">${escapeHtml(facts.contactAddress)}</a> about your data.</p></section>
<section class="card" aria-labelledby="what"><h2 id="what">What is stored</h2>
<ul>
<li>Your name and email address.</li>
<li>The certifications, specializations and CPR/AED cards you enter, with their dates.</li>
<li>The courses you log, and the ones course providers report for your address (with the provider and certificate id).</li>
<li>Which reminders were sent to you, so none is sent twice.</li>
<li>If you unsubscribe, or your address bounces or complains, a note of that, so nothing more is sent.</li>
<li>If you ask for a calendar link: its random address, so your calendar app can fetch your deadlines.</li>
<li>If you make share links: for each, the certifications it shows, the note you gave it, until when it works, and how often and when it was last opened. Not the link itself: only a fingerprint of it.</li>
<li>If a team invites your address: the invitation (the team's name, when it ends). If you join: which teams you share your status with, since when. A team you join sees your name, your certifications with their state and expiry, and whether your CPR/AED card is current; never your address, courses or advice.</li>
</ul></section>
<section class="card" aria-labelledby="how-long"><h2 id="how-long">For how long</h2>
<ul>
<li>Your record: until you delete it from your status page ("Delete my data"), which removes everything at once.</li>
<li>A sign-up you never confirmed: ${days.pendingSignup} days.</li>
<li>A course a provider reported for an address that has not signed up: ${days.unclaimedCompletion} days.</li>
<li>A provider's delivery record (to apply each course once): ${days.delivery} days.</li>
<li>Your status link works for ${days.statusLink} days; ask for a fresh one any time.</li>
<li>Your calendar link works until you replace it on your status page or delete your data.</li>
<li>A share link works until it expires or you turn it off; it then stays in your list for ${ENDED_LINK_KEPT_DAYS} days and goes. Deleting your data removes them all at once.</li>
<li>A team's invitation waits ${INVITATION_DAYS} days. A membership lasts until you leave, the team removes you or you delete your data; the team then sees for ${DEPARTURE_KEPT_DAYS} days that a member left (with your name only if you left yourself).</li>
</ul></section>
<section class="card" aria-labelledby="yours"><h2 id="yours">What you can do</h2>
<p>From your status page: see and change everything Recert holds, download it as a file, turn reminders off or on, or delete it all.</p></section>`,
  );
}
