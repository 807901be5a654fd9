/**
 * The pace a certification's reminders follow. On track: the units earned keep up with the share of the cycle gone
 * (cycle start to finishBy), or the trainer already acted on Recert's advice. Behind otherwise. It is read for each
 * reminder day with what is earned today, so a cadence stays the same from one day to the next until the record
 * changes: the due index, computed when the record is saved, stays exact without reading anyone again.
 */
import type { DayNumber } from './calendar-date.js';
import type { Hundredths, ReminderPace } from './types.js';

export interface PaceFacts {
  readonly startDay: DayNumber;
  readonly finishByDay: DayNumber;
  /** Counted units, the card's credit included (as progress counts them). */
  readonly earned: Hundredths;
  readonly required: Hundredths;
  /**
   * A recommended action is already logged for this cycle: a course logged from a reminder's "I completed …" link,
   * or a specialization earned in the cycle (the step Recert's advice names first).
   */
  readonly actedOnAdvice: boolean;
}

/** On track on `day`: earned ÷ required ≥ (day − start) ÷ (finishBy − start), compared in integers. */
export function isOnTrackOn(day: DayNumber, facts: PaceFacts): boolean {
  const { startDay, finishByDay, earned, required } = facts;
  if (facts.actedOnAdvice || earned >= required) return true;
  const cycleDays = finishByDay - startDay;
  if (cycleDays <= 0) return false;
  const elapsed = Math.min(Math.max(day - startDay, 0), cycleDays);
  return earned * cycleDays >= required * elapsed;
}

/** The pace on `day`, as the evaluation reports it. */
export function reminderPaceOn(day: DayNumber, met: boolean, facts: PaceFacts): ReminderPace {
  if (met) return 'met';
  return isOnTrackOn(day, facts) ? 'on-track' : 'behind';
}
