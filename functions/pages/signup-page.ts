import type { CatalogListing } from '../../core/index.js';
import {
  TURNSTILE_ORIGIN,
  TURNSTILE_RESPONSE_FIELD,
  TURNSTILE_SCRIPT_URL,
} from '../adapters/captcha/turnstile-widget.js';
import { escapeHtml, type HttpResponse, html } from '../common/http.js';
import { layout } from './layout.js';

/**
 * The sign-up form. Plain HTML that works without JavaScript: the browser posts it form-encoded to
 * `/api/signups`, and on a mistake the server renders it again with each error next to its field.
 * Field names are not positional in the profile (`cert[0][code]`, `cpr[expiresOn]` …), so blank rows can be
 * dropped without shifting error positions; `readSignupForm` maps profile paths back to form fields.
 *
 * Short by default: one row per list, the optional lists folded away. "Add another …" is a submit button
 * (`add=cert`), so it works without JavaScript: the server renders the same form again with one more row.
 */
export const ROW_KINDS = ['cert', 'spec', 'activity'] as const;
export type RowKind = (typeof ROW_KINDS)[number];
export type RowCounts = Readonly<Record<RowKind, number>>;

/** One row each until the trainer asks for more; at most this many, so a page cannot be grown without end. */
export const DEFAULT_ROWS: RowCounts = { cert: 1, spec: 1, activity: 1 };
export const MAX_ROWS: RowCounts = { cert: 10, spec: 10, activity: 20 };

export type FormValues = Readonly<Record<string, string>>;

export interface SignupPageInput {
  readonly catalog: readonly CatalogListing[];
  /** What the trainer typed, keyed by field id (`cert-0-code`), to re-fill the form after an error. */
  readonly values?: FormValues;
  /** Errors keyed by field id; `form` holds errors without a field, `captcha` the CAPTCHA's. */
  readonly errors?: Readonly<Record<string, string>>;
  /** How many rows each list shows; `DEFAULT_ROWS` when absent. */
  readonly rows?: RowCounts;
  /** The Turnstile widget's site key and action when the CAPTCHA is on; no widget and no script otherwise. */
  readonly captcha?: { readonly siteKey: string; readonly action: string } | undefined;
}

/** A star after a required field's label; screen readers hear "required" from the input itself instead. */
const REQUIRED_MARK = ' <span class="required" aria-hidden="true">*</span>';

interface FieldOptions {
  readonly hint?: string;
  readonly required?: boolean;
  /** Takes the whole width of a phone row (a name or a title), where two dates share it. */
  readonly wide?: boolean;
}

function field(
  id: string,
  label: string,
  input: string,
  errors: SignupPageInput['errors'],
  { hint = '', required = false, wide = false }: FieldOptions = {},
): string {
  const error = errors?.[id];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const withAria = input.replace(
    '<INPUT_ATTRS>',
    `id="${id}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}${error ? ' aria-invalid="true"' : ''}`,
  );
  return `<div${wide ? ' class="wide"' : ''}>
<label for="${id}">${escapeHtml(label)}${required ? REQUIRED_MARK : ''}</label>
${hint ? `<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>` : ''}${withAria}
${error ? `<p class="error" id="${id}-error">${escapeHtml(error)}</p>` : ''}
</div>`;
}

function textInput(name: string, value: string | undefined, type = 'text', extra = ''): string {
  return `<input <INPUT_ATTRS> name="${name}" type="${type}" value="${escapeHtml(value ?? '')}"${extra}>`;
}

function select(
  name: string,
  options: readonly { value: string; label: string }[],
  value: string | undefined,
  required = false,
): string {
  const rendered = options
    .map(
      (o) =>
        `<option value="${escapeHtml(o.value)}"${o.value === value ? ' selected' : ''}>${escapeHtml(o.label)}</option>`,
    )
    .join('');
  return `<select <INPUT_ATTRS> name="${name}"${required ? ' required' : ''}>${rendered}</select>`;
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  code: '',
  earnedOn: 'earned on',
  expiresOn: 'expires on',
  title: 'title',
  completedOn: 'completed on',
  units: 'units',
  body: 'approved by',
};
const ROW_NAMES: Readonly<Record<string, string>> = {
  cert: 'Certification',
  spec: 'Specialization',
  activity: 'Course',
};

/** `cert-0-expiresOn` → `Certification 1 expires on`: the error summary names each field as the form labels it. */
export function fieldLabel(id: string): string {
  if (id === 'name') return 'Your name';
  if (id === 'email') return 'Email';
  if (id === 'form') return 'Form';
  if (id === 'captcha') return CAPTCHA_LEGEND;
  const cpr = /^cpr-(\w+)$/.exec(id);
  if (cpr) return `CPR/AED card ${cpr[1] === 'earnedOn' ? 'issued on' : (FIELD_WORDS[cpr[1] ?? ''] ?? '')}`.trim();
  const row = /^(cert|spec|activity)-(\d+)-(\w+)$/.exec(id);
  if (!row) return id;
  const [, kind = '', index = '0', field = ''] = row;
  return `${ROW_NAMES[kind]} ${Number(index) + 1} ${FIELD_WORDS[field] ?? field}`.trim();
}

