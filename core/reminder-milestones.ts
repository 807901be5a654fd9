/**
 * The reminder cadence of one credential cycle, and which milestone is due on a given day.
 *
 * The cadence is data (core/catalog/reminder-policy.ts): before finishBy it follows the trainer's pace (a short
 * countdown while on track; the full countdown and a monthly nudge while behind; one "ready" nudge once met) or their
 * choice of "only the essentials". Between finishBy and expiry, requirements still unmet: a short countdown to expiry,
 * the same for everyone. After expiry the grace and lapse notices are the same for everyone.
 *
 * Catch-up rule: only the **latest** milestone on or before `asOf` may be sent. Earlier passed ones are stale (a
 * trainer who was not emailed for a week gets the most urgent notice, not three), and because grace and lapse
 * notices come after expiry, a "30 days left" countdown is never sent once the certification has expired.
 */
import { addMonthsToDayNumber, type DayNumber, fromDayNumber } from './calendar-date.js';
import { REMINDER_POLICY } from './catalog/reminder-policy.js';
import { isOnTrackOn, type PaceFacts } from './reminder-pace.js';
import { isHeld, protectedMilestoneIds } from './reminder-snooze.js';
import type {
  CalendarDate,
  CertificationEvaluation,
  Evaluation,
  PrerequisiteEvaluation,
  ReminderCadence,
  ReminderMilestone,
  SnoozeHold,
} from './types.js';

const NO_IDS: ReadonlySet<string> = new Set();
const GRACE_IDS = new Map(REMINDER_POLICY.graceNoticeDays.map((days) => [days, `grace-${days}`]));

/** Days before finishBy of the full (behind) countdown. */
export const COUNTDOWN_DAYS: readonly number[] = REMINDER_POLICY.countdownDays.behind;
/** Days after expiry on which a renewable-but-expired credential gets a grace notice (within its grace window). */
export const GRACE_NOTICE_DAYS: readonly number[] = REMINDER_POLICY.graceNoticeDays;
/** Days before a CPR/AED card expires on which the trainer is reminded. */
export const CPR_NOTICE_DAYS: readonly number[] = REMINDER_POLICY.cprNoticeDays;

export interface CycleMilestoneInput {
  readonly startDay: DayNumber;
  readonly finishByDay: DayNumber;
  readonly expiresDay: DayNumber;
  /** The day requirements were met, or null while they are not. */
  readonly readyDay: DayNumber | null;
  /** The last day a renewal is still possible; null where the body's rule is unknown. */
  readonly lastRenewableDay: DayNumber | null;
  readonly cadence: ReminderCadence;
  /** What the pace on each reminder day is read from. */
  readonly pace: PaceFacts;
}

function milestone(id: string, kind: ReminderMilestone['kind'], day: DayNumber, daysLeft: number): ReminderMilestone {
  return { id, kind, on: fromDayNumber(day), daysLeft };
}

function byDate(a: ReminderMilestone, b: ReminderMilestone): number {
  return a.on < b.on ? -1 : a.on > b.on ? 1 : 0;
}

/** A countdown reminder: its id and how many days before finishBy it falls. */
interface Countdown {
  readonly id: string;
  readonly days: number;
}

/** Furthest from finishBy first, so their days come in date order (built once: evaluate runs per trainer). */
const byDaysBefore = (days: readonly number[]): Countdown[] =>
  [...days].sort((a, b) => b - a).map((before) => ({ id: `countdown-${before}`, days: before }));
const BEHIND = byDaysBefore(REMINDER_POLICY.countdownDays.behind);
const ON_TRACK = byDaysBefore(REMINDER_POLICY.countdownDays.onTrack);
const ESSENTIALS = byDaysBefore(REMINDER_POLICY.countdownDays.essentials);
const ON_TRACK_IDS: ReadonlySet<string> = new Set(ON_TRACK.map((countdown) => countdown.id));
const NUDGE_MONTHS = Array.from({ length: REMINDER_POLICY.monthlyNudgeFromMonths }, (_, index) => ({
  id: `monthly-${REMINDER_POLICY.monthlyNudgeFromMonths - index}`,
  months: REMINDER_POLICY.monthlyNudgeFromMonths - index,
}));

