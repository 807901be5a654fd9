/**
 * Issue 12, case 5: every sign-up and status-link path answers at the same floor, so the time a send takes does not
 * tell a suppressed, unknown or already-emailed address from the others. Nothing here times anything: the clock and
 * the sleep are fakes, and each fake repository call "takes" a few fake milliseconds.
 */
import { describe, expect, it, vi } from 'vitest';
import { SendThrottledError } from '../../../../../functions/adapters/ses/index.js';
import { metrics } from '../../../../../functions/common/metrics.js';
import { createTokenService } from '../../../../../functions/common/tokens.js';
import { EmailNotSentError } from '../../../../../functions/features/signup/errors.js';
import { registerSignup } from '../../../../../functions/features/signup/register-signup.js';
import { requestStatusLink } from '../../../../../functions/features/signup/request-status-link.js';
import {
  INTAKE_FLOOR_EXCEEDED_METRIC,
  withIntakeFloor,
} from '../../../../../functions/features/signup/response-floor.js';
import { createLinks } from '../../../../../functions/wiring/dependencies.js';
import { INTAKE_FLOOR_MS, SYSTEM_INTAKE_FLOOR } from '../../../../../functions/wiring/intake-floor.js';
import type { MailingDependencies } from '../../../../../functions/wiring/mailing-dependencies.js';
import { recordLoggerLines } from '../../../../helpers/log-guard.js';

const NOW = new Date('2026-11-21T09:00:00Z');
const FLOOR = 300;
const PROFILE = { credentials: [{ code: 'NASM-CPT', expiresOn: '2027-03-31' }], activities: [] };

/** A clock that only moves when told: by the work (`spend`) or by the sleep under test. */
function fakeClock(minimumMs = FLOOR) {
  let now = 0;
  const sleeps: number[] = [];
  return {
    floor: {
      minimumMs,
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    spend: (ms: number) => {
      now += ms;
    },
    sleeps,
    elapsed: () => now,
  };
}

interface World {
  readonly owner?: string;
  readonly suppressed?: 'bounce' | 'unsubscribed';
  readonly mailboxFree?: boolean;
  readonly addressSlotFree?: boolean;
  readonly linkHourFree?: boolean;
  readonly send?: () => Promise<void>;
}

/** Fake dependencies: each read or write takes 5 ms, a send 80 ms (as SES might). */
function depsFor(world: World, clock = fakeClock()) {
  const step = <T>(value: T, ms = 5) =>
    vi.fn(async () => {
      clock.spend(ms);
      return value;
    });
  const mailer = {
    send: vi.fn(async () => {
      clock.spend(80);
      await world.send?.();
      return { messageId: 'm-1' };
    }),
  };
  const ownerRecord = world.owner ? { trainerId: world.owner, email: 'sam@example.com' } : undefined;
  const suppression = world.suppressed
    ? { email: 'sam@example.com', reason: world.suppressed, suppressedAt: '' }
    : undefined;
  const repositories = {
    emailClaims: { find: step(world.owner) },
    trainers: { get: step(ownerRecord) },
    suppressions: { isSuppressed: step(world.suppressed !== undefined), get: step(suppression) },
    pendingSignups: {
      save: step(undefined),
      claimConfirmationEmail: step(world.addressSlotFree ?? true),
      releaseConfirmationEmail: step(true),
      shortenConfirmationHold: step(true),
    },
    signupEmailHolds: { claim: step(world.mailboxFree ?? true), release: step(true), shorten: step(true) },
    statusLinkRequests: { claim: step(world.linkHourFree ?? true), release: step(true) },
  };
  const deps = {
    repositories,
    tokens: createTokenService('k'.repeat(64)),
    links: createLinks('https://recert.example.com'),
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: 'Recert, 1 Main St, Springfield' },
    mailer,
    intakeFloor: clock.floor,
  } as unknown as MailingDependencies;
  return { deps, clock, mailer, repositories };
}

const signup = { email: 'sam@example.com', name: 'Sam Lee', profile: PROFILE };

