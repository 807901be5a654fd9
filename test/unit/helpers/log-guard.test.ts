import { describe, expect, it } from 'vitest';
import { logger } from '../../../functions/common/logger.js';
import { leaksIn } from '../../helpers/log-guard.js';

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
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      logger.info('sent', { to: 'sam.lee@example.com', note: 'reply to sam.lee@example.com' });
    } finally {
      console.log = original;
    }
    expect(lines).toHaveLength(1);
    expect(leaksIn(lines[0] ?? '')).toEqual([]);
  });
});
