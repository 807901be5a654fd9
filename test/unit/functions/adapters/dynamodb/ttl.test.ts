import { describe, expect, it } from 'vitest';
import { epochSeconds, epochSecondsFrom, isLive, TTL_DAYS } from '../../../../../functions/adapters/dynamodb/ttl.js';

const NOW = new Date('2026-11-20T10:00:00.750Z');
const NOW_SECONDS = 1_795_168_800;

describe('TTL helpers', () => {
  it('counts whole epoch seconds, never milliseconds', () => {
    expect(epochSeconds(NOW)).toBe(NOW_SECONDS);
    expect(epochSecondsFrom(NOW, 7)).toBe(NOW_SECONDS + 7 * 86_400);
    expect(epochSecondsFrom(NOW, 0.5)).toBe(NOW_SECONDS + 43_200);
  });

  it.each(Object.entries(TTL_DAYS))('keeps %s between now and now + 400 days', (_family, days) => {
    const ttl = epochSecondsFrom(NOW, days);
    expect(Number.isInteger(ttl)).toBe(true);
    expect(ttl).toBeGreaterThan(NOW_SECONDS);
    expect(ttl).toBeLessThanOrEqual(NOW_SECONDS + 400 * 86_400);
  });

  it('treats an item as expired from its TTL second on, and one without TTL as live', () => {
    expect(isLive(NOW_SECONDS + 1, NOW)).toBe(true);
    expect(isLive(NOW_SECONDS, NOW)).toBe(false);
    expect(isLive(undefined, NOW)).toBe(true);
  });
});