function countdownMilestone(id: string, day: DayNumber, finishByDay: DayNumber): ReminderMilestone {
  return milestone(id, 'countdown', day, finishByDay - day);
}

interface Nudge {
  readonly id: string;
  readonly day: DayNumber;
}

/**
 * Nudge days by finishBy, remembered: month arithmetic is the costly part of a behind trainer's cadence, and trainers
 * share finish-CE dates (cards expire at month ends). The same days whatever is cached, so evaluate stays pure.
 */
const nudgesByFinish = new Map<DayNumber, readonly Nudge[]>();
const NUDGE_CACHE_LIMIT = 4096;

/** The behind trainer's monthly nudges, in date order: one a month from a year before finishBy, where no countdown falls near. */
function monthlyNudges(finishByDay: DayNumber): readonly Nudge[] {
  const cached = nudgesByFinish.get(finishByDay);
  if (cached !== undefined) return cached;
  const nudges: Nudge[] = [];
  for (const { id, months } of NUDGE_MONTHS) {
    const day = addMonthsToDayNumber(finishByDay, -months);
    let clear = true;
    for (const countdown of BEHIND) {
      if (Math.abs(finishByDay - countdown.days - day) <= REMINDER_POLICY.monthlyNudgeClearanceDays) clear = false;
    }
    if (clear) nudges.push({ id, day });
  }
  if (nudgesByFinish.size >= NUDGE_CACHE_LIMIT) nudgesByFinish.clear();
  nudgesByFinish.set(finishByDay, nudges);
  return nudges;
}

/** A behind-only reminder is kept on a day the trainer would be behind; the on-track ones always are. */
function keeps(id: string, day: DayNumber, startDay: DayNumber, pace: PaceFacts): boolean {
  return day >= startDay && (ON_TRACK_IDS.has(id) || !isOnTrackOn(day, pace));
}

/**
 * The reminders before finishBy while requirements are unmet, in date order and never before the cycle starts: the
 * essentials if the trainer chose them; otherwise every on-track countdown, and each behind-only one (and monthly
 * nudge) on a day the trainer would be behind with what they have earned today.
 */
function countdownMilestones(input: CycleMilestoneInput): ReminderMilestone[] {
  const { startDay, finishByDay, cadence, pace } = input;
  const out: ReminderMilestone[] = [];
  // The pace only falls behind as days pass: on track on finishBy means on track on every reminder day.
  const fixed = cadence === 'essentials' ? ESSENTIALS : isOnTrackOn(finishByDay, pace) ? ON_TRACK : undefined;
  if (fixed !== undefined) {
    for (const { id, days } of fixed) {
      if (finishByDay - days >= startDay) out.push(countdownMilestone(id, finishByDay - days, finishByDay));
    }
    return out;
  }
  const nudges = monthlyNudges(finishByDay);
  let nudge = 0;
  for (const { id, days } of BEHIND) {
    const day = finishByDay - days;
    for (; nudge < nudges.length && nudges[nudge]!.day < day; nudge += 1) {
      const early = nudges[nudge]!;
      if (keeps(early.id, early.day, startDay, pace)) out.push(countdownMilestone(early.id, early.day, finishByDay));
    }
    if (keeps(id, day, startDay, pace)) out.push(countdownMilestone(id, day, finishByDay));
  }
  for (; nudge < nudges.length; nudge += 1) {
    const late = nudges[nudge]!;
    if (keeps(late.id, late.day, startDay, pace)) out.push(countdownMilestone(late.id, late.day, finishByDay));
  }
  return out;
}

/** Furthest from expiry first, so their days come in date order. */
const EXPIRY_COUNTDOWN = [...REMINDER_POLICY.expiryCountdownDays]
  .sort((a, b) => b - a)
  .map((before) => ({ id: `expiry-${before}`, days: before }));

/**
 * Requirements still unmet after finishBy: the last reminders before expiry, for every pace and choice (the
 * countdown before finishBy ends there, and the next notice would be the lapse). Only those after finishBy.
 */
