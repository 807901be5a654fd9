import { describe, expect, it } from 'vitest';
import { logger } from '../../../functions/common/logger.js';
import { MetricUnit, metrics } from '../../../functions/common/metrics.js';
import { leaksIn, recordLoggerLines } from '../../helpers/log-guard.js';

/** The suite-wide guard (test/setup.ts) is only as good as these patterns. */
describe('leaksIn', () => {
  it.each([
    ['a full email address', '{"level":"info","to":"sam.lee@example.com"}'],
    ['a signed token', `{"level":"info","url":"https://x/status?token=${'A'.repeat(40)}.${'B'.repeat(43)}"}`],
    ['a webhook secret', '{"level":"info","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}'],
    ['a webhook signature', '{"level":"info","sig":"v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="}'],
    ['a Turnstile secret', `{"level":"info","s":"1x${'0'.repeat(31)}AA"}`],
  ])('flags %s', (kind, line) => {
    expect(leaksIn(line).join()).toContain(kind);
  });

  it('passes what the logger writes for an address: masked', () => {
    const recording = recordLoggerLines();
    try {
      logger.info('sent', { to: 'sam.lee@example.com', note: 'reply to sam.lee@example.com' });
    } finally {
      recording.stop();
    }
    expect(recording.lines).toHaveLength(1);
    expect(recording.lines[0]).toContain('s***@example.com');
    expect(leaksIn(recording.lines[0] ?? '')).toEqual([]);
  });
});

describe('the guard sees what Powertools writes', () => {
  it('catches the logger lines and the EMF lines on process.stdout, not only the global console', () => {
    const recording = recordLoggerLines();
    try {
      logger.warn('something happened', { step: 2 });
      metrics.addMetric('GuardSeesMetrics', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    } finally {
      recording.stop();
    }
    expect(recording.lines.map((line) => Object.keys(JSON.parse(line))[0])).toEqual(['level', '_aws']);
    expect(recording.lines[1]).toContain('"GuardSeesMetrics":1');
  });

  it('splits a chunk into lines: a logger line written together with other output is still checked', () => {
    const recording = recordLoggerLines();
    try {
      process.stdout.write(
        '(log-guard test: this line passes through)\n{"level":"INFO","message":"x","to":"a***@b.example"}\n',
      );
    } finally {
      recording.stop();
    }
    expect(recording.lines).toEqual(['{"level":"INFO","message":"x","to":"a***@b.example"}']);
  });
});
