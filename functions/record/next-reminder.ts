import {
  type CalendarDate,
  DEFAULT_REMINDER_SETTINGS,
  type Evaluation,
  evaluate,
  nextReminderOn,
  type ReminderMilestone,
  type ReminderSettings,
  reminderKey,
  type SnoozeHold,
  type TrainerProfile,
} from '../../core/index.js';
import { REMINDER_PREFIX } from '../adapters/dynamodb/keys.js';
import { reminderSettingsOf, type TrainerRecord } from '../adapters/dynamodb/trainer-repository.js';

/**
 * The ONE place the trainer-level next reminder date (what the due index stores) is computed: per credential,
 * core's `nextReminderOn` with the milestones already sent in that credential's current cycle skipped and the
 * certification's snooze applied, then the earliest over all credentials. The cadence (the trainer's pace or their
 * "only the essentials") is in the evaluation's milestones. Every write goes through `save-profile.ts`, which uses it.
 *
 * Two key forms exist: core's `reminderKey` (`<code>#<cycle expiresOn>#<milestoneId>`) and the ledger sort key the
 * trainer record keeps in `remindersSent` (`REMINDER#` + the core key).
 */

/** Entries and pages read a trainer's reminder choices through the record seam (they may not import adapters). */
export { reminderSettingsOf };

/** Core key → ledger sort key (`REMINDER#<code>#<expiresOn>#<milestoneId>`). */
export function ledgerSortKeyOf(coreKey: string): string {
  return `${REMINDER_PREFIX}${coreKey}`;
}

/** Ledger sort keys (`remindersSent`) → the set of core keys `dueReminders` expects. */
export function sentReminderKeys(remindersSent: readonly string[]): ReadonlySet<string> {
  return new Set(
    remindersSent.filter((sk) => sk.startsWith(REMINDER_PREFIX)).map((sk) => sk.slice(REMINDER_PREFIX.length)),
  );
}

interface Credential {
  readonly code: string;
  readonly expiresOn: CalendarDate;
  readonly milestones: readonly ReminderMilestone[];
  /** A certification's snooze; cards are never snoozed. */
  readonly snoozed?: SnoozeHold | null;
}

function credentialsOf(evaluation: Evaluation): readonly Credential[] {
  return [...evaluation.certifications, ...evaluation.prerequisites];
}

/**
 * Keeps only the ledger keys of the evaluation's current cycles (a renewed credential starts a fresh cadence), without
 * duplicates, in their original order.
 */
export function pruneRemindersSent(evaluation: Evaluation, remindersSent: readonly string[]): string[] {
  const current = credentialsOf(evaluation).map((credential) =>
    ledgerSortKeyOf(reminderKey(credential.code, credential.expiresOn, '')),
  );
  return [...new Set(remindersSent)].filter((sk) => current.some((prefix) => sk.startsWith(prefix)));
}

/**
 * The earliest next reminder over all credentials, skipping milestones already sent (`remindersSent`, ledger sort
 * keys) or settled without a send (`settledKeys`, core keys: failed permanently, never to be retried).
 */
export function trainerNextReminderOn(
  evaluation: Evaluation,
  asOf: CalendarDate,
  remindersSent: readonly string[],
  settledKeys: readonly string[] = [],
): CalendarDate | null {
  const done = new Set([...sentReminderKeys(remindersSent), ...settledKeys]);
  let earliest: CalendarDate | null = null;
  for (const credential of credentialsOf(evaluation)) {
    const prefix = reminderKey(credential.code, credential.expiresOn, '');
    const sentIds = new Set(
      credential.milestones.map((milestone) => milestone.id).filter((id) => done.has(`${prefix}${id}`)),
    );
    const next = nextReminderOn(credential.milestones, asOf, sentIds, credential.snoozed ?? null);
    if (next !== null && (earliest === null || next < earliest)) earliest = next;
  }
  return earliest;
}

/**
 * Evaluates the profile on `asOf` with the ledger-aware trainer-level `nextReminderOn` (what the API shows and the
 * due index stores): reminders already sent, or settled without a send, are skipped; `reminders` are the trainer's
 * cadence choice and snoozes.
 */
export function evaluateWithSent(
  profile: TrainerProfile,
  asOf: CalendarDate,
  remindersSent: readonly string[],
  settledKeys: readonly string[] = [],
  reminders: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): Evaluation {
  const evaluation = evaluate(profile, asOf, reminders);
  return { ...evaluation, nextReminderOn: trainerNextReminderOn(evaluation, asOf, remindersSent, settledKeys) };
}

/** {@link evaluateWithSent} for a stored trainer: their profile, the reminders sent and their reminder choices. */
export function evaluateTrainer(
  trainer: Pick<TrainerRecord, 'profile' | 'remindersSent' | 'reminderSettings'>,
  asOf: CalendarDate,
): Evaluation {
  return evaluateWithSent(trainer.profile, asOf, trainer.remindersSent, [], reminderSettingsOf(trainer));
}

/** The calendar date (UTC) of an instant: the `asOf` of a request or a run happening at `now`. */
export function calendarDateAt(now: Date): CalendarDate {
  return now.toISOString().slice(0, 10);
}
