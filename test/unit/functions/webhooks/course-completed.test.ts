import { describe, expect, it, vi } from 'vitest';
import type { MailingDependencies } from '../../../../functions/shared/mailing-dependencies.js';
import { handleCourseCompleted } from '../../../../functions/webhooks/course-completed.js';
import type { VerifiedDelivery } from '../../../../functions/webhooks/webhook-route.js';
import { httpEvent } from '../../../helpers/http-event.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';

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

  it('claims with a lease so a crashed claimer is taken over by a later retry', async () => {
    const { deps, deliveries } = depsWith(async () => {
      throw new Error('boom');
    });
    await handleCourseCompleted(deps, delivery()).catch(() => undefined);
    expect(deliveries.claim).toHaveBeenCalledWith({
      providerId: 'demo',
      webhookId: 'msg_1',
      now: NOW,
      leaseSeconds: 120,
    });
  });
});
