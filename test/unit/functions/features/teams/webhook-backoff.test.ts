import { describe, expect, it } from 'vitest';
import {
  MAX_DELIVERY_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  retryDelaySeconds,
} from '../../../../../functions/features/teams/webhook-backoff.js';

describe('webhook retry schedule (ADR 0035)', () => {
  it('waits 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h and 8 h after the failed attempts', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelaySeconds(attempt))).toEqual([
      30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800,
    ]);
  });

  it('gives up after the tenth attempt, about a day after the first', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(10);
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS)).toBeUndefined();
    const total = RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay, 0);
    expect(total / 3600).toBeGreaterThan(23);
    expect(total / 3600).toBeLessThan(25);
  });

  it('never waits longer than an SQS visibility timeout allows (12 h)', () => {
    expect(Math.max(...RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(12 * 3600);
  });

  it('shortens every wait by the local scale', () => {
    expect(retryDelaySeconds(1, 0.01)).toBe(0);
    expect(retryDelaySeconds(8, 0.01)).toBe(288);
    expect(retryDelaySeconds(3, 0)).toBe(0);
  });
});
