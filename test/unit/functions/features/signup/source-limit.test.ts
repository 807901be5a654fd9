import { describe, expect, it, vi } from 'vitest';
import type { SourceIpWindowRepository } from '../../../../../functions/adapters/dynamodb/source-ip-window-repository.js';
import { metrics } from '../../../../../functions/common/metrics.js';
import { errorResponse } from '../../../../../functions/edge/map-errors.js';
import { IntakeRateLimitedError } from '../../../../../functions/features/signup/errors.js';
import {
  checkSourceLimit,
  INTAKE_RATE_LIMITED_METRIC,
  SOURCE_LIMIT,
  sourceNetwork,
} from '../../../../../functions/features/signup/source-limit.js';
import { recordLoggerLines } from '../../../../helpers/log-guard.js';

describe('sourceNetwork: what one client controls', () => {
  it.each([
    ['an IPv4 address', '203.0.113.9', '203.0.113.9'],
    ['an IPv6 address, as its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another address in the same /64', '2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['a compressed IPv6 address', '2001:db8::1', '2001:db8:0:0::/64'],
    ['an IPv6 address with a zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['an IPv4-mapped IPv6 address, as its IPv4', '::ffff:203.0.113.9', '203.0.113.9'],
    ['an IPv4-mapped IPv6 address in hex', '::ffff:cb00:7109', '203.0.113.9'],
    ['no address at all', undefined, 'unknown'],
    ['something that is not an address', 'not#an-ip', 'unknown'],
  ])('%s', (_case, ip, network) => {
    expect(sourceNetwork(ip)).toBe(network);
  });

  it('tells apart two /64s of one provider', () => {
    expect(sourceNetwork('2001:db8:0:1::1')).not.toBe(sourceNetwork('2001:db8:0:2::1'));
  });
});

describe('checkSourceLimit', () => {
  const now = new Date('2026-11-21T09:03:20Z');
  const windowEndsAt = new Date('2026-11-21T09:10:00Z');
  const windows = (admitted: boolean) =>
    ({ admit: vi.fn(async () => ({ admitted, windowEndsAt })) }) as unknown as SourceIpWindowRepository & {
      admit: ReturnType<typeof vi.fn>;
    };

  it('counts the request against its network with the policy (10 per 10 minutes), and lets it through', async () => {
    const repository = windows(true);

    expect(await checkSourceLimit(repository, '2001:db8:1:2::99', now)).toBeUndefined();
    expect(repository.admit).toHaveBeenCalledWith('2001:db8:1:2::/64', now, { windowSeconds: 600, limit: 10 });
    expect(SOURCE_LIMIT).toEqual({ windowSeconds: 600, limit: 10 });
  });

  it('answers a full window with a 429 saying, in words and in Retry-After, when to come back', async () => {
    const refused = await checkSourceLimit(windows(false), '203.0.113.9', now);

    expect(refused).toBeInstanceOf(IntakeRateLimitedError);
    const response = errorResponse(refused);
    expect(response.statusCode).toBe(429);
    expect(response.headers).toEqual({ 'retry-after': '400' });
    expect(response.body.error).toEqual({
      code: 'request.rate-limited',
      message:
        'Too many sign-ups and link requests came from your network in the last few minutes, so we did not send ' +
        'anything. Please try again in 7 minutes.',
    });
  });

  it('logs the refusal without the address, not even in part', async () => {
    metrics.clearMetrics(); // what earlier tests counted without an invocation to flush it
    const recording = recordLoggerLines();
    try {
      await checkSourceLimit(windows(false), '203.0.113.9', now);
      metrics.publishStoredMetrics(); // what the logMetrics middleware does when the invocation ends
    } finally {
      recording.stop();
    }
    expect(recording.lines.some((line) => line.includes('too many requests from one network'))).toBe(true);
    expect(recording.lines.join('\n')).toContain(`"${INTAKE_RATE_LIMITED_METRIC}":1`);
    expect(recording.lines.join('\n')).not.toMatch(/203\.0|113\.9/);
  });

  it('says "a minute" when the window is about to end', () => {
    expect(new IntakeRateLimitedError(20).message).toContain('Please try again in a minute.');
  });
});
