/**
 * How often Recert writes about a certification, as data: the countdown for each pace and for the trainer's
 * "only the essentials", the behind trainer's monthly nudge, the notices after expiry and before a CPR/AED card runs
 * out, what a snooze can never move, and how long each snooze lasts. core/reminder-milestones.ts reads it.
 */
import type { ReminderCadence, ReminderSettings, SnoozeLength } from '../types.js';
import { days, months, type Span } from './rules.js';

export interface ReminderPolicy {
  /** Days before finishBy on which unmet requirements trigger a countdown reminder. */
  readonly countdownDays: {
    /** Behind (and the fixed cadence Recert had before paces): every one of these. */
    readonly behind: readonly number[];
    /** On track: only these (each is also a behind day, so falling behind only ever adds reminders). */
    readonly onTrack: readonly number[];
    /** The trainer chose "only the essentials" on their status page. */
    readonly essentials: readonly number[];
  };
  /**
   * Days before expiry on which a trainer whose requirements are still unmet after finishBy is reminded, whatever
   * their pace or choice: without them a trainer behind hears nothing between the last countdown and the lapse
   * (NSCA: 30 Nov to 1 Jan). Listed only where they fall after finishBy. They are countdowns past finishBy, so no
   * snooze holds them back (see `protectedDaysBeforeFinish`).
   */
  readonly expiryCountdownDays: readonly number[];
  /** Behind: a nudge each month from this many months before finishBy … */
  readonly monthlyNudgeFromMonths: number;
  /** … left out where a countdown reminder falls within this many days of it (that one says the same, nearer). */
  readonly monthlyNudgeClearanceDays: number;
  /** Days after expiry on which a renewable-but-expired credential gets a notice (within its renewal window). */
  readonly graceNoticeDays: readonly number[];
  /** Days before a CPR/AED card expires on which the trainer is reminded. */
  readonly cprNoticeDays: readonly number[];
  /**
   * Countdown reminders this many days or fewer before finishBy come whatever the trainer snoozed (and so do those
   * after finishBy, the expiry countdown).
   */
  readonly protectedDaysBeforeFinish: number;
  /** How far a snooze moves a certification's next reminder. */
  readonly snoozes: Readonly<Record<SnoozeLength, Span>>;
}

export const REMINDER_POLICY: ReminderPolicy = {
  countdownDays: {
    behind: [180, 90, 60, 30, 14, 7, 1],
    onTrack: [90, 30, 7],
    essentials: [30, 7],
  },
  expiryCountdownDays: [14, 1],
  monthlyNudgeFromMonths: 12,
  monthlyNudgeClearanceDays: 15,
  graceNoticeDays: [1, 30, 60, 90, 180, 270],
  cprNoticeDays: [60, 30, 7],
  protectedDaysBeforeFinish: 7,
  snoozes: { '2-weeks': days(14), '1-month': months(1) },
};

/** The trainer's choices of cadence, in the order the status page offers them. */
export const REMINDER_CADENCES = ['adaptive', 'essentials'] as const satisfies readonly ReminderCadence[];

/** The snoozes a reminder offers, in the order it shows them. */
export const SNOOZE_LENGTHS = ['2-weeks', '1-month'] as const satisfies readonly SnoozeLength[];

/** A trainer who chose nothing: reminders follow their pace, nothing snoozed. */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { cadence: 'adaptive', snoozes: [] };
