import { describe, expect, it } from 'vitest';
import {
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
  withThrottleRetry,
} from '../../../../../functions/adapters/ses/index.js';

const details = { awsErrorName: 'Test', cause: null };
const throttled = () => new SendThrottledError('rate', { awsErrorName: 'Throttling', cause: null });

/** A send that fails with the given errors in turn, then succeeds. */
function flaky(errors: Error[]) {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return { messageId: 'm-1' };
  };
  return { fn, calls: () => calls };
}

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('withThrottleRetry', () => {
  it('retries rate throttling with exponential back-off scaled by the injected jitter', async () => {
    const send = flaky([throttled(), throttled(), throttled()]);
    const { waits, sleep } = recorder();

    const result = await withThrottleRetry(send.fn, { attempts: 5, baseDelayMs: 100, sleep, random: () => 0.5 });

    expect(result).toEqual({ messageId: 'm-1' });
    expect(send.calls()).toBe(4);
    expect(waits).toEqual([50, 100, 200]);
  });

  it('caps one wait at maxDelayMs', async () => {
    const send = flaky([throttled(), throttled(), throttled()]);
    const { waits, sleep } = recorder();

    await withThrottleRetry(send.fn, { attempts: 4, baseDelayMs: 1000, maxDelayMs: 1500, sleep, random: () => 0.999 });

    expect(waits).toEqual([999, 1498, 1498]);
  });

  it('gives up after the given attempts and throws the throttling error', async () => {
    const send = flaky([throttled(), throttled(), throttled()]);
    const { sleep } = recorder();

    const failure = withThrottleRetry(send.fn, { attempts: 3, baseDelayMs: 10, sleep, random: () => 0 });

    await expect(failure).rejects.toBeInstanceOf(SendThrottledError);
    expect(send.calls()).toBe(3);
  });

  it.each([
    ['an unknown outcome', new SendOutcomeUnknownError('500', details)],
    ['a halted account', new SendingHaltedError('ses.daily-quota-exceeded', 'quota', details)],
    ['a permanent rejection', new PermanentRejectionError('rejected', details)],
    ['an unclassified error', new Error('boom')],
  ])('never retries %s', async (_case, error) => {
    const send = flaky([error]);
    const { waits, sleep } = recorder();

    await expect(withThrottleRetry(send.fn, { attempts: 5, baseDelayMs: 10, sleep })).rejects.toBe(error);
    expect(send.calls()).toBe(1);
    expect(waits).toEqual([]);
  });
});
