/**
 * The reminder cadence of one credential cycle, and which milestone is due on a given day.
 *
 * Catch-up rule: only the **latest** milestone on or before `asOf` may be sent. Earlier passed ones are stale
 * (a trainer who was not emailed for a week gets the most urgent notice, not three), and because grace and lapse
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

const COUNTDOWN_IDS = COUNTDOWN_DAYS.map((days) => `countdown-${days}`);
const GRACE_IDS = GRACE_NOTICE_DAYS.map((days) => `grace-${days}`);
const CPR_IDS = CPR_NOTICE_DAYS.map((days) => `cpr-${days}`);

export interface CycleMilestoneInput {
  readonly cycleStartDay: DayNumber;
  readonly finishByDay: DayNumber;
  readonly expiresDay: DayNumber;
  readonly requirementsMet: boolean;
  /** Day the requirements became met (only read when they are). */
  readonly readyDay: DayNumber;
  /** First day the credential counts as lapsed. */
  readonly lapsedDay: DayNumber;
}

/** The milestones of one certification cycle, in date order. Ids are unique within the cycle. */
export function certificationMilestones(input: CycleMilestoneInput): ReminderMilestone[] {
  return buildCertificationMilestones(input, null);
}

/**
 * {@link certificationMilestones}, also writing each milestone's day number into `days[0 … length-1]` (same order)
 * when given, so the evaluator finds the next reminder by integer comparison. When the milestones had to be
 * re-sorted (a late "ready") `days[0]` is set to -1, outside the ordered range, so the caller compares dates.
 */
export function buildCertificationMilestones(input: CycleMilestoneInput, days: number[] | null): ReminderMilestone[] {
  return cycleMilestones(
    input.cycleStartDay,
    input.finishByDay,
    input.expiresDay,
    input.requirementsMet,
    input.readyDay,
    input.lapsedDay,
    days,
  );
}

/** {@link buildCertificationMilestones} with the cycle passed field by field, so the evaluator builds no input. */
export function cycleMilestones(
  cycleStartDay: DayNumber,
  finishByDay: DayNumber,
  expiresDay: DayNumber,
  requirementsMet: boolean,
  readyDay: DayNumber,
  lapsedDay: DayNumber,
  days: number[] | null,
): ReminderMilestone[] {
  // Countdown days ascend, so the ones on or after the cycle start are a tail of the list.
  let firstCountdown = COUNTDOWN_DAYS.length;
  if (!requirementsMet) {
    firstCountdown = 0;
    while (firstCountdown < COUNTDOWN_DAYS.length && finishByDay - COUNTDOWN_DAYS[firstCountdown]! < cycleStartDay) {
      firstCountdown++;
    }
  }
  const lastRenewableDay = lapsedDay - 1;
  let graceCount = 0;
  while (graceCount < GRACE_NOTICE_DAYS.length && expiresDay + GRACE_NOTICE_DAYS[graceCount]! <= lastRenewableDay) {
    graceCount++;
  }
  const milestones = new Array<ReminderMilestone>(
    (requirementsMet ? 1 : COUNTDOWN_DAYS.length - firstCountdown) + graceCount + 1,
  );
  let count = 0;
  if (requirementsMet) {
    milestones[count] = { id: 'ready', kind: 'ready', on: fromDayNumber(readyDay), daysLeft: finishByDay - readyDay };
    if (days !== null) days[count] = readyDay;
    count++;
  } else {
    for (let index = firstCountdown; index < COUNTDOWN_DAYS.length; index++) {
      const daysLeft = COUNTDOWN_DAYS[index]!;
      const on = finishByDay - daysLeft;
      milestones[count] = { id: COUNTDOWN_IDS[index]!, kind: 'countdown', on: fromDayNumber(on), daysLeft };
      if (days !== null) days[count] = on;
      count++;
    }
  }
  for (let index = 0; index < graceCount; index++) {
    const on = expiresDay + GRACE_NOTICE_DAYS[index]!;
    milestones[count] = {
      id: GRACE_IDS[index]!,
      kind: 'grace',
      on: fromDayNumber(on),
      daysLeft: lastRenewableDay - on,
    };
    if (days !== null) days[count] = on;
    count++;
  }
  milestones[count] = {
    id: 'lapsed',
    kind: 'lapsed',
    on: fromDayNumber(lapsedDay),
    daysLeft: lastRenewableDay - lapsedDay,
  };
  if (days !== null) days[count] = lapsedDay;
  // Only a late "ready" (CE completed during grace) can be out of order.
  if (requirementsMet && readyDay > expiresDay) {
    milestones.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    if (days !== null) days[0] = -1;
  }
  return milestones;
}

