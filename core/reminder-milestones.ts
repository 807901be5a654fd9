/**
 * The reminder cadence of one credential cycle, and which milestone is due on a given day.
 *
 * Catch-up rule: only the **latest** milestone on or before `asOf` may be sent. Earlier passed ones are stale (a
 * trainer who was not emailed for a week gets the most urgent notice, not three), and because grace and lapse
 * notices come after expiry, a "30 days left" countdown is never sent once the certification has expired.
 */
import { type DayNumber, fromDayNumber } from './calendar-date.js';
import type {
  CalendarDate,
  CertificationEvaluation,
  Evaluation,
  PrerequisiteEvaluation,
  ReminderMilestone,
} from './types.js';

/** Days before finishBy on which unmet requirements trigger a countdown reminder. */
export const COUNTDOWN_DAYS: readonly number[] = [180, 90, 60, 30, 14, 7, 1];
/** Days after expiry on which a renewable-but-expired credential gets a grace notice (within its grace window). */
export const GRACE_NOTICE_DAYS: readonly number[] = [1, 30, 60, 90, 180, 270];
/** Days before a CPR/AED card expires on which the trainer is reminded. */
export const CPR_NOTICE_DAYS: readonly number[] = [60, 30, 7];

const COUNTDOWN_IDS = new Map(COUNTDOWN_DAYS.map((days) => [days, `countdown-${days}`]));
const GRACE_IDS = new Map(GRACE_NOTICE_DAYS.map((days) => [days, `grace-${days}`]));

export interface CycleMilestoneInput {
  readonly startDay: DayNumber;
  readonly finishByDay: DayNumber;
  readonly expiresDay: DayNumber;
  /** The day requirements were met, or null while they are not. */
  readonly readyDay: DayNumber | null;
  /** The last day a renewal is still possible; null where the body's rule is unknown. */
  readonly lastRenewableDay: DayNumber | null;
}

function milestone(id: string, kind: ReminderMilestone['kind'], day: DayNumber, daysLeft: number): ReminderMilestone {
  return { id, kind, on: fromDayNumber(day), daysLeft };
}

function byDate(a: ReminderMilestone, b: ReminderMilestone): number {
  return a.on < b.on ? -1 : a.on > b.on ? 1 : 0;
}

/** The milestones of one certification cycle, in date order. Ids are unique within the cycle. */
export function certificationMilestones(input: CycleMilestoneInput): ReminderMilestone[] {
  const { startDay, finishByDay, expiresDay, readyDay, lastRenewableDay } = input;
  const milestones: ReminderMilestone[] = [];
  if (readyDay !== null) {
    milestones.push(milestone('ready', 'ready', readyDay, finishByDay - readyDay));
  } else {
    for (const days of COUNTDOWN_DAYS) {
      if (finishByDay - days >= startDay) {
        milestones.push(milestone(COUNTDOWN_IDS.get(days)!, 'countdown', finishByDay - days, days));
      }
    }
  }
  if (lastRenewableDay === null) {
    // The body's rule after expiry is unknown: one notice the day after expiry ("check with the body").
    const days = GRACE_NOTICE_DAYS[0]!;
    milestones.push(milestone(GRACE_IDS.get(days)!, 'grace', expiresDay + days, 0));
  } else {
    for (const days of GRACE_NOTICE_DAYS) {
      const day = expiresDay + days;
      if (day <= lastRenewableDay)
        milestones.push(milestone(GRACE_IDS.get(days)!, 'grace', day, lastRenewableDay - day));
    }
    milestones.push(milestone('lapsed', 'lapsed', lastRenewableDay + 1, -1));
  }
  // Only a late "ready" (CE completed after expiry) can fall among the later ones.
  return readyDay !== null && readyDay > expiresDay ? milestones.sort(byDate) : milestones;
}

