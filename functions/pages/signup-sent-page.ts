import { escapeHtml } from '../common/http.js';
import { TOKEN_LIFETIME_SECONDS } from '../common/tokens.js';
import { layout } from './layout.js';

export const SIGNUP_SENT_PATH = '/signup/sent';

/**
 * `GET /signup/sent`: where the sign-up form lands (303, so a refresh never posts again). It names the address typed
 * when its link still says so, and the same words for every address: a known one gets an email too, saying so.
 */
export function renderSignupSentPage(address?: string): string {
  const to = address
    ? `<p>We sent an email to <strong>${escapeHtml(address)}</strong>. Open it and press “Confirm my email” to start your reminders.</p>`
    : '<p>We sent you an email. Open it and press “Confirm my email” to start your reminders.</p>';
  return layout(
    'Check your email',
    `<h1>Check your email</h1>
${to}
<h2>Nothing arrived?</h2>
<ul>
<li>It can take a few minutes. Look in spam, junk or promotions, and search for “Recert”.</li>
<li>Address wrong? <a href="/">Sign up again</a> with the right one.</li>
<li>Already signed up with this address? The email says so and brings a fresh link to your status page.</li>
</ul>
<p>The link in the email works for ${TOKEN_LIFETIME_SECONDS.confirm / 86_400} days.</p>`,
  );
}