function expiryCountdownMilestones({ startDay, finishByDay, expiresDay }: CycleMilestoneInput): ReminderMilestone[] {
  const out: ReminderMilestone[] = [];
  for (const { id, days } of EXPIRY_COUNTDOWN) {
    const day = expiresDay - days;
    if (day > finishByDay && day >= startDay) out.push(countdownMilestone(id, day, finishByDay));
  }
  return out;
}

/** The milestones of one certification cycle, in date order. Ids are unique within the cycle. */
export function certificationMilestones(input: CycleMilestoneInput): ReminderMilestone[] {
  const { finishByDay, expiresDay, readyDay, lastRenewableDay } = input;
  const milestones: ReminderMilestone[] =
    readyDay !== null
      ? [milestone('ready', 'ready', readyDay, finishByDay - readyDay)]
      : [...countdownMilestones(input), ...expiryCountdownMilestones(input)];
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

const NO_DAYS: readonly CalendarDate[] = [];

/** Where a hold starts and ends after `asOf`, in date order. */
function holdEdgesAfter(hold: SnoozeHold, asOf: CalendarDate): CalendarDate[] {
  const edges: CalendarDate[] = [];
  if (hold.from > asOf) edges.push(hold.from);
  if (hold.until > asOf && hold.until !== hold.from) edges.push(hold.until);
  return edges.sort();
}

/** The latest milestone passed on `day` may be sent that day: not sent yet, not held by a snooze. */
function sendable(
  latest: ReminderMilestone | undefined,
  day: CalendarDate,
  sentIds: ReadonlySet<string>,
  hold: SnoozeHold | null,
  protectedIds: ReadonlySet<string>,
): latest is ReminderMilestone {
  return latest !== undefined && !sentIds.has(latest.id) && !isHeld(latest, day, hold, protectedIds);
}

function pendingWith(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
  hold: SnoozeHold | null,
  protectedIds: ReadonlySet<string>,
): ReminderMilestone | undefined {
  const latest = latestPassed(milestones, asOf);
  return sendable(latest, asOf, sentIds, hold, protectedIds) ? latest : undefined;
}

/**
 * The milestone to send on `asOf`: the latest one dated on or before `asOf`, unless it was already sent or a snooze
 * holds it (`hold`; protected reminders are never held). Earlier passed milestones are stale and never sent.
 * Milestones must be in date order.
 */
export function pendingMilestone(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
  hold: SnoozeHold | null = null,
): ReminderMilestone | undefined {
  return pendingWith(milestones, asOf, sentIds, hold, hold === null ? NO_IDS : protectedMilestoneIds(milestones));
}

/**
 * When the next reminder goes out: the first day from `asOf` on which {@link pendingMilestone} has something, or
 * null. `asOf` itself when a milestone is pending (due now, even if it is dated earlier). What is pending changes
 * only on a milestone's day or where a snooze's hold starts or ends, so those are the only days looked at, in one
 * pass. A DynamoDB due index keys on this.
 */
export function nextReminderOn(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  sentIds: ReadonlySet<string>,
  hold: SnoozeHold | null = null,
): CalendarDate | null {
  const protectedIds = hold === null ? NO_IDS : protectedMilestoneIds(milestones);
  let index = 0;
  let latest: ReminderMilestone | undefined;
  while (index < milestones.length && milestones[index]!.on <= asOf) latest = milestones[index++];
  if (sendable(latest, asOf, sentIds, hold, protectedIds)) return asOf;
  const edges = hold === null ? NO_DAYS : holdEdgesAfter(hold, asOf);
  let edge = 0;
  while (index < milestones.length || edge < edges.length) {
    const milestoneDay = milestones[index]?.on;
    const edgeDay = edges[edge];
    const day =
      edgeDay !== undefined && (milestoneDay === undefined || edgeDay < milestoneDay) ? edgeDay : milestoneDay!;
    while (index < milestones.length && milestones[index]!.on <= day) latest = milestones[index++];
    while (edge < edges.length && edges[edge]! <= day) edge += 1;
    if (sendable(latest, day, sentIds, hold, protectedIds)) return day;
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
 * run sends one email merging them and then records each `key` in its ledger. A certification's snooze (in the
 * evaluation) holds its reminders back as {@link pendingMilestone} says.
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
      certification.snoozed,
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
