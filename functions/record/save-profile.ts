/**
 * The one seam for "a trainer's record changed". Every path that changes a trainer's profile or the reminders sent
 * for it (PUT /api/me, a provider's credit, the daily run, the sign-up confirmation) goes through here, so the
 * evaluation, the due-index entry and the retry policy are the same everywhere, and what changed is reported in one
 * shape (outbound notifications and the status page's history hang on it).
 */
import {
  type Activity,
  type CalendarDate,
  type CredentialClaim,
  type Evaluation,
  evaluate,
  type PhaseKind,
  type TrainerProfile,
} from '../../core/index.js';
import { RevisionConflictError } from '../adapters/dynamodb/errors.js';
import {
  type CreateTrainerInput,
  reminderSettingsOf,
  type StoredReminderSettings,
  type TrainerRecord,
  type TrainerRepository,
} from '../adapters/dynamodb/trainer-repository.js';
import { calendarDateAt, evaluateWithSent, pruneRemindersSent } from './next-reminder.js';
import { publishAfterSave, type StatusEventPorts } from './status-events.js';

/**
 * The trainer repository as the seam uses it. `statusEvents` is there in functions deployed with the status-change
 * queue (ADR 0035; the wiring adds it): after a profile change, each team with a webhook hears of it.
 */
export type SeamTrainers = Pick<TrainerRepository, 'get' | 'update'> & {
  readonly statusEvents?: StatusEventPorts | undefined;
};

/** What a change asks for, decided from the freshly read record (a retry decides again from a newer one). */
export interface Revision {
  /** The new profile; absent to keep the stored one. */
  readonly profile?: TrainerProfile;
  /** Ledger sort keys just sent: added to `remindersSent`, which then keeps only the current cycles' keys. */
  readonly sentKeys?: readonly string[];
  /** Core reminder keys settled without a send (failed for good): skipped when the next reminder is chosen. */
  readonly settledKeys?: readonly string[];
  /** The trainer turned reminders back on: back into the due index with the next reminder computed here. */
  readonly resubscribed?: true;
  /** The trainer chose a cadence or snoozed a certification: the next reminder follows it, computed here. */
  readonly reminderSettings?: StoredReminderSettings;
}

/** `undefined` means "nothing to change" (a repeat credit); anything else is written. */
export type Revise<Refusal> = (current: TrainerRecord) => Revision | Refused<Refusal> | undefined;

/** A change the record refuses (e.g. a profile rule it would break): nothing is written, the reason is returned. */
export interface Refused<Refusal> {
  readonly refused: Refusal;
}

export interface PhaseChange {
  readonly code: string;
  /** `undefined` for a certification the trainer did not hold before. */
  readonly from: PhaseKind | undefined;
  readonly to: PhaseKind;
}

/** What a saved change did, for whatever wants to tell someone about it. */
export interface RecordChanges {
  readonly phaseChanges: readonly PhaseChange[];
  readonly activitiesAdded: readonly Activity[];
  readonly credentialsAdded: readonly CredentialClaim[];
}

export type SaveOutcome<Refusal = never> =
  | {
      readonly kind: 'saved';
      readonly trainer: TrainerRecord;
      readonly evaluation: Evaluation;
      readonly changes: RecordChanges;
    }
  | { readonly kind: 'unchanged'; readonly trainer: TrainerRecord }
  | { readonly kind: 'refused'; readonly refused: Refusal }
  /** No such trainer (erased, or never confirmed). */
  | { readonly kind: 'missing' };

/** Every writer re-reads and re-decides this many times in all before a RevisionConflictError surfaces. */
export const SAVE_ATTEMPTS = 5;

function isRefused<Refusal>(decision: Revision | Refused<Refusal>): decision is Refused<Refusal> {
  return 'refused' in decision;
}

