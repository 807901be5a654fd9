import { formatLongDate } from '../../core/index.js';
import type { ReminderAction } from '../adapters/email/reminder-actions.js';
import { escapeHtml } from '../common/http.js';
import { layout } from './layout.js';
import { formField } from './my-record.js';

export interface ReminderActionView {
  /** The action link's token, posted back with the form. */
  readonly token: string;
  readonly action: ReminderAction;
  /** The day the reminder that carried the link was sent. */
  readonly sentOn: string;
  /** For a course: the body and unit its units are counted in (`NASM`, `CEU`). */
  readonly units?: { readonly body: string; readonly unit: string };
  /** What to fill the fields with: the defaults, or what was typed before a mistake. */
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

function heading(action: ReminderAction): string {
  if (action.kind === 'cpr') return 'Record your renewed CPR/AED card';
  if (action.kind === 'specialization') return `Record your ${action.code}`;
  return 'Record a completed course';
}

function fields(view: ReminderActionView): string {
  const input = (
    id: string,
    name: string,
    label: string,
    options: { type?: string; required?: boolean; hint?: string } = {},
  ) =>
    formField({
      id,
      name,
      label,
      value: view.values[name] ?? '',
      ...options,
      ...(view.errors[name] ? { error: view.errors[name] as string } : {}),
    });
  switch (view.action.kind) {
    case 'cpr':
      return [
        input('act-expiresOn', 'expiresOn', 'New expiry date', {
          type: 'date',
          required: true,
          hint: 'As printed on your new card.',
        }),
        input('act-earnedOn', 'earnedOn', 'Issued on', { type: 'date' }),
      ].join('\n');
    case 'specialization':
      return input('act-earnedOn', 'earnedOn', `Date you earned ${view.action.code}`, { type: 'date', required: true });
    case 'course': {
      const units = view.units;
      return [
        input('act-title', 'title', 'Course title', { required: true }),
        input('act-provider', 'provider', 'Provider', { hint: 'Who gave the course, as on your certificate.' }),
        input('act-completedOn', 'completedOn', 'Date completed', { type: 'date', required: true }),
        ...(units
          ? [
              input(`act-units-${units.body}`, `units[${units.body}]`, `${units.body} ${units.unit}s`, {
                required: true,
              }),
            ]
          : []),
      ].join('\n');
    }
  }
}

/** `GET /act?token=…`: the reminder's "Done already?" link. It asks; nothing changes until the trainer presses Save. */
export function renderReminderActionPage(view: ReminderActionView): string {
  const title = heading(view.action);
  const summary = view.errors.form ? `<p class="error" role="alert">${escapeHtml(view.errors.form)}</p>` : '';
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>From your reminder of ${escapeHtml(formatLongDate(view.sentOn))}. Nothing is saved until you press Save.</p>
${summary}
<form method="post" action="/act" class="card" novalidate>
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
${fields(view)}
<p><button type="submit">Save</button></p>
</form>`,
  );
}

/** A link used once already: what it did stands, and the status page is the way on. */
export function renderReminderActionDonePage(statusUrl: string): string {
  return layout(
    'Already done',
    `<h1>Already done</h1>
<p>This link has been used: what you recorded with it is on your record, and nothing was changed now.</p>
<p><a href="${escapeHtml(statusUrl)}">See your status page</a></p>`,
  );
}
