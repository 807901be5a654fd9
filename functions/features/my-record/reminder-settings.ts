/**
 * The trainer's choices about their reminders: a snooze of one certification from a reminder's link, and the cadence
 * ("follow my pace" or "only the essentials") from the status page. Both are saved through the record seam, which
 * computes the next reminder (and so the due index) from them.
 */
import {
  type CalendarDate,
  type Evaluation,
  evaluate,
  REMINDER_CADENCES,
  type ReminderCadence,
  type SnoozeLength,
  snoozeUntil,
} from '../../../core/index.js';
import type { SnoozeEntry, StoredReminderSettings, TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { UnauthorizedError } from '../../common/errors.js';
import { logger } from '../../common/logger.js';
import { calendarDateAt, evaluateTrainer, reminderSettingsOf } from '../../record/next-reminder.js';
import { saveProfile } from '../../record/save-profile.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/** The status page form's `action` for the cadence choice. */
export const REMINDER_CADENCE_ACTION = 'reminder-cadence';

/** Snoozes kept per trainer: the history of the current cycles, never an unbounded list. */
export const MAX_SNOOZES_KEPT = 20;

/**
 * What a snooze asked today would do: the day it moves the next reminder to (`atProtected`: the last-week reminder
 * or the expiry notice ends it there, before the end asked for), or why it would do nothing.
 */
export type SnoozePreview =
  | { readonly kind: 'moves'; readonly until: CalendarDate; readonly atProtected: boolean }
  | { readonly kind: 'nothing-to-move' }
  | { readonly kind: 'not-held' };

function previewIn(evaluation: Evaluation, code: string, length: SnoozeLength, today: CalendarDate): SnoozePreview {
  const certification = evaluation.certifications.find((held) => held.code === code);
  if (certification === undefined) return { kind: 'not-held' };
  const end = snoozeUntil(certification.milestones, today, length);
  return end === null ? { kind: 'nothing-to-move' } : { kind: 'moves', ...end };
}

/** What snoozing `code` for `length` would do today (the confirmation page shows it; nothing is written). */
export function previewSnooze(trainer: TrainerRecord, code: string, length: SnoozeLength, now: Date): SnoozePreview {
  const today = calendarDateAt(now);
  return previewIn(evaluateTrainer(trainer, today), code, length, today);
}

/** The snoozes still about a cycle the trainer holds, the newest `MAX_SNOOZES_KEPT` of them. */
function currentSnoozes(snoozes: readonly SnoozeEntry[], evaluation: Evaluation): SnoozeEntry[] {
  const held = (snooze: SnoozeEntry) =>
    evaluation.certifications.some((cert) => cert.code === snooze.code && cert.expiresOn === snooze.expiresOn);
  return snoozes.filter(held).slice(-(MAX_SNOOZES_KEPT - 1));
}

export type SnoozeOutcome = SnoozePreview;

/**
 * Snoozes one certification from a reminder's link, deciding again from the record as it is now (a credit may have
 * arrived since the page was shown). Recorded with the day it was asked and the reminder it came from.
 */
export async function snoozeCertification(
  deps: Dependencies,
  trainer: TrainerRecord,
  snooze: { readonly code: string; readonly length: SnoozeLength; readonly fromReminderOn: CalendarDate },
  now: Date,
): Promise<SnoozeOutcome> {
  const today = calendarDateAt(now);
  // Decided inside the revision (a retry decides again from the newer record); read once the save is done.
  const decided: { outcome: SnoozeOutcome } = { outcome: { kind: 'not-held' } };
  const saved = await saveProfile(
    deps.repositories.trainers,
    trainer,
    (current) => {
      const settings = reminderSettingsOf(current);
      const evaluation = evaluate(current.profile, today, settings);
      const outcome = previewIn(evaluation, snooze.code, snooze.length, today);
      decided.outcome = outcome;
      if (outcome.kind !== 'moves') return undefined;
      const cycle = evaluation.certifications.find((cert) => cert.code === snooze.code);
      if (cycle === undefined) return undefined;
      const entry: SnoozeEntry = {
        code: snooze.code,
        expiresOn: cycle.expiresOn,
        on: today,
        until: outcome.until,
        length: snooze.length,
        fromReminderOn: snooze.fromReminderOn,
      };
      const reminderSettings: StoredReminderSettings = {
        cadence: settings.cadence,
        snoozes: [...currentSnoozes(settings.snoozes, evaluation), entry],
      };
      return { reminderSettings };
    },
    now,
  );
  if (saved.kind === 'missing') throw new UnauthorizedError();
  const { outcome } = decided;
  logger.info('certification reminders snoozed', {
    trainerId: trainer.trainerId,
    code: snooze.code,
    outcome: outcome.kind,
    ...(outcome.kind === 'moves' ? { until: outcome.until } : {}),
  });
  return outcome;
}

export function isReminderCadence(value: unknown): value is ReminderCadence {
  return typeof value === 'string' && (REMINDER_CADENCES as readonly string[]).includes(value);
}

/** The trainer chose how often Recert writes (the status page's form); the next reminder is recomputed with it. */
export async function chooseCadence(
  deps: Dependencies,
  trainer: TrainerRecord,
  cadence: ReminderCadence,
  now: Date,
): Promise<void> {
  const saved = await saveProfile(
    deps.repositories.trainers,
    trainer,
    (current) => {
      const settings = reminderSettingsOf(current);
      return settings.cadence === cadence ? undefined : { reminderSettings: { ...settings, cadence } };
    },
    now,
  );
  if (saved.kind === 'missing') throw new UnauthorizedError();
  logger.info('reminder cadence chosen', { trainerId: trainer.trainerId, cadence, saved: saved.kind === 'saved' });
}
