import { escapeHtml } from '../common/http.js';
import { layout, messagePage } from './layout.js';
import { statusLinkBox } from './status-link-pages.js';

/**
 * The pages behind emailed links. A GET never changes anything (mail scanners follow links): each page shows a
 * button that POSTs, and only the POST acts.
 */
export function renderConfirmPage(token: string): string {
  return layout(
    'Confirm your email',
    `<h1>Confirm your email</h1>
<p>One click and Recert starts watching your deadlines. We will send nothing else until you confirm.</p>
<form method="post" action="/api/confirmations">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Confirm my email</button>
</form>`,
  );
}

export function renderConfirmedPage(statusUrl: string): string {
  return messagePage(
    'You are confirmed',
    'Recert will email you before each deadline. Bookmark your status page:',
    `<p><a href="${escapeHtml(statusUrl)}" id="status-link">Open my status page</a></p>`,
  );
}

export function renderUnsubscribePage(token: string): string {
  return layout(
    'Unsubscribe',
    `<h1>Stop reminder emails?</h1>
<p>You will no longer get deadline reminders from Recert. Your data stays until you delete it from your status page.</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function renderUnsubscribedPage(): string {
  return messagePage('You are unsubscribed', 'Recert will not email you again. You can still open your status page.');
}

/**
 * A bad, expired or used link. Status links expire after 30 days, so the way back in is right here: the box emails a
 * fresh one to a confirmed address (it posts without the CAPTCHA widget, which only the forms' own functions can
 * show; with the CAPTCHA on, the post answers with the request page and its widget).
 */
export function renderInvalidLinkPage(): string {
  return messagePage(
    'This link has expired',
    'The link is invalid or has expired. Already signed up? We can email you a fresh link.',
    `${statusLinkBox()}
<p>Not signed up yet? <a href="/">Sign up on the home page</a></p>`,
  );
}
