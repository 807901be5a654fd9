import { describe, expect, it } from 'vitest';
import { isOnTrackOn, type PaceFacts, reminderPaceOn } from '../../../core/reminder-pace.js';

/** A 100-day cycle to finishBy needing 2.00 units (200 hundredths). */
const CYCLE = { startDay: 1000, finishByDay: 1100, required: 200, actedOnAdvice: false } as const;

function facts(earned: number, actedOnAdvice = false): PaceFacts {
  return { ...CYCLE, earned, actedOnAdvice };
}

describe('the pace a certification’s reminders follow', () => {
  it.each([
    ['half the units at half the cycle: on track', 100, 1050, true],
    ['half the units one day later: behind', 100, 1051, false],
    ['nothing earned on the first day: on track', 0, 1000, true],
    ['nothing earned the day after: behind', 0, 1001, false],
    ['everything earned: on track to the end and after', 200, 1400, true],
  ])('%s', (_story, earned, day, onTrack) => {
    expect(isOnTrackOn(day, facts(earned))).toBe(onTrack);
  });

  it('is on track whatever the share when a recommended action is already logged', () => {
    expect(isOnTrackOn(1099, facts(1, true))).toBe(true);
  });

  it('is "met" once every requirement is met, whatever the units say', () => {
    expect(reminderPaceOn(1099, true, facts(0))).toBe('met');
    expect(reminderPaceOn(1099, false, facts(0))).toBe('behind');
    expect(reminderPaceOn(1010, false, facts(40))).toBe('on-track');
  });
});