export const CAPTCHA_LEGEND = 'Check that you are a person';
export const CAPTCHA_NEEDS_JAVASCRIPT =
  'This form checks that you are a person before it sends any email, and that check needs JavaScript. ' +
  'JavaScript is off in this browser: turn it on and reload the page, or the form cannot be sent.';

const CAPTCHA_HINT = 'It keeps robots from signing strangers up. Most people never see a puzzle.';

/**
 * The Turnstile widget (implicit rendering: the loader finds `.cf-turnstile` and adds the hidden
 * `cf-turnstile-response` field to this form). Without JavaScript nothing renders, so the page says why. Shared
 * with the "email me a fresh link" form, which says in `hint` what the check protects there.
 */
export function captchaFieldset(
  captcha: NonNullable<SignupPageInput['captcha']>,
  error: string | undefined,
  hint = CAPTCHA_HINT,
): string {
  return `<fieldset><legend>${CAPTCHA_LEGEND}</legend>
<p class="hint" id="captcha-hint">${escapeHtml(hint)}</p>
<div class="cf-turnstile" id="captcha" aria-describedby="captcha-hint${error ? ' captcha-error' : ''}" data-sitekey="${escapeHtml(captcha.siteKey)}" data-action="${escapeHtml(captcha.action)}" data-response-field-name="${TURNSTILE_RESPONSE_FIELD}" data-theme="light"></div>
<noscript><p class="error">${escapeHtml(CAPTCHA_NEEDS_JAVASCRIPT)}</p></noscript>
${error ? `<p class="error" id="captcha-error">${escapeHtml(error)}</p>` : ''}
</fieldset>`;
}

const ADD_LABELS: Readonly<Record<RowKind, string>> = {
  cert: 'Add another certification',
  spec: 'Add another specialization',
  activity: 'Add another course',
};

/** "Add another …": posts the form as it is and lands on the new row's first field. */
function addRowButton(kind: RowKind, rows: RowCounts): string {
  if (rows[kind] >= MAX_ROWS[kind]) return '';
  const firstField = kind === 'activity' ? 'title' : 'code';
  return `<p><button type="submit" class="secondary" name="add" value="${kind}" formaction="/api/signups#${kind}-${rows[kind]}-${firstField}" formnovalidate>${ADD_LABELS[kind]}</button></p>`;
}

/** An optional list starts folded; it opens by itself once it holds something or an error. */
function startsOpen(kind: RowKind, rows: RowCounts, values: FormValues, errors: SignupPageInput['errors']): boolean {
  const inList = (id: string) => id.startsWith(`${kind}-`);
  return (
    rows[kind] > DEFAULT_ROWS[kind] ||
    Object.entries(values).some(([id, value]) => inList(id) && value !== '' && !id.endsWith('-body')) ||
    Object.keys(errors ?? {}).some(inList)
  );
}

