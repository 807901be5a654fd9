import { TURNSTILE_SCRIPT_URL } from '../adapters/captcha/turnstile-widget.js';
import { escapeHtml, type HttpResponse, html } from '../common/http.js';
import { layout } from './layout.js';
import { CAPTCHA_LEGEND, CAPTCHA_NEEDS_JAVASCRIPT, CAPTCHA_SOURCES, captchaFieldset } from './signup-page.js';

/**
 * "Email me a fresh link": the way back in for a trainer whose status link expired. The box sits on the expired-link
 * page and on its own page (`GET /status-link`, linked from the sign-up form); both post to `/api/status-links`,
 * which answers with the "sent" page whatever the address. Plain HTML: it works without JavaScript (unless the
 * CAPTCHA is on, which the page then says).
 */

export const STATUS_LINK_SENT_PATH = '/status-link/sent';
export const STATUS_LINK_BUTTON = 'Email me a fresh link';

/** What the "sent" page and the JSON answer say, for every address. */
export const STATUS_LINK_SENT_SENTENCES = {
  sent: 'If that address has a Recert account, we have emailed a fresh link. It can take a few minutes; check spam.',
  nothingArrives: 'Nothing arrives?',
  signUpAgain: 'Sign up again with the same address.',
} as const;

/** The error shown for a missing or malformed address, next to the field and in the summary ("Email: …"). */
export const STATUS_LINK_EMAIL_ERROR = 'enter an address like name@example.com';

const CAPTCHA_HINT = 'It keeps robots from sending strangers email. Most people never see a puzzle.';

export interface StatusLinkFormInput {
  /** What the trainer typed, to fill the field again after a mistake. */
  readonly email?: string;
  /** Errors by field: `email`, `captcha`. */
  readonly errors?: Readonly<Partial<Record<'email' | 'captcha', string>>>;
  /** The Turnstile widget's site key and action when the CAPTCHA is on; no widget otherwise. */
  readonly captcha?: { readonly siteKey: string; readonly action: string } | undefined;
}

/** Each field as the form labels it, and the element the summary's link moves focus to. */
const FIELDS = {
  email: { label: 'Email', anchor: 'status-link-email' },
  captcha: { label: CAPTCHA_LEGEND, anchor: 'captcha' },
} as const;

const capitalised = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function errorSummary(errors: NonNullable<StatusLinkFormInput['errors']>): string {
  const entries = Object.entries(errors).filter((entry): entry is [keyof typeof FIELDS, string] => Boolean(entry[1]));
  if (entries.length === 0) return '';
  const items = entries
    .map(
      ([id, message]) =>
        `<li><a href="#${FIELDS[id].anchor}">${escapeHtml(`${FIELDS[id].label}: ${message}`)}</a></li>`,
    )
    .join('');
  return `<div class="summary" role="alert" tabindex="-1" id="error-summary"><h2>Please fix ${entries.length === 1 ? 'this' : 'these'}:</h2><ul>${items}</ul></div>`;
}

/** The form itself: one labelled email field (its own id, so no other form's `email` can clash) and a button. */
export function statusLinkForm({ email = '', errors = {}, captcha }: StatusLinkFormInput): string {
  const error = errors.email;
  const describedBy = `status-link-email-hint${error ? ' status-link-email-error' : ''}`;
  return `<form method="post" action="/api/status-links" novalidate>
<div>
<label for="status-link-email">Email</label>
<p class="hint" id="status-link-email-hint">The address you signed up with.</p>
<input id="status-link-email" name="email" type="email" autocomplete="email" maxlength="254" required value="${escapeHtml(email)}" aria-describedby="${describedBy}"${error ? ' aria-invalid="true"' : ''}>
${error ? `<p class="error" id="status-link-email-error">${escapeHtml(capitalised(error))}.</p>` : ''}
</div>
${captcha ? captchaFieldset(captcha, errors.captcha, CAPTCHA_HINT) : ''}
<p><button type="submit">${STATUS_LINK_BUTTON}</button></p>
</form>`;
}

/** The box on the expired-link page: a heading, one sentence and the form. */
export function statusLinkBox(): string {
  return `<section class="card" aria-labelledby="status-link-heading">
<h2 id="status-link-heading" style="margin-top:0">${STATUS_LINK_BUTTON}</h2>
<p>Status links work for 30 days. Enter your address and we email you a new one.</p>
${statusLinkForm({})}
</section>`;
}

/** `GET /status-link`, and the same page again after a mistake, with the errors and what was typed. */
export function renderStatusLinkPage(input: StatusLinkFormInput = {}): string {
  const { captcha, errors = {} } = input;
  return layout(
    'Get a fresh status link',
    `<h1>Get a fresh status link</h1>
<p>Already signed up? Enter your address and we email you a new link to your status page. It works for 30 days.</p>
${errorSummary(errors)}
${captcha ? `<noscript><div class="summary"><p>${escapeHtml(CAPTCHA_NEEDS_JAVASCRIPT)}</p></div></noscript>` : ''}
${statusLinkForm(input)}
<p>Not signed up yet? <a href="/">Sign up on the home page</a></p>
${captcha ? `<script src="${TURNSTILE_SCRIPT_URL}" async defer></script>` : ''}`,
  );
}

/** The request page as a response: its CSP allows Turnstile only when the widget is on the page. */
export function statusLinkPageResponse(
  statusCode: number,
  input: StatusLinkFormInput,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  return html(statusCode, renderStatusLinkPage(input), input.captcha ? CAPTCHA_SOURCES : {}, headers);
}

/** `GET /status-link/sent`: what a form post lands on, whatever the address (it says nothing about it). */
export function renderStatusLinkSentPage(): string {
  const { sent, nothingArrives, signUpAgain } = STATUS_LINK_SENT_SENTENCES;
  return layout(
    'Check your email',
    `<h1>Check your email</h1>
<p>${escapeHtml(sent)}</p>
<p>${escapeHtml(nothingArrives)} <a href="/">${escapeHtml(signUpAgain)}</a></p>`,
  );
}