function changesBetween(before: TrainerProfile, after: TrainerProfile, asOf: CalendarDate, evaluation: Evaluation) {
  const previous = before === after ? evaluation : evaluate(before, asOf);
  const phaseChanges = evaluation.certifications.flatMap((certification): PhaseChange[] => {
    const from = previous.certifications.find((held) => held.code === certification.code)?.phase.kind;
    return from === certification.phase.kind ? [] : [{ code: certification.code, from, to: certification.phase.kind }];
  });
  return {
    phaseChanges,
    activitiesAdded: after.activities.filter((activity) => !before.activities.includes(activity)),
    credentialsAdded: after.credentials.filter((claim) => !before.credentials.includes(claim)),
  };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}

/**
 * Applies `revise` to the trainer and writes the result with core's evaluation and the due-index entry it implies,
 * in one revision-checked write. On a concurrent write it re-reads and asks `revise` again (SAVE_ATTEMPTS in all).
 * `start` may be a record already read (its first attempt then costs no read) or a trainer id. `asOf` is the day the
 * record is evaluated for: today, except in the daily run, which decides for its scheduled date.
 */
export async function saveProfile<Refusal = never>(
  trainers: SeamTrainers,
  start: TrainerRecord | string,
  revise: Revise<Refusal>,
  now: Date,
  asOf: CalendarDate = calendarDateAt(now),
): Promise<SaveOutcome<Refusal>> {
  const trainerId = typeof start === 'string' ? start : start.trainerId;
  let known = typeof start === 'string' ? undefined : start;
  for (let attempt = 1; ; attempt += 1) {
    const current = known ?? (await trainers.get(trainerId));
    known = undefined;
    if (current === undefined) return { kind: 'missing' };
    const decision = revise(current);
    if (decision === undefined) return { kind: 'unchanged', trainer: current };
    if (isRefused(decision)) return { kind: 'refused', refused: decision.refused };
    const profile = decision.profile ?? current.profile;
    const remindersSent = decision.sentKeys
      ? pruneRemindersSent(evaluate(profile, asOf), [...current.remindersSent, ...decision.sentKeys])
      : current.remindersSent;
    const reminderSettings = decision.reminderSettings ?? reminderSettingsOf(current);
    const settingsChanged =
      decision.reminderSettings !== undefined && decision.reminderSettings !== current.reminderSettings;
    const evaluation = evaluateWithSent(profile, asOf, remindersSent, decision.settledKeys, reminderSettings);
    const unchanged =
      !(decision.resubscribed && current.suppressed) &&
      !settingsChanged &&
      profile === current.profile &&
      evaluation.nextReminderOn === current.nextReminderOn &&
      sameKeys(remindersSent, current.remindersSent);
    if (unchanged) return { kind: 'unchanged', trainer: current };
    try {
      const trainer = await trainers.update(
        current,
        {
          nextReminderOn: evaluation.nextReminderOn,
          ...(profile !== current.profile ? { profile } : {}),
          ...(remindersSent !== current.remindersSent ? { remindersSent } : {}),
          ...(decision.resubscribed ? { suppressed: false as const } : {}),
          ...(settingsChanged ? { reminderSettings } : {}),
        },
        now,
      );
      // Only a profile change can change what a team sees today; time alone is the daily sweep's.
      if (trainers.statusEvents && profile !== current.profile) {
        await publishAfterSave(trainers.statusEvents, trainer, now);
      }
      return {
        kind: 'saved',
        trainer,
        evaluation,
        changes: changesBetween(current.profile, profile, asOf, evaluation),
      };
    } catch (error) {
      if (!(error instanceof RevisionConflictError) || attempt >= SAVE_ATTEMPTS) throw error;
    }
  }
}

/** A new trainer's first write: the same evaluation and due-index entry every later save computes. */
export async function saveNewProfile(
  trainers: Pick<TrainerRepository, 'create'>,
  input: Omit<CreateTrainerInput, 'nextReminderOn'>,
): Promise<TrainerRecord> {
  const evaluation = evaluateWithSent(input.profile, calendarDateAt(input.now), []);
  return trainers.create({ ...input, nextReminderOn: evaluation.nextReminderOn });
}
