/**
 * The parts of the status page where a trainer changes their record: log a course, their certifications and cards,
 * the dated history of every course with where it came from and what it counted toward, and their data. Plain form
 * posts carrying the page's capability (its status token), so all of it works without JavaScript.
 */
import {
  type Activity,
  type CatalogListing,
  type CertificationEvaluation,
  type CredentialClaim,
  type Evaluation,
  findCredential,
  formatLongDate,
} from '../../core/index.js';
import { amountPhrase } from '../adapters/email/units.js';
import { escapeHtml } from '../common/http.js';
import { layout } from './layout.js';

export interface Keyed<T> {
  readonly entry: T;
  /** Names the entry in a remove or edit form (see features/my-record/record-changes.ts). */
  readonly key: string;
}

/** A form posted back with errors: which one, what was typed (by field name) and the messages. */
export interface PostedForm {
  readonly action: string | undefined;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
  /** The entry an edit form was about. */
  readonly key?: string;
}

export interface MyRecordView {
  readonly token: string;
  readonly evaluation: Evaluation;
  readonly courses: readonly Keyed<Activity>[];
  readonly credentials: readonly Keyed<CredentialClaim>[];
  readonly providerNames: Readonly<Record<string, string>>;
  readonly catalog: readonly CatalogListing[];
  readonly posted?: PostedForm;
}

const hiddenToken = (token: string) => `<input type="hidden" name="token" value="${escapeHtml(token)}">`;

