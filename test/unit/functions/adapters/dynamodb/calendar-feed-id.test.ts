import { describe, expect, it } from 'vitest';
import { FEED_ID_PATTERN, newFeedId } from '../../../../../functions/adapters/dynamodb/calendar-feed-repository.js';
import { keys, sha256Hex } from '../../../../../functions/adapters/dynamodb/keys.js';

describe('calendar feed ids', () => {
  it('are 32 lower-case base32 characters (160 random bits), never the same twice', () => {
    const ids = Array.from({ length: 2000 }, () => newFeedId());
    for (const id of ids) expect(id).toMatch(FEED_ID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
    // Every character position takes every symbol: no fixed or biased bits.
    for (let position = 0; position < 32; position += 1) {
      expect(new Set(ids.map((id) => id[position])).size, `position ${position}`).toBe(32);
    }
  });

  it('are stored under their hash, so a key seen in monitoring is not a working feed address', () => {
    const id = newFeedId();
    expect(keys.calendarFeed(id)).toEqual({ pk: `CALFEED#${sha256Hex(id)}`, sk: 'FEED' });
    expect(keys.calendarFeed(id).pk).not.toContain(id);
    expect(keys.trainerCalendarFeed('t_abc')).toEqual({ pk: 'TRAINER#t_abc', sk: 'CALENDAR_FEED' });
  });
});