export function renderSignupPage({
  catalog,
  values = {},
  errors = {},
  rows = DEFAULT_ROWS,
  captcha,
}: SignupPageInput): string {
  const certifications = catalog.filter((entry) => entry.kind === 'certification');
  const specializations = catalog.filter((entry) => entry.kind === 'specialization');
  const bodies = [
    ...new Set(catalog.map((entry) => entry.body).filter((body): body is NonNullable<typeof body> => body !== null)),
  ];
  const choose = (entries: readonly CatalogListing[], blank: string) => [
    { value: '', label: blank },
    ...entries.map((entry) => ({ value: entry.code, label: `${entry.code} — ${entry.name}` })),
  ];
  const v = (id: string) => values[id];
  const open = (kind: RowKind) => (startsOpen(kind, rows, values, errors) ? ' open' : '');

  const certRows = Array.from(
    { length: rows.cert },
    (_, i) => `<div class="row">
${field(`cert-${i}-code`, `Certification ${i + 1}`, select(`cert[${i}][code]`, choose(certifications, i === 0 ? 'Choose your certification' : 'None'), v(`cert-${i}-code`), i === 0), errors, { required: i === 0, wide: true })}
${field(`cert-${i}-earnedOn`, 'Earned on', textInput(`cert[${i}][earnedOn]`, v(`cert-${i}-earnedOn`), 'date'), errors)}
${field(`cert-${i}-expiresOn`, 'Expires on', textInput(`cert[${i}][expiresOn]`, v(`cert-${i}-expiresOn`), 'date'), errors)}
</div>`,
  ).join('\n');

  const specRows = Array.from(
    { length: rows.spec },
    (_, i) => `<div class="row">
${field(`spec-${i}-code`, `Specialization ${i + 1}`, select(`spec[${i}][code]`, choose(specializations, 'None'), v(`spec-${i}-code`)), errors, { wide: true })}
${field(`spec-${i}-earnedOn`, 'Earned on', textInput(`spec[${i}][earnedOn]`, v(`spec-${i}-earnedOn`), 'date'), errors)}
</div>`,
  ).join('\n');

  const activityRows = Array.from(
    { length: rows.activity },
    (_, i) => `<div class="row">
${field(`activity-${i}-title`, `Course ${i + 1}`, textInput(`activity[${i}][title]`, v(`activity-${i}-title`), 'text', ' maxlength="200"'), errors, { wide: true })}
${field(`activity-${i}-completedOn`, 'Completed on', textInput(`activity[${i}][completedOn]`, v(`activity-${i}-completedOn`), 'date'), errors)}
${field(`activity-${i}-units`, 'Units (CEU, CEC or hours)', textInput(`activity[${i}][units]`, v(`activity-${i}-units`), 'text', ' inputmode="decimal"'), errors)}
${field(
  `activity-${i}-body`,
  'Approved by',
  select(
    `activity[${i}][body]`,
    bodies.map((body) => ({ value: body, label: body })),
    v(`activity-${i}-body`),
  ),
  errors,
  { wide: true },
)}
</div>`,
  ).join('\n');

  const summary = Object.keys(errors).length
    ? `<div class="summary" role="alert" tabindex="-1" id="error-summary"><h2>Please fix ${Object.keys(errors).length === 1 ? 'this' : 'these'}:</h2><ul>${Object.entries(
        errors,
      )
        .map(
          ([id, message]) =>
            `<li><a href="#${id === 'form' ? 'main' : id}">${escapeHtml(fieldLabel(id))}: ${escapeHtml(message)}</a></li>`,
        )
        .join('')}</ul></div>`
    : '';

  return layout(
    'Never miss a recertification',
    `<h1>Never miss a recertification</h1>
<p>Tell us what you hold. We email you, in time, which course to complete before it expires — and why.</p>
<p class="hint">Fields marked * are required.</p>
${summary}
${captcha ? `<noscript><div class="summary"><p>${escapeHtml(CAPTCHA_NEEDS_JAVASCRIPT)}</p></div></noscript>` : ''}
<form method="post" action="/api/signups" novalidate>
${DEFAULT_SUBMIT}
<fieldset><legend>You</legend>
${field('name', 'Your name', textInput('name', v('name'), 'text', ' autocomplete="name" maxlength="100" required'), errors, { required: true })}
${field('email', 'Email', textInput('email', v('email'), 'email', ' autocomplete="email" maxlength="254" required'), errors, { hint: 'One confirmation email first; nothing else until you confirm.', required: true })}
<div class="visually-hidden" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
</fieldset>
<fieldset><legend>Certifications</legend>
<p class="hint">Dates as printed on your certificate.</p>
${certRows}
${addRowButton('cert', rows)}
</fieldset>
<fieldset><legend>CPR/AED card</legend>
<p class="hint">Adult CPR + AED with a hands-on skills check.</p>
<div class="row">
${field('cpr-earnedOn', 'Issued on', textInput('cpr[earnedOn]', v('cpr-earnedOn'), 'date'), errors)}
${field('cpr-expiresOn', 'Expires on', textInput('cpr[expiresOn]', v('cpr-expiresOn'), 'date'), errors)}
</div>
</fieldset>
<details class="optional"${open('spec')}><summary>Specializations you hold (optional)</summary>
<fieldset><legend class="visually-hidden">Specializations</legend>
<p class="hint">NASM specializations such as CES or PES do not expire and count 1.9 CEUs toward your NASM-CPT in the cycle you earn them.</p>
${specRows}
${addRowButton('spec', rows)}
</fieldset>
</details>
<details class="optional"${open('activity')}><summary>Courses you completed this cycle (optional)</summary>
<fieldset><legend class="visually-hidden">Courses this cycle</legend>
${activityRows}
${addRowButton('activity', rows)}
</fieldset>
</details>
${captcha ? captchaFieldset(captcha, errors.captcha) : ''}
<button type="submit">${SUBMIT_LABEL}</button>
</form>
<p>Already signed up? <a href="/status-link">Get a fresh status link</a></p>
${captcha ? `<script src="${TURNSTILE_SCRIPT_URL}" async defer></script>` : ''}`,
  );
}

const SUBMIT_LABEL = 'Send my confirmation email';

/**
 * Enter in a field submits with the form's first submit button. This copy of the real one comes first, so Enter
 * signs up rather than adding a row; it is out of sight, out of the tab order and hidden from screen readers.
 */
const DEFAULT_SUBMIT = `<button type="submit" class="visually-hidden" tabindex="-1" aria-hidden="true">${SUBMIT_LABEL}</button>`;

/**
 * Turnstile's loader and its iframe: the only third-party script and frame any page allows, and only on the two
 * forms that carry the widget (this one and "email me a fresh link").
 */
export const CAPTCHA_SOURCES = { scriptOrigins: [TURNSTILE_ORIGIN], frameOrigins: [TURNSTILE_ORIGIN] } as const;

/** The sign-up page as a response: its CSP allows Turnstile only when the widget is on the page. */
export function signupPageResponse(
  statusCode: number,
  input: SignupPageInput,
  headers: Readonly<Record<string, string>> = {},
): HttpResponse {
  return html(statusCode, renderSignupPage(input), input.captcha ? CAPTCHA_SOURCES : {}, headers);
}