/** Milestones for a prerequisite card (CPR/AED): before its expiry and the day after. */
export function prerequisiteMilestones(expiresDay: DayNumber): ReminderMilestone[] {
  return buildPrerequisiteMilestones(expiresDay, null);
}

/** {@link prerequisiteMilestones}, also writing each milestone's day number into `days` when given. */
export function buildPrerequisiteMilestones(expiresDay: DayNumber, days: number[] | null): ReminderMilestone[] {
  const milestones = new Array<ReminderMilestone>(CPR_NOTICE_DAYS.length + 1);
  for (let index = 0; index < CPR_NOTICE_DAYS.length; index++) {
    const daysLeft = CPR_NOTICE_DAYS[index]!;
    milestones[index] = {
      id: CPR_IDS[index]!,
      kind: 'prerequisite',
      on: fromDayNumber(expiresDay - daysLeft),
      daysLeft,
    };
    if (days !== null) days[index] = expiresDay - daysLeft;
  }
  const expired = CPR_NOTICE_DAYS.length;
  milestones[expired] = { id: 'cpr-expired', kind: 'prerequisite', on: fromDayNumber(expiresDay + 1), daysLeft: -1 };
  if (days !== null) days[expired] = expiresDay + 1;
  return milestones;
}

// `YYYY-MM-DD` spellings of days 1970-01-01 … 2199-12-31 sort as strings exactly as their day numbers sort.
const FIRST_ORDERED_DAY = 0;
const LAST_ORDERED_DAY = 83_999;
const NOTHING_SENT: ReadonlySet<string> = new Set();

/**
 * `nextReminderOn(milestones, asOf, nothing sent)` by day number, where `days` holds at least the milestones' day
 * numbers in the same order (as the builders above write them); falls back to comparing dates when a day is
 * outside the range where the two orders agree.
 */
export function nextUnsentReminderOn(
  milestones: readonly ReminderMilestone[],
  days: readonly number[],
  asOfDay: DayNumber,
): CalendarDate | null {
  const count = milestones.length;
  if (days.length < count || asOfDay < FIRST_ORDERED_DAY || asOfDay > LAST_ORDERED_DAY) {
    return nextReminderOn(milestones, fromDayNumber(asOfDay), NOTHING_SENT);
  }
  // The latest milestone on or before today is pending; with nothing sent, otherwise the first one is next.
  let latest = -1;
  for (let index = 0; index < count; index++) {
    const day = days[index]!;
    if (day < FIRST_ORDERED_DAY || day > LAST_ORDERED_DAY) {
      return nextReminderOn(milestones, fromDayNumber(asOfDay), NOTHING_SENT);
    }
    if (day <= asOfDay) latest = index;
    else break;
  }
  if (latest >= 0) return milestones[latest]!.on;
  return count > 0 ? milestones[0]!.on : null;
}

function latestPassed(milestones: readonly ReminderMilestone[], asOf: CalendarDate): ReminderMilestone | undefined {
  let latest: ReminderMilestone | undefined;
  for (const milestone of milestones) {
    if (milestone.on > asOf) break;
    latest = milestone;
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
 * When the next reminder is due: the pending milestone's date (today or earlier: due now) if there is one,
 * otherwise the first later milestone not yet sent, otherwise null. A DynamoDB due-index can key on this.
 */
export function nextReminderOn(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
): CalendarDate | null {
  const pending = pendingMilestone(milestones, asOf, sentIds);
  if (pending !== undefined) return pending.on;
  for (const milestone of milestones) {
    if (milestone.on > asOf && !sentIds.has(milestone.id)) return milestone.on;
  }
  return null;
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
    const sent = sentIdsFor(certification.code, certification.expiresOn, sentKeys);
    const milestone = pendingMilestone(certification.milestones, asOf, sent);
    if (milestone === undefined) continue;
    const key = reminderKey(certification.code, certification.expiresOn, milestone.id);
    due.push({ credential: 'certification', key, milestone, evaluation: certification });
  }
  for (const prerequisite of evaluation.prerequisites) {
    const sent = sentIdsFor(prerequisite.code, prerequisite.expiresOn, sentKeys);
    const milestone = pendingMilestone(prerequisite.milestones, asOf, sent);
    if (milestone === undefined) continue;
    const key = reminderKey(prerequisite.code, prerequisite.expiresOn, milestone.id);
    due.push({ credential: 'prerequisite', key, milestone, evaluation: prerequisite });
  }
  return due;
}
