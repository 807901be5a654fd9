/**
 * The status page's "Your reminders" section: when the next one comes, the pace each certification's reminders
 * follow, what the trainer snoozed from a reminder (with the reminder it came from), and the choice between following
 * their pace and only the essentials. A plain form post, so it works without JavaScript.
 */
import {
  type CalendarDate,
  type CertificationEvaluation,
  type Evaluation,
  formatLongDate,
  REMINDER_POLICY,
  type ReminderCadence,
  type SnoozeLength,
} from '../../core/index.js';
import { escapeHtml } from '../common/http.js';
import type { PostedForm } from './my-record.js';
import { SNOOZE_NEVER_HOLDS } from './reminder-action-page.js';

/** The form's `action` (features/my-record/reminder-settings.ts reads it), as each status page form names its own. */
const CADENCE_ACTION = 'reminder-cadence';

/** One snooze as the trainer's record keeps it. */
export interface SnoozeHistoryEntry {
  readonly code: string;
  readonly expiresOn: CalendarDate;
  readonly on: CalendarDate;
  readonly until: CalendarDate;
  readonly length: SnoozeLength;
  readonly fromReminderOn: CalendarDate;
}

export interface RemindersSectionInput {
  readonly token: string;
  readonly evaluation: Evaluation;
  /** Absent: the trainer never chose (their pace, nothing snoozed). */
  readonly reminderSettings?: {
    readonly cadence: ReminderCadence;
    readonly snoozes: readonly SnoozeHistoryEntry[];
  };
  readonly posted?: PostedForm;
}

const NEVER_CHOSE = { cadence: 'adaptive', snoozes: [] } as const;

const SNOOZE_WORDS: Readonly<Record<SnoozeLength, string>> = { '2-weeks': 'for 2 weeks', '1-month': 'for a month' };

/** `90, 30 and 7 days` (a list of days is plural, even when it ends with 1). */
function daysPhrase(days: readonly number[]): string {
  const listed = days.map(String);
  const last = listed.pop();
  if (listed.length === 0) return `${last} ${last === '1' ? 'day' : 'days'}`;
  return `${listed.join(', ')} and ${last} days`;
}

const { countdownDays, monthlyNudgeFromMonths } = REMINDER_POLICY;
const ON_TRACK = `${daysPhrase(countdownDays.onTrack)} before your finish-CE date`;
const BEHIND = `${daysPhrase(countdownDays.behind)} before your finish-CE date, and once a month from ${monthlyNudgeFromMonths} months before`;
const ESSENTIALS = `${daysPhrase(countdownDays.essentials)} before your finish-CE date`;

/** What the reminders of one certification follow today, in a sentence. */
function paceLine(cert: CertificationEvaluation, cadence: ReminderCadence, asOf: CalendarDate): string {
  const finishBy = formatLongDate(cert.deadlines.finishBy);
  if (cert.expiresOn < asOf) return 'expired: a notice while you can still renew late, and when that ends';
  if (cert.reminderPace === 'met') return 'requirements met: one reminder to submit your renewal';
  if (cadence === 'essentials') return `only the essentials: ${ESSENTIALS} (${finishBy})`;
  return cert.reminderPace === 'on-track'
    ? `on track: ${ON_TRACK} (${finishBy})`
    : `behind: ${BEHIND} (finish-CE date ${finishBy})`;
}

function snoozeLine(entry: SnoozeHistoryEntry, certifications: readonly CertificationEvaluation[]): string {
  const holding = certifications.find(
    (cert) => cert.code === entry.code && cert.expiresOn === entry.expiresOn && cert.snoozed?.from === entry.on,
  )?.snoozed;
  const until = holding
    ? `no reminder before ${formatLongDate(holding.until)}`
    : `until ${formatLongDate(entry.until)}`;
  return `${entry.code}: you snoozed it ${SNOOZE_WORDS[entry.length]} on ${formatLongDate(entry.on)}, from the reminder of ${formatLongDate(entry.fromReminderOn)} — ${until}`;
}

function snoozesHtml(input: RemindersSectionInput): string {
  const { snoozes } = input.reminderSettings ?? NEVER_CHOSE;
  if (snoozes.length === 0) return '';
  const items = [...snoozes]
    .reverse()
    .map((entry) => `<li>${escapeHtml(snoozeLine(entry, input.evaluation.certifications))}</li>`)
    .join('');
  const holding = input.evaluation.certifications.some((cert) => cert.snoozed !== null);
  return `<h3>Snoozed</h3><ul class="snoozes">${items}</ul>${holding ? `<p class="hint">${escapeHtml(SNOOZE_NEVER_HOLDS)}</p>` : ''}`;
}

function choice(value: ReminderCadence, label: string, hint: string, chosen: ReminderCadence): string {
  const id = `cadence-${value}`;
  return `<div class="choice"><input type="radio" id="${id}" name="cadence" value="${value}"${value === chosen ? ' checked' : ''} aria-describedby="${id}-hint"><label for="${id}">${escapeHtml(label)}</label></div>
<p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>`;
}

function cadenceForm(input: RemindersSectionInput): string {
  const { cadence } = input.reminderSettings ?? NEVER_CHOSE;
  const error = input.posted?.action === CADENCE_ACTION ? input.posted.errors.cadence : undefined;
  return `<form method="post" action="/status" novalidate><input type="hidden" name="token" value="${escapeHtml(input.token)}"><input type="hidden" name="action" value="${CADENCE_ACTION}">
<fieldset><legend>How often should Recert remind you?</legend>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}${choice('adaptive', 'Follow my pace', `On track: ${ON_TRACK}. Behind: ${BEHIND}.`, cadence)}
${choice('essentials', 'Only the essentials', `${ESSENTIALS}.`, cadence)}
<p class="hint">Either way: one reminder to submit your renewal once you are done, the notices after expiry, and your CPR/AED card's.</p>
</fieldset>
<p><button type="submit" class="secondary">Save my choice</button></p></form>`;
}

/** The section, for a trainer whose reminders are on. */
export function remindersSection(input: RemindersSectionInput): string {
  const { evaluation } = input;
  const next = evaluation.nextReminderOn
    ? `<p>Your next reminder is due on ${formatLongDate(evaluation.nextReminderOn)}.</p>`
    : '<p>No reminder is scheduled.</p>';
  const { cadence } = input.reminderSettings ?? NEVER_CHOSE;
  const paces = evaluation.certifications
    .map((cert) => `<li>${escapeHtml(`${cert.code}: ${paceLine(cert, cadence, evaluation.asOf)}`)}</li>`)
    .join('');
  return `<section class="card" id="reminders" aria-labelledby="reminders-title"><h2 id="reminders-title">Your reminders</h2>
${next}
${paces ? `<ul class="paces">${paces}</ul>` : ''}
${snoozesHtml(input)}
${cadenceForm(input)}
</section>`;
}
