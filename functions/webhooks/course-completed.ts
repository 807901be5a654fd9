import type { DeliveryClaim, DeliveryOutcome } from '../adapters/dynamodb/delivery-repository.js';
import type { CompletionCredit } from '../adapters/dynamodb/unclaimed-completion-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { accepted, type HttpResponse, json, ok } from '../shared/http.js';
import { emitMetric, logger } from '../shared/logger.js';
import { type MailingDependencies, mailingDependencies } from '../shared/mailing-dependencies.js';
import { maskEmail } from '../shared/mask-email.js';
import { recordCredit } from './apply-credit.js';
import { parsePayload, resolveCredit } from './completion-payload.js';
import { sendCreditRecorded } from './credit-email.js';
import {
  createProviderLookup,
  type FindProvider,
  PROVIDER_SECRETS_UNAVAILABLE_METRIC,
  providerSecretsFromConfig,
} from './provider-secrets.js';
import { type VerifiedDelivery, webhookRoute } from './webhook-route.js';

export { CourseCompletedPayloadSchema } from './completion-payload.js';

/** How long a claimer may hold a delivery before a provider retry may take it over (well above the Lambda timeout). */
export const DELIVERY_LEASE_SECONDS = 120;

function duplicateResponse(claim: Extract<DeliveryClaim, { outcome: 'duplicate' }>, webhookId: string): HttpResponse {
  if (claim.status === 'APPLIED') return ok({ status: 'duplicate', outcome: claim.record.outcome, webhookId });
  // Another request holds it under a live lease: answer 2xx as the provider's contract asks. If that request dies,
  // its own (non-2xx) answer makes the provider retry, and the retry re-claims once the lease ran out.
  return json(202, { status: 'processing', webhookId });
}

async function quarantine(deps: Dependencies, delivery: VerifiedDelivery, reason: string): Promise<DeliveryOutcome> {
  const { provider, webhookId, now } = delivery;
  await deps.repositories.quarantine.add({
    providerId: provider.providerId,
    webhookId,
    receivedAt: now,
    body: delivery.rawBody.toString('utf8'),
    headers: delivery.headers,
    reason,
  });
  logger.warn('webhook quarantined', { providerId: provider.providerId, webhookId, reason });
  emitMetric('WebhookQuarantined', 1);
  return 'quarantined';
}

async function creditTrainer(
  deps: MailingDependencies,
  delivery: VerifiedDelivery,
  trainerId: string,
  credit: CompletionCredit,
): Promise<DeliveryOutcome | undefined> {
  const result = await recordCredit(deps.repositories.trainers, trainerId, credit, delivery.now);
  if (result === undefined) return undefined;
  if (result.outcome === 'rejected') return quarantine(deps, delivery, result.reason);
  if (result.outcome === 'recorded') {
    const email = await sendCreditRecorded(deps, result.trainer, credit, result.evaluation, delivery.now);
    logger.info('credit recorded', { trainerId, webhookId: delivery.webhookId, email });
  }
  return 'applied';
}

/** No confirmed trainer yet: keep it for the sign-up confirmation, then look once more in case one just confirmed. */
async function keepUnclaimed(
  deps: MailingDependencies,
  delivery: VerifiedDelivery,
  email: string,
  credit: CompletionCredit,
  certificateId: string | undefined,
): Promise<DeliveryOutcome> {
  const { provider, webhookId, now } = delivery;
  await deps.repositories.unclaimedCompletions.add({
    email,
    providerId: provider.providerId,
    webhookId,
    credit,
    ...(certificateId !== undefined ? { certificateId } : {}),
    now,
  });
  const trainerId = await deps.repositories.emailClaims.find(email);
  const outcome = trainerId ? await creditTrainer(deps, delivery, trainerId, credit) : undefined;
  logger.info('completion kept for an unconfirmed address', { email: maskEmail(email), webhookId, outcome });
  return outcome ?? 'unclaimed';
}

async function applyDelivery(deps: MailingDependencies, delivery: VerifiedDelivery): Promise<DeliveryOutcome> {
  const parsed = parsePayload(delivery.rawBody.toString('utf8'));
  if (!parsed.ok) return quarantine(deps, delivery, parsed.reason);
  const { data } = parsed.payload;
  const resolved = resolveCredit(delivery.provider.providerId, data, delivery.provider.courseMap);
  if (!resolved.ok) return quarantine(deps, delivery, resolved.reason);
  const trainerId = await deps.repositories.emailClaims.find(data.learner.email);
  const outcome = trainerId ? await creditTrainer(deps, delivery, trainerId, resolved.credit) : undefined;
  return outcome ?? keepUnclaimed(deps, delivery, data.learner.email, resolved.credit, data.certificateId);
}

/**
 * POST /webhooks/{providerId}, already verified by `webhookRoute`: claim the delivery id (exactly one business
 * write per id, for 7 days), apply it (credit a trainer, keep it unclaimed, or quarantine it), mark it applied.
 * A transient failure gives the claim back and answers 500, so the provider's retry applies it.
 */
export async function handleCourseCompleted(
  deps: MailingDependencies,
  delivery: VerifiedDelivery,
): Promise<HttpResponse> {
  const ref = { providerId: delivery.provider.providerId, webhookId: delivery.webhookId };
  const claim = await deps.repositories.deliveries.claim({
    ...ref,
    now: delivery.now,
    leaseSeconds: DELIVERY_LEASE_SECONDS,
  });
  if (claim.outcome === 'duplicate') return duplicateResponse(claim, delivery.webhookId);
  let outcome: DeliveryOutcome;
  try {
    outcome = await applyDelivery(deps, delivery);
  } catch (error) {
    await deps.repositories.deliveries.release({ ...ref, claimToken: claim.claimToken }).catch(() => false);
    throw error;
  }
  await deps.repositories.deliveries.markApplied({ ...ref, outcome, now: delivery.now });
  return outcome === 'applied'
    ? ok({ status: outcome, webhookId: delivery.webhookId })
    : accepted({ status: outcome, webhookId: delivery.webhookId });
}

/**
 * The webhook Lambda. The provider lookup is built on the first delivery (the cold start) from configuration:
 * with `PROVIDER_SECRETS_ARN` the secrets come from Secrets Manager (cached, refreshed every 5 minutes), without it
 * from the table (local runtime).
 */
export function createCourseCompletedHandler(load: () => Promise<MailingDependencies> = mailingDependencies) {
  let lookup: FindProvider | undefined;
  return webhookRoute(
    {
      findProvider: async (providerId) => {
        const deps = await load();
        lookup ??= createProviderLookup({
          findProvider: deps.repositories.providers.get,
          secrets: providerSecretsFromConfig(deps.config),
          onUnavailable: (error) => {
            logger.error('provider secrets unavailable; refusing webhooks', { providerId, reason: error.message });
            emitMetric(PROVIDER_SECRETS_UNAVAILABLE_METRIC, 1);
          },
        });
        return lookup(providerId);
      },
    },
    async (delivery) => handleCourseCompleted(await load(), delivery),
  );
}

export const handler = createCourseCompletedHandler();