describe('the intake floor', () => {
  it('is 300 ms in production, measured on the monotonic clock', () => {
    expect(INTAKE_FLOOR_MS).toBe(300);
    expect(SYSTEM_INTAKE_FLOOR.minimumMs).toBe(INTAKE_FLOOR_MS);
    expect(SYSTEM_INTAKE_FLOOR.now()).toBeLessThanOrEqual(SYSTEM_INTAKE_FLOOR.now());
  });

  it('pads quick work up to the floor and passes its result through', async () => {
    const clock = fakeClock();
    const result = await withIntakeFloor(clock.floor, async () => {
      clock.spend(40);
      return 'done';
    });
    expect(result).toBe('done');
    expect(clock.sleeps).toEqual([260]);
    expect(clock.elapsed()).toBe(FLOOR);
  });

  it('pads work that fails too, then rethrows', async () => {
    const clock = fakeClock();
    const failing = withIntakeFloor(clock.floor, async () => {
      clock.spend(10);
      throw new Error('DynamoDB said no');
    });
    await expect(failing).rejects.toThrow('DynamoDB said no');
    expect(clock.elapsed()).toBe(FLOOR);
  });

  it('sleeps again when a sleep ends early, as Node timers can', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const early = {
      minimumMs: FLOOR,
      now: () => now,
      sleep: async (ms: number) => {
        // The first sleep ends 2 ms early; the second keeps time.
        now += sleeps.length === 0 ? ms - 2 : ms;
        sleeps.push(ms);
      },
    };
    await withIntakeFloor(early, async () => undefined);
    expect(sleeps).toEqual([300, 2]);
    expect(now).toBe(FLOOR);
  });

  it('does not sleep after work slower than the floor, and counts it', async () => {
    const clock = fakeClock();
    metrics.clearMetrics(); // what earlier tests counted without an invocation to flush it
    const recording = recordLoggerLines();
    try {
      await withIntakeFloor(clock.floor, async () => clock.spend(450));
      metrics.publishStoredMetrics(); // what the logMetrics middleware does when the invocation ends
    } finally {
      recording.stop();
    }
    expect(clock.sleeps).toEqual([]);
    expect(recording.lines.join('\n')).toContain(`"${INTAKE_FLOOR_EXCEEDED_METRIC}":1`);
  });

  it('is off with a floor of 0 (the bench’s unpadded comparison): no sleep and no metric', async () => {
    const clock = fakeClock(0);
    await withIntakeFloor(clock.floor, async () => clock.spend(20));
    expect(clock.sleeps).toEqual([]);
  });
});

describe('sign-up answers at the floor on every path', () => {
  it.each<[string, World, number]>([
    ['a new address (a send)', {}, 1],
    ['a confirmed address (a send)', { owner: 't_sam' }, 1],
    ['a suppressed address (no send)', { suppressed: 'unsubscribed' }, 0],
    ['an address whose mailbox got an email under another spelling (no send)', { mailboxFree: false }, 0],
    ['an address already emailed in the last 24 h (no send)', { addressSlotFree: false }, 0],
  ])('%s', async (_path, world, sends) => {
    const { deps, clock, mailer } = depsFor(world);

    await registerSignup(deps, signup, NOW);

    expect(mailer.send).toHaveBeenCalledTimes(sends);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.elapsed()).toBe(FLOOR);
  });

  it('a send SES surely refused: the 503 too comes at the floor, with both slots given back', async () => {
    const { deps, clock, repositories } = depsFor({
      send: () => Promise.reject(new SendThrottledError('slow down', { awsErrorName: 'Throttling', cause: undefined })),
    });

    await expect(registerSignup(deps, signup, NOW)).rejects.toBeInstanceOf(EmailNotSentError);

    expect(clock.elapsed()).toBe(FLOOR);
    expect(repositories.pendingSignups.releaseConfirmationEmail).toHaveBeenCalledOnce();
    expect(repositories.signupEmailHolds.release).toHaveBeenCalledWith(signup.email, expect.any(String), NOW);
  });

  it('takes the mailbox’s slot before the address’s, and gives it back when the address’s says no', async () => {
    const held = depsFor({ mailboxFree: false });
    await registerSignup(held.deps, signup, NOW);
    expect(held.repositories.pendingSignups.claimConfirmationEmail).not.toHaveBeenCalled();

    const taken = depsFor({ addressSlotFree: false });
    await registerSignup(taken.deps, signup, NOW);
    expect(taken.repositories.signupEmailHolds.release).toHaveBeenCalledWith(signup.email, expect.any(String), NOW);
  });
});

describe('"email me my link" answers at the floor on every path', () => {
  it.each<[string, World, string]>([
    ['a confirmed trainer (a send)', { owner: 't_sam' }, 'sent'],
    ['an unknown address', {}, 'unknown-address'],
    ['a bounced address', { owner: 't_sam', suppressed: 'bounce' }, 'suppressed'],
    [
      'an address asked for within the hour, under any spelling',
      { owner: 't_sam', linkHourFree: false },
      'rate-limited',
    ],
  ])('%s', async (_path, world, outcome) => {
    const { deps, clock } = depsFor(world);

    expect(await requestStatusLink(deps, 'sam@example.com', NOW)).toBe(outcome);

    expect(clock.sleeps).toHaveLength(1);
    expect(clock.elapsed()).toBe(FLOOR);
  });
});