/** Milestones for a prerequisite card (CPR/AED): before its expiry and the day after. */
export function prerequisiteMilestones(expiresDay: DayNumber): ReminderMilestone[] {
  return [
    ...CPR_NOTICE_DAYS.map((days) => milestone(`cpr-${days}`, 'prerequisite', expiresDay - days, days)),
    milestone('cpr-expired', 'prerequisite', expiresDay + 1, -1),
  ];
}

function latestPassed(milestones: readonly ReminderMilestone[], asOf: CalendarDate): ReminderMilestone | undefined {
  let latest: ReminderMilestone | undefined;
  for (const candidate of milestones) {
    if (candidate.on > asOf) break;
    latest = candidate;
  }
  return latest;
}

/**
 * The milestone to send on `asOf`: the latest one dated on or before `asOf`, unless it was already sent.
 * Earlier passed milestones are stale and never sent. Milestones must be in date order.
 */
export function pendingMilestone(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
): ReminderMilestone | undefined {
  const latest = latestPassed(milestones, asOf);
  return latest === undefined || sentIds.has(latest.id) ? undefined : latest;
}

/**
 * When the next reminder goes out: `asOf` itself when a milestone is pending (due now, even if it is dated earlier),
 * otherwise the first later milestone not yet sent, otherwise null. Never a day before `asOf`. A DynamoDB due index
 * keys on this.
 */
export function nextReminderOn(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
): CalendarDate | null {
  if (pendingMilestone(milestones, asOf, sentIds) !== undefined) return asOf;
  return milestones.find((candidate) => candidate.on > asOf && !sentIds.has(candidate.id))?.on ?? null;
}

/** The ledger key of one reminder for one trainer: credential code, the cycle's expiry and the milestone id. */
export function reminderKey(code: string, expiresOn: CalendarDate, milestoneId: string): string {
  return `${code}#${expiresOn}#${milestoneId}`;
}

/** One credential whose reminder is due now, with the evaluation the email needs to explain it. */
export type DueReminder =
  | {
      readonly credential: 'certification';
      /** {@link reminderKey} for the ledger: record it once the email is sent. */
      readonly key: string;
      readonly milestone: ReminderMilestone;
      readonly evaluation: CertificationEvaluation;
    }
  | {
      readonly credential: 'prerequisite';
      readonly key: string;
      readonly milestone: ReminderMilestone;
      readonly evaluation: PrerequisiteEvaluation;
    };

function sentIdsFor(code: string, expiresOn: CalendarDate, sentKeys: ReadonlySet<string>): ReadonlySet<string> {
  const prefix = reminderKey(code, expiresOn, '');
  const ids = new Set<string>();
  for (const key of sentKeys) if (key.startsWith(prefix)) ids.add(key.slice(prefix.length));
  return ids;
}

/**
 * Every credential of one trainer whose pending milestone is due on `asOf`, certifications first, so the daily
 * run sends one email merging them and then records each `key` in its ledger.
 *
 * @param evaluation the trainer's evaluation for `asOf`
 * @param sentKeys ledger keys already sent for this trainer, as built by {@link reminderKey}
 * @returns an empty array when nothing is due
 */
export function dueReminders(evaluation: Evaluation, asOf: CalendarDate, sentKeys: ReadonlySet<string>): DueReminder[] {
  const due: DueReminder[] = [];
  for (const certification of evaluation.certifications) {
    const milestone = pendingMilestone(
      certification.milestones,
      asOf,
      sentIdsFor(certification.code, certification.expiresOn, sentKeys),
    );
    if (milestone === undefined) continue;
    const key = reminderKey(certification.code, certification.expiresOn, milestone.id);
    due.push({ credential: 'certification', key, milestone, evaluation: certification });
  }
  for (const prerequisite of evaluation.prerequisites) {
    const milestone = pendingMilestone(
      prerequisite.milestones,
      asOf,
      sentIdsFor(prerequisite.code, prerequisite.expiresOn, sentKeys),
    );
    if (milestone === undefined) continue;
    const key = reminderKey(prerequisite.code, prerequisite.expiresOn, milestone.id);
    due.push({ credential: 'prerequisite', key, milestone, evaluation: prerequisite });
  }
  return due;
}
