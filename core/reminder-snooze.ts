/**
 * Snoozing one certification's reminders ("Snooze this for 2 weeks", "I'm on it — remind me in a month"), and the
 * reminders no snooze can hold back. A snooze holds the certification's reminders from the day it is asked until its
 * end; there the catch-up rule sends the latest one it held (so the next reminder moves to the end, once, never
 * late). It never moves past the cycle's last useful reminder: a protected one that comes first is sent on its day
 * and ends the snooze there.
 */
import { fromDayNumber, toDayNumber } from './calendar-date.js';
import { REMINDER_POLICY } from './catalog/reminder-policy.js';
import { spanEnd } from './spans.js';
import type { CalendarDate, ReminderMilestone, Snooze, SnoozeHold, SnoozeLength } from './types.js';

/**
 * The reminders of a cycle a snooze never holds back: the last week before finishBy (countdowns that close), the
 * expiry notice (the first one after expiry) and the last notice before the renewal window closes. Milestones must
 * be in date order.
 */
export function protectedMilestoneIds(milestones: readonly ReminderMilestone[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const milestone of milestones) {
    if (milestone.kind === 'countdown' && milestone.daysLeft <= REMINDER_POLICY.protectedDaysBeforeFinish) {
      ids.add(milestone.id);
    }
  }
  const afterExpiry = milestones.filter((milestone) => milestone.kind === 'grace' || milestone.kind === 'lapsed');
  const expiryNotice = afterExpiry[0];
  if (expiryNotice !== undefined) ids.add(expiryNotice.id);
  const lastGrace = afterExpiry.filter((milestone) => milestone.kind === 'grace').at(-1);
  if (lastGrace !== undefined && afterExpiry.at(-1)?.kind === 'lapsed') ids.add(lastGrace.id);
  return ids;
}

/** The latest snooze the trainer asked for this cycle: a second snooze replaces the first. */
export function latestSnooze(snoozes: readonly Snooze[], code: string, expiresOn: CalendarDate): Snooze | undefined {
  return snoozes.findLast((snooze) => snooze.code === code && snooze.expiresOn === expiresOn);
}

/** The end of a snooze of `from` … `until`: the first protected reminder after `from` when that comes before `until`. */
function holdEnd(milestones: readonly ReminderMilestone[], from: CalendarDate, until: CalendarDate): CalendarDate {
  const protectedIds = protectedMilestoneIds(milestones);
  const firstProtected = milestones.find((milestone) => protectedIds.has(milestone.id) && milestone.on > from);
  return firstProtected !== undefined && firstProtected.on < until ? firstProtected.on : until;
}

/** What the trainer's snooze holds in a cycle with these milestones, or null without one. */
export function snoozeHold(milestones: readonly ReminderMilestone[], snooze: Snooze | undefined): SnoozeHold | null {
  return snooze === undefined ? null : { from: snooze.on, until: holdEnd(milestones, snooze.on, snooze.until) };
}

/** Whether the hold keeps `milestone` from being sent on `asOf`. */
export function isHeld(
  milestone: ReminderMilestone,
  asOf: CalendarDate,
  hold: SnoozeHold | null,
  protectedIds: ReadonlySet<string>,
): boolean {
  return hold !== null && asOf >= hold.from && asOf < hold.until && !protectedIds.has(milestone.id);
}

/** Where a snooze asked today would move the certification's next reminder. */
export interface SnoozeEnd {
  /** The next reminder's day. */
  readonly until: CalendarDate;
  /** True when a protected reminder (the last week before finishBy, the expiry notice) ends it before the end asked. */
  readonly atProtected: boolean;
}

/**
 * Where a snooze of `length` asked on `asOf` moves the certification's next reminder, or null when it would hold no
 * reminder back (the next one is protected, or comes after the snooze anyway, or none is left). The reminder offers,
 * and the page accepts, only a snooze that moves something.
 */
export function snoozeUntil(
  milestones: readonly ReminderMilestone[],
  asOf: CalendarDate,
  length: SnoozeLength,
): SnoozeEnd | null {
  const asked = fromDayNumber(spanEnd(toDayNumber(asOf), REMINDER_POLICY.snoozes[length]));
  const until = holdEnd(milestones, asOf, asked);
  const protectedIds = protectedMilestoneIds(milestones);
  const holds = milestones.some(
    (milestone) => !protectedIds.has(milestone.id) && milestone.on > asOf && milestone.on < until,
  );
  return holds ? { until, atProtected: until !== asked } : null;
}