export function formField(input: {
  id: string;
  name: string;
  label: string;
  type?: string;
  required?: boolean;
  value?: string;
  error?: string;
  hint?: string;
  extra?: string;
}): string {
  const describedBy = [input.hint ? `${input.id}-hint` : '', input.error ? `${input.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return `<label for="${input.id}">${escapeHtml(input.label)}${input.required ? ' <span aria-hidden="true">*</span>' : ''}</label>
${input.hint ? `<p class="hint" id="${input.id}-hint">${escapeHtml(input.hint)}</p>` : ''}<input id="${input.id}" name="${input.name}" type="${input.type ?? 'text'}"${input.required ? ' required' : ''} value="${escapeHtml(input.value ?? '')}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}${input.error ? ' aria-invalid="true"' : ''}${input.extra ?? ''}>
${input.error ? `<p class="error" id="${input.id}-error">${escapeHtml(input.error)}</p>` : ''}`;
}

function formError(posted: PostedForm | undefined, action: string, key?: string): string {
  const message = posted?.action === action && posted.key === key ? posted.errors.form : undefined;
  return message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
}

/** `NASM CEUs` for the units field of a body the trainer holds a certification with. */
function unitsLabel(cert: CertificationEvaluation): string {
  return `${cert.body} ${cert.unit}s`;
}

/** The "Log a completed course" form, first on the page: open it, fill it, save. */
export function logCourseForm(view: MyRecordView): string {
  const posted = view.posted?.action === 'log-course' ? view.posted : undefined;
  const value = (name: string) => posted?.values[name] ?? '';
  const error = (name: string) => posted?.errors[name];
  const bodies = [...new Map(view.evaluation.certifications.map((cert) => [cert.body, cert])).values()];
  if (bodies.length === 0) return '';
  const unitsError = error('units');
  const unitFields = bodies
    .map((cert) =>
      formField({
        id: `course-units-${cert.body}`,
        name: `units[${cert.body}]`,
        label: unitsLabel(cert),
        type: 'text',
        value: value(`units.${cert.body}`),
        extra: ' inputmode="decimal" autocomplete="off"',
        ...(unitsError ? { error: unitsError } : {}),
      }),
    )
    .join('\n');
  return `<details class="action" id="log-course"${posted ? ' open' : ''}><summary>Log a completed course</summary>
<form method="post" action="/status" class="card" novalidate>
${hiddenToken(view.token)}<input type="hidden" name="action" value="log-course">
${formError(view.posted, 'log-course')}
${formField({ id: 'course-title', name: 'title', label: 'Course title', required: true, value: value('title'), ...(error('title') ? { error: error('title') as string } : {}) })}
${formField({ id: 'course-provider', name: 'provider', label: 'Provider', hint: 'Who gave the course, as on your certificate.', value: value('provider'), ...(error('provider') ? { error: error('provider') as string } : {}) })}
${formField({ id: 'course-completedOn', name: 'completedOn', label: 'Date completed', type: 'date', required: true, value: value('completedOn'), ...(error('completedOn') ? { error: error('completedOn') as string } : {}) })}
<p class="hint" id="course-units-hint">Approved units, as printed on your certificate: fill in each certification it was approved for.</p>
${unitFields}
<p><button type="submit">Save course</button></p>
</form></details>`;
}

function credentialLine(claim: CredentialClaim): string {
  const entry = findCredential(claim.code);
  const name = entry ? `${claim.code} · ${entry.name}` : claim.code;
  const dates = [
    claim.earnedOn ? `earned ${formatLongDate(claim.earnedOn)}` : '',
    claim.expiresOn ? `expires ${formatLongDate(claim.expiresOn)}` : '',
  ].filter(Boolean);
  return `<strong>${escapeHtml(name)}</strong>${dates.length > 0 ? `<p class="meta">${escapeHtml(dates.join(', '))}</p>` : ''}`;
}

function credentialDateFields(prefix: string, claim: Partial<CredentialClaim>, posted?: PostedForm): string {
  const value = (name: keyof CredentialClaim) => posted?.values[name] ?? (claim[name] as string | undefined) ?? '';
  const error = (name: string) => posted?.errors[name];
  const kind = claim.code ? findCredential(claim.code)?.kind : undefined;
  return [
    formField({
      id: `${prefix}-earnedOn`,
      name: 'earnedOn',
      label: 'Earned on',
      type: 'date',
      value: value('earnedOn'),
      ...(error('earnedOn') ? { error: error('earnedOn') as string } : {}),
    }),
    kind === 'specialization'
      ? ''
      : formField({
          id: `${prefix}-expiresOn`,
          name: 'expiresOn',
          label: 'Expires on',
          type: 'date',
          hint: 'As printed on your card.',
          value: value('expiresOn'),
          ...(error('expiresOn') ? { error: error('expiresOn') as string } : {}),
        }),
  ].join('\n');
}

function credentialItem(view: MyRecordView, { entry, key }: Keyed<CredentialClaim>, index: number): string {
  const posted = view.posted?.action === 'edit-credential' && view.posted.key === key ? view.posted : undefined;
  const recorded = entry.recordedBy
    ? `<p class="meta">Recorded by ${escapeHtml(view.providerNames[entry.recordedBy] ?? entry.recordedBy)}</p>`
    : '';
  return `<li>${credentialLine(entry)}${recorded}
<details${posted ? ' open' : ''}><summary>Change dates<span class="visually-hidden"> of ${escapeHtml(entry.code)}</span></summary>
<form method="post" action="/status" novalidate>${hiddenToken(view.token)}<input type="hidden" name="action" value="edit-credential"><input type="hidden" name="key" value="${key}"><input type="hidden" name="code" value="${escapeHtml(entry.code)}">
${formError(view.posted, 'edit-credential', key)}
${credentialDateFields(`credential-${index}`, entry, posted)}
<p><button type="submit" class="secondary">Save dates</button></p></form></details>
<form method="post" action="/status" class="inline">${hiddenToken(view.token)}<input type="hidden" name="action" value="remove-credential"><input type="hidden" name="key" value="${key}"><button type="submit" class="link">Remove ${escapeHtml(entry.code)}</button></form>
${formError(view.posted, 'remove-credential', key)}</li>`;
}

function addCredentialForm(view: MyRecordView): string {
  const posted = view.posted?.action === 'add-credential' ? view.posted : undefined;
  const chosen = posted?.values.code ?? '';
  const options = view.catalog
    .map(
      (entry) =>
        `<option value="${escapeHtml(entry.code)}"${entry.code === chosen ? ' selected' : ''}>${escapeHtml(`${entry.code} · ${entry.name}`)}</option>`,
    )
    .join('');
  const codeError = posted?.errors.code;
  return `<details${posted ? ' open' : ''}><summary>Add a certification, specialization or CPR/AED card</summary>
<form method="post" action="/status" novalidate>${hiddenToken(view.token)}<input type="hidden" name="action" value="add-credential">
${formError(view.posted, 'add-credential')}
<label for="add-code">Certification or card <span aria-hidden="true">*</span></label>
<select id="add-code" name="code" required${codeError ? ' aria-invalid="true" aria-describedby="add-code-error"' : ''}><option value="">Choose…</option>${options}</select>
${codeError ? `<p class="error" id="add-code-error">${escapeHtml(codeError)}</p>` : ''}
${credentialDateFields('add', {}, posted)}
<p class="hint">A specialization needs only the date you earned it.</p>
<p><button type="submit" class="secondary">Add</button></p></form></details>`;
}

/** Every certification, specialization and card the trainer told us about, each with its own change and remove. */
export function credentialsSection(view: MyRecordView): string {
  const items = view.credentials.map((keyed, index) => credentialItem(view, keyed, index)).join('\n');
  const empty =
    view.credentials.length === 0
      ? '<p><strong>Add your first certification</strong> to see your deadlines and what to do next.</p>'
      : '';
  return `<section class="card" id="credentials" aria-labelledby="credentials-title"><h2 id="credentials-title">Your certifications and cards</h2>
${empty}${items ? `<ul class="entries">${items}</ul>` : ''}
${addCredentialForm(view)}</section>`;
}

/** `0.5 NASM CEUs, 0.5 ACE CECs`: the units as approved, each named with its body's unit. */
function unitsText(activity: Activity, certifications: readonly CertificationEvaluation[]): string {
  return Object.entries(activity.units)
    .map(([body, value]) => {
      const unit = certifications.find((cert) => cert.body === body)?.unit ?? 'unit';
      return `${amountPhrase(value ?? 0, 100, `${body} ${unit}`)}`;
    })
    .join(', ');
}

function sourceText(activity: Activity, providerNames: Readonly<Record<string, string>>): string {
  if (activity.recordedBy) {
    const provider = providerNames[activity.recordedBy] ?? activity.recordedBy;
    return `Recorded by ${provider}${activity.certificateId ? `, certificate ${activity.certificateId}` : ''}`;
  }
  if (activity.enteredVia === 'status-page') return 'You logged it on this page';
  if (activity.enteredVia === 'reminder') {
    return `You logged it from the reminder${activity.fromReminderOn ? ` of ${formatLongDate(activity.fromReminderOn)}` : ''}`;
  }
  if (activity.enteredVia === 'sign-up') return 'You entered it when you signed up';
  return 'You entered it';
}

/** Which certification and cycle a course counted toward, and why not when it did not. */
function countedText(index: number, certifications: readonly CertificationEvaluation[]): string[] {
  const lines = certifications.flatMap((cert) => {
    const credit = cert.credits.find((line) => line.activityIndex === index);
    if (!credit) return [];
    const cycle = `${cert.code}, cycle ${formatLongDate(cert.cycleStartsOn)} – ${formatLongDate(cert.expiresOn)}`;
    if (credit.reason === null)
      return [`Counted toward ${cycle}: ${amountPhrase(credit.counted, cert.unitsRequired, cert.unit)}`];
    if (credit.counted > 0) {
      return [
        `Partly counted toward ${cycle}: ${amountPhrase(credit.counted, cert.unitsRequired, cert.unit)} — ${credit.note}`,
      ];
    }
    return [`Not counted toward ${cycle}: ${credit.note}`];
  });
  return lines.length > 0
    ? lines
    : [
        'Not counted: it falls outside the current cycle of every certification you hold, or none of them accepts its units.',
      ];
}

/** The dated history of every course, newest first, with its source and what it counted toward. */
export function historySection(view: MyRecordView): string {
  const { certifications } = view.evaluation;
  const byDate = view.courses
    .map((keyed, index) => ({ ...keyed, index }))
    .sort((a, b) =>
      a.entry.completedOn < b.entry.completedOn
        ? 1
        : a.entry.completedOn > b.entry.completedOn
          ? -1
          : b.index - a.index,
    );
  const items = byDate
    .map(({ entry, key, index }) => {
      const counted = countedText(index, certifications)
        .map((line) => `<p class="counted">${escapeHtml(line)}</p>`)
        .join('');
      const provider = entry.provider ? ` · ${escapeHtml(entry.provider)}` : '';
      return `<li><strong>${escapeHtml(entry.title)}</strong>${provider}
<p class="meta">${formatLongDate(entry.completedOn)} · ${escapeHtml(unitsText(entry, certifications))} · ${escapeHtml(sourceText(entry, view.providerNames))}</p>
${counted}
<form method="post" action="/status" class="inline">${hiddenToken(view.token)}<input type="hidden" name="action" value="remove-course"><input type="hidden" name="key" value="${key}"><button type="submit" class="link">Remove<span class="visually-hidden"> ${escapeHtml(entry.title)}, ${formatLongDate(entry.completedOn)}</span></button></form></li>`;
    })
    .join('\n');
  return `<section class="card" id="courses" aria-labelledby="courses-title"><h2 id="courses-title">Your courses</h2>
${items ? `<ul class="entries">${items}</ul>` : '<p>No course yet. When you complete one, log it above; providers that work with Recert add theirs for you.</p>'}
</section>`;
}

/** Export, unsubscribe and delete: plain form posts and links, no script. */
export function yourDataSection(token: string, unsubscribeUrl: string | undefined): string {
  return `<section class="card" id="your-data" aria-labelledby="your-data-title"><h2 id="your-data-title">Your data</h2>
<form method="post" action="/status/export">${hiddenToken(token)}<button type="submit" class="secondary">Download everything we hold about you (JSON)</button></form>
${unsubscribeUrl ? `<p><a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe from reminder emails</a></p>` : ''}
<form method="post" action="/status/delete">${hiddenToken(token)}<button type="submit" class="link">Delete my data…</button></form>
</section>`;
}

/** The step before deleting: says what goes, in the destructive colour, with a way back that keeps everything. */
export function renderDeleteConfirmPage(token: string): string {
  return layout(
    'Delete your data?',
    `<h1>Delete everything Recert holds about you?</h1>
<p>Your certifications, courses, reminders and this page go, at once and for good. You will get no more email from Recert. This cannot be undone.</p>
<form method="post" action="/status/delete">${hiddenToken(token)}<input type="hidden" name="confirm" value="yes"><p><button type="submit" class="danger">Yes, delete my data</button></p></form>
<p><a href="/status?token=${encodeURIComponent(token)}">No, keep my data and go back</a></p>`,
  );
}

/** After deleting: nothing of what was deleted. */
export function renderDeletedPage(): string {
  return layout(
    'Your data is deleted',
    `<h1>Your data is deleted</h1>
<p>Recert holds nothing about you any more and will send you no email. Your old links no longer work.</p>
<p><a href="/">Sign up again</a> whenever you like.</p>`,
  );
}

/** GET /resubscribe: the link from the opt-in email shows a button; only its POST acts (mail scanners follow links). */
export function renderResubscribePage(token: string): string {
  return layout(
    'Turn reminders back on',
    `<h1>Turn your reminders back on?</h1>
<p>Recert will email you before your certifications and CPR/AED card need action, as it did before you unsubscribed.</p>
<form method="post" action="/resubscribe"><input type="hidden" name="token" value="${escapeHtml(token)}"><p><button type="submit">Yes, send me reminders</button></p></form>`,
  );
}

export function renderResubscribedPage(statusUrl: string): string {
  return layout(
    'Reminders are back on',
    `<h1>Your reminders are back on</h1>
<p>Recert will email you when something needs doing. You can turn them off again from any reminder.</p>
<p><a href="${escapeHtml(statusUrl)}">Open my status page</a></p>`,
  );
}
