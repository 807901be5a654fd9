import { type CalendarDate, formatLongDate, type SnoozeLength } from '../../core/index.js';
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
  if (action.kind === 'snooze') return snoozeHeading(action.certification, action.length);
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
    case 'snooze':
      return ''; // a snooze asks nothing: renderSnoozePage says what it will do
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

function snoozeHeading(certification: string, length: SnoozeLength): string {
  return length === '2-weeks'
    ? `Snooze your ${certification} reminders for 2 weeks?`
    : `Remind you about ${certification} in a month?`;
}

/** Said wherever a snooze is offered or shown: what it never holds back. */
export const SNOOZE_NEVER_HOLDS =
  'The reminder in the last week before your finish-CE date and the notice when it expires always come, snoozed or not.';

export interface SnoozeView {
  /** The action link's token, posted back with the button. */
  readonly token: string;
  readonly certification: string;
  readonly length: SnoozeLength;
  /** The day the reminder that carried the link was sent. */
  readonly sentOn: CalendarDate;
  /** The day the next reminder moves to. */
  readonly until: CalendarDate;
  /** The last-week reminder or the expiry notice comes on `until`, before the end asked for. */
  readonly atProtected: boolean;
}

/** `GET /act` for "Snooze this for 2 weeks" / "remind me in a month": what it will do; only the button's POST does it. */
export function renderSnoozePage(view: SnoozeView): string {
  const title = snoozeHeading(view.certification, view.length);
  const until = formatLongDate(view.until);
  const button = view.length === '2-weeks' && !view.atProtected ? `Snooze until ${until}` : `Remind me on ${until}`;
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>From your reminder of ${escapeHtml(formatLongDate(view.sentOn))}. Nothing changes until you press the button.</p>
<p>Recert will send no ${escapeHtml(view.certification)} reminder before ${until}, and remind you that day${view.atProtected ? ': that reminder always comes, so the snooze ends there' : ''}.</p>
<p class="hint">${escapeHtml(SNOOZE_NEVER_HOLDS)}</p>
<form method="post" action="/act" class="card">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<p><button type="submit">${escapeHtml(button)}</button></p>
</form>`,
  );
}

/**
 * A snooze that would move nothing: the certification's next reminder is one that always comes, or the trainer no
 * longer holds it. Nothing is changed.
 */
export function renderNothingToSnoozePage(view: {
  readonly certification: string;
  readonly held: boolean;
  readonly statusUrl: string;
}): string {
  const why = view.held
    ? `Your next ${view.certification} reminder is one that always comes: the last week before your finish-CE date, or the notice when it expires.`
    : `You no longer hold ${view.certification}, so there is nothing to snooze.`;
  return layout(
    'Nothing to snooze',
    `<h1>Nothing to snooze</h1>
<p>${escapeHtml(why)} Nothing was changed.</p>
<p><a href="${escapeHtml(view.statusUrl)}">See your status page</a>, where you can also choose to get only the essential reminders.</p>`,
  );
}
