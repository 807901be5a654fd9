import type { CompletionCredit } from '../../../core/index.js';
import type { DeliveryClaim, DeliveryOutcome } from '../../adapters/dynamodb/delivery-repository.js';
import { accepted, type HttpResponse, json, ok } from '../../common/http.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import type { VerifiedDelivery } from '../../edge/webhook-route.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { recordCredit } from './apply-credit.js';
import { parsePayload, resolveCredit } from './completion-payload.js';
import { sendCreditRecorded } from './credit-email.js';

/**
 * How long a claimer may hold a delivery before a retry may take it over: the webhook Lambda's timeout (10 s, the
 * `http` sizing in infra/stateless-stack.ts) plus up to 10 s of cold-start init before the handler runs plus 10 s of
 * margin. The lease counts from API Gateway's request time, so a live claimer never loses it to a retry.
 */
export const DELIVERY_LEASE_SECONDS = 30;

/** How a duplicate waits for the request that holds its delivery: pauses between re-claims (≤ 3 s in all). */
export interface DuplicateWait {
  readonly pausesMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_DUPLICATE_WAIT: DuplicateWait = {
  pausesMs: [100, 200, 400, 800, 1500],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Time left in the Lambda that the wait must not eat into (the apply and the answer still need it). */
const WAIT_RESERVE_MS = 5000;

type DuplicateClaim = Extract<DeliveryClaim, { outcome: 'duplicate' }>;

/**
 * One metric (count) per way a delivery ended, for the operator dashboard: a delivery applied, kept unclaimed or
 * quarantined counts once, when it is marked applied; a duplicate of an applied one counts each time it is answered.
 * `WebhookQuarantined` is also alarmed in infra.
 */
export const WEBHOOK_OUTCOME_METRICS: Readonly<Record<DeliveryOutcome | 'duplicate', string>> = {
  applied: 'WebhookApplied',
  duplicate: 'WebhookDuplicate',
  quarantined: 'WebhookQuarantined',
  unclaimed: 'WebhookUnclaimed',
};

const countOutcome = (outcome: keyof typeof WEBHOOK_OUTCOME_METRICS) =>
  metrics.addMetric(WEBHOOK_OUTCOME_METRICS[outcome], MetricUnit.Count, 1);

/**
 * Claims the delivery; while another request holds it IN_PROGRESS, re-tries the claim after each pause. That request
 * may finish (APPLIED: a duplicate), give the claim back after a failure or lose its lease by dying (claimed: apply it
 * here), or still hold it after the wait. Time inside the wait is request time plus the pauses, never the wall clock.
 */
async function claimOrWait(
  deps: MailingDependencies,
  delivery: VerifiedDelivery,
  wait: DuplicateWait,
): Promise<{ claim: DeliveryClaim; now: Date }> {
  const ref = { providerId: delivery.provider.providerId, webhookId: delivery.webhookId };
  const budgetMs = delivery.context.getRemainingTimeInMillis() - WAIT_RESERVE_MS;
  const at = (waitedMs: number) => new Date(delivery.now.getTime() + waitedMs);
  const claimAt = (now: Date) =>
    deps.repositories.deliveries.claim({ ...ref, now, leaseSeconds: DELIVERY_LEASE_SECONDS });
  let waitedMs = 0;
  let claim = await claimAt(at(waitedMs));
  for (const pause of wait.pausesMs) {
    if (claim.outcome === 'claimed' || claim.status === 'APPLIED' || waitedMs + pause > budgetMs) break;
    await wait.sleep(pause);
    waitedMs += pause;
    claim = await claimAt(at(waitedMs));
  }
  return { claim, now: at(waitedMs) };
}

function duplicateResponse(claim: DuplicateClaim, webhookId: string, now: Date): HttpResponse {
  if (claim.status === 'APPLIED') {
    countOutcome('duplicate');
    return ok({ status: 'duplicate', outcome: claim.record.outcome, webhookId });
  }
  // Still held after the wait: a non-2xx so the provider retries (a 2xx here would lose the credit if the holder
  // died). Retry-After points at the end of the holder's lease, when a retry can take it over.
  const leaseLeftMs = Date.parse(claim.record.leaseUntil ?? '') - now.getTime();
  const retryAfter = Number.isFinite(leaseLeftMs)
    ? Math.min(DELIVERY_LEASE_SECONDS, Math.max(1, Math.ceil(leaseLeftMs / 1000)))
    : DELIVERY_LEASE_SECONDS;
  return json(503, { status: 'processing', webhookId }, { 'retry-after': String(retryAfter) });
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
 * write per id, for 7 days; a duplicate waits briefly for the request holding it), apply it (credit a trainer, keep
 * it unclaimed, or quarantine it), mark it applied. A transient failure gives the claim back and answers 500, so the
 * provider's retry applies it.
 */
export async function handleCourseCompleted(
  deps: MailingDependencies,
  delivery: VerifiedDelivery,
  wait: DuplicateWait = DEFAULT_DUPLICATE_WAIT,
): Promise<HttpResponse> {
  const ref = { providerId: delivery.provider.providerId, webhookId: delivery.webhookId };
  const { claim, now } = await claimOrWait(deps, delivery, wait);
  if (claim.outcome === 'duplicate') return duplicateResponse(claim, delivery.webhookId, now);
  let outcome: DeliveryOutcome;
  try {
    outcome = await applyDelivery(deps, delivery);
  } catch (error) {
    await deps.repositories.deliveries.release({ ...ref, claimToken: claim.claimToken }).catch(() => false);
    throw error;
  }
  await deps.repositories.deliveries.markApplied({ ...ref, outcome, now });
  countOutcome(outcome);
  return outcome === 'applied'
    ? ok({ status: outcome, webhookId: delivery.webhookId })
    : accepted({ status: outcome, webhookId: delivery.webhookId });
}
