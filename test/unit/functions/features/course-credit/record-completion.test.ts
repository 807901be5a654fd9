import { describe, expect, it, vi } from 'vitest';
import type { VerifiedDelivery } from '../../../../../functions/edge/webhook-route.js';
import { handleCourseCompleted } from '../../../../../functions/features/course-credit/record-completion.js';
import type { MailingDependencies } from '../../../../../functions/wiring/mailing-dependencies.js';
import { httpEvent } from '../../../../helpers/http-event.js';
import { lambdaContext } from '../../../../helpers/lambda-context.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const body = JSON.stringify({
  type: 'course.completed',
  timestamp: '2026-11-20T10:00:00Z',
  data: {
    learner: { email: 'sam@example.com', name: 'Sam Lee' },
    course: { code: 'NASM-PES' },
    completedOn: '2026-11-19',
  },
});

function delivery(): VerifiedDelivery {
  return {
    provider: {
      providerId: 'demo',
      name: 'Demo',
      secrets: [],
      courseMap: {},
      revision: 1,
      createdAt: '',
      updatedAt: '',
    },
    webhookId: 'msg_1',
    rawBody: Buffer.from(body),
    headers: {},
    now: NOW,
    event: httpEvent(),
    context: lambdaContext(),
  };
}

function depsWith(findEmail: () => Promise<string | undefined>) {
  const deliveries = {
    claim: vi.fn(async () => ({ outcome: 'claimed' as const, claimToken: 'tok', attempt: 1 })),
    release: vi.fn(async () => true),
    markApplied: vi.fn(async () => undefined),
  };
  const deps = { repositories: { deliveries, emailClaims: { find: findEmail } } } as unknown as MailingDependencies;
  return { deps, deliveries };
}

describe('handleCourseCompleted error paths', () => {
  it('gives the claim back when a store fails mid-apply, so the provider retry applies it at once', async () => {
    const { deps, deliveries } = depsWith(async () => {
      throw new Error('ProvisionedThroughputExceededException');
    });
    await expect(handleCourseCompleted(deps, delivery())).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(deliveries.release).toHaveBeenCalledWith({ providerId: 'demo', webhookId: 'msg_1', claimToken: 'tok' });
    expect(deliveries.markApplied).not.toHaveBeenCalled();
  });

  it('claims with a lease of the webhook Lambda timeout (10 s) plus margin, so a crashed claimer is soon taken over', async () => {
    const { deps, deliveries } = depsWith(async () => {
      throw new Error('boom');
    });
    await handleCourseCompleted(deps, delivery()).catch(() => undefined);
    expect(deliveries.claim).toHaveBeenCalledWith({
      providerId: 'demo',
      webhookId: 'msg_1',
      now: NOW,
      leaseSeconds: 30,
    });
  });

  it('does not wait for an in-progress duplicate when the Lambda has no time to spare: 503 with Retry-After', async () => {
    const record = {
      providerId: 'demo',
      webhookId: 'msg_1',
      status: 'IN_PROGRESS' as const,
      attempts: 1,
      leaseUntil: new Date(NOW.getTime() + 12_000).toISOString(),
      firstClaimedAt: NOW.toISOString(),
      expiresAt: 0,
    };
    const { deps, deliveries } = depsWith(async () => undefined);
    deliveries.claim.mockImplementation(async () => ({ outcome: 'duplicate', status: 'IN_PROGRESS', record }) as never);
    const sleep = vi.fn(async () => undefined);
    const response = await handleCourseCompleted(
      deps,
      { ...delivery(), context: lambdaContext(5_000) },
      { pausesMs: [100, 200], sleep },
    );
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toBe('12');
    expect(sleep).not.toHaveBeenCalled();
    expect(deliveries.claim).toHaveBeenCalledTimes(1);
  });
});
