import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { UnauthorizedError } from '../../common/errors.js';
import { logger } from '../../common/logger.js';
import { plainMessage } from '../../pages/plain-messages.js';
import { calendarDateAt } from '../../record/next-reminder.js';
import { parseTrainerProfile } from '../../record/profile-schema.js';
import { saveProfile } from '../../record/save-profile.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { type ChangeAction, type FormErrors, readChangeForm } from './change-form.js';
import { applyChange, type RecordChange } from './record-changes.js';

export type ChangeOutcome =
  /** Saved, or nothing to do (the entry was already gone, or the same course posted twice): the page shows the record. */
  | { readonly kind: 'done'; readonly action: ChangeAction }
  /** Nothing written: the page shows the form again with these messages and what was typed. */
  | { readonly kind: 'invalid'; readonly action: ChangeAction | undefined; readonly errors: FormErrors };

/** A profile rule the whole record would break (a second NASM-CPT, 500 courses), in the trainer's words. */
function refusalErrors(issues: readonly string[]): FormErrors {
  const [first = ''] = issues;
  const separator = first.indexOf(': ');
  return { form: separator === -1 ? first : plainMessage(first.slice(0, separator), first.slice(separator + 2)) };
}

/**
 * One change from the trainer's status page (log or remove a course, add, edit or remove a certification or card),
 * applied through the record seam: re-evaluated, written once, retried on a concurrent change.
 */
export async function changeRecord(
  deps: Dependencies,
  trainer: TrainerRecord,
  form: Readonly<Record<string, unknown>>,
  now: Date,
): Promise<ChangeOutcome> {
  const read = readChangeForm(form, calendarDateAt(now));
  if (!read.ok) return { kind: 'invalid', action: read.action, errors: read.errors };
  return saveChange(deps, trainer, read.change, now);
}

/** A change already read and checked, saved through the record seam. */
export async function saveChange(
  deps: Dependencies,
  trainer: TrainerRecord,
  change: RecordChange,
  now: Date,
): Promise<ChangeOutcome> {
  const read = { change };
  const saved = await saveProfile<readonly string[]>(
    deps.repositories.trainers,
    trainer,
    (current) => {
      const next = applyChange(current.profile, read.change);
      if (next === undefined) return undefined;
      const checked = parseTrainerProfile(next);
      return checked.success ? { profile: checked.profile } : { refused: checked.issues };
    },
    now,
  );
  if (saved.kind === 'missing') throw new UnauthorizedError();
  if (saved.kind === 'refused')
    return { kind: 'invalid', action: read.change.kind, errors: refusalErrors(saved.refused) };
  logger.info('record changed by the trainer', {
    trainerId: trainer.trainerId,
    change: read.change.kind,
    saved: saved.kind === 'saved',
  });
  return { kind: 'done', action: read.change.kind };
}
