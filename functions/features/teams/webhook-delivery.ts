/**
 * Delivers one status-change event to one endpoint (ADR 0035): the SQS function in AWS and the local stack's
 * in-process queue both call this. Signed per Standard Webhooks with every secret that signs today (two during a
 * rotation); 2xx is delivered; anything else is tried again on the backoff schedule, and after the last attempt the
 * endpoint is turned off and the manager emailed once.
 */

import type { SQSBatchItemFailure, SQSBatchResponse } from 'aws-lambda';
import { stopsAllMail } from '../../adapters/dynamodb/suppression-repository.js';
import { signingSecrets } from '../../adapters/dynamodb/team-webhook-repository.js';
import { renderTeamWebhookDisabled } from '../../adapters/email/team-webhook-disabled-email.js';
import type { WebhookDeliveryMessage } from '../../adapters/queue/webhook-queue.js';
import { logger } from '../../common/logger.js';
import { MetricUnit, metrics } from '../../common/metrics.js';
import { signPayload } from '../../edge/webhook-signature.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { managerPageUrl } from './manager-session.js';
import { checkEndpoint, type Resolve } from './webhook-address.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from './webhook-backoff.js';
import { postSigned } from './webhook-post.js';

/** Counted when an endpoint is turned off after its retries; alarmed in infra. */
export const WEBHOOK_ENDPOINT_DISABLED_METRIC = 'WebhookEndpointDisabled';

/** `done`: the message is settled (delivered, skipped or failed for good); `retry`: back on the queue after the wait. */
export type DeliveryResult =
  | { readonly kind: 'done'; readonly status: 'delivered' | 'skipped' | 'failed' | 'gone' }
  | { readonly kind: 'retry'; readonly delaySeconds: number };

export interface DeliveryOptions {
  /** Tests stand in for DNS (a name that rebinds to a private address). */
  readonly resolve?: Resolve;
  readonly timeoutMs?: number;
}

/** `attempt`: which attempt this is (SQS ApproximateReceiveCount; 1 the first). */
export async function deliverStatusEvent(
  deps: MailingDependencies,
  message: WebhookDeliveryMessage,
  attempt: number,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const { teamId, endpointId, event } = message;
  const webhooks = deps.repositories.teamWebhooks;
  const entry = { endpointId, eventId: event.eventId, type: event.type, sequence: event.sequence };
  const settle = async (status: 'skipped', lastError: string): Promise<DeliveryResult> => {
    await webhooks.recordDelivery(teamId, { ...entry, status, attempts: attempt - 1, lastError }, now);
    logger.info('team webhook event skipped', { teamId, endpointId, eventId: event.eventId, reason: lastError });
    return { kind: 'done', status };
  };

  const endpoint = await webhooks.getEndpoint(teamId, endpointId);
  // Removed, or the team deleted with everything it held: nobody is waiting for this event any more.
  if (!endpoint) return { kind: 'done', status: 'gone' };
  if ((await webhooks.deliveryOf(teamId, endpointId, event.eventId))?.status === 'delivered') {
    return { kind: 'done', status: 'delivered' };
  }
  if (endpoint.state !== 'active') return settle('skipped', 'the endpoint is turned off');
  // Checked at each attempt: a member who left (or deleted their data) since is never reported on again.
  if (!(await webhooks.memberPublication(teamId, event.trainerId)))
    return settle('skipped', 'the member left the team');

  const checked = await checkEndpoint(endpoint.url, {
    allowLoopback: deps.config.RECERT_ALLOW_LOOPBACK_WEBHOOKS === '1',
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const outcome = checked.ok
    ? await postSigned({
        url: checked.url,
        addresses: checked.addresses,
        headers: {
          'webhook-id': event.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signingSecrets(endpoint, now)
            .map((secret) => signPayload(secret, event.eventId, timestamp, event.body))
            .join(' '),
        },
        body: event.body,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      })
    : ({ delivered: false, error: checked.problem } as const);

  if (outcome.delivered) {
    await webhooks.recordDelivery(teamId, { ...entry, status: 'delivered', attempts: attempt }, now);
    logger.info('team webhook event delivered', { teamId, endpointId, eventId: event.eventId, attempt });
    return { kind: 'done', status: 'delivered' };
  }
  const delay = retryDelaySeconds(attempt, deps.config.RECERT_WEBHOOK_RETRY_SCALE ?? 1);
  if (delay !== undefined && attempt < MAX_DELIVERY_ATTEMPTS) {
    await webhooks.recordDelivery(
      teamId,
      { ...entry, status: 'retrying', attempts: attempt, lastError: outcome.error },
      now,
    );
    logger.info('team webhook attempt failed', {
      teamId,
      endpointId,
      eventId: event.eventId,
      attempt,
      error: outcome.error,
    });
    return { kind: 'retry', delaySeconds: delay };
  }
  await webhooks.recordDelivery(
    teamId,
    { ...entry, status: 'failed', attempts: attempt, lastError: outcome.error },
    now,
  );
  if (await webhooks.disableEndpoint(teamId, endpointId, now)) {
    metrics.addMetric(WEBHOOK_ENDPOINT_DISABLED_METRIC, MetricUnit.Count, 1);
    logger.warn('team webhook endpoint turned off after its retries', { teamId, endpointId, error: outcome.error });
    await emailManager(deps, { teamId, endpointId, url: endpoint.url, lastError: outcome.error }, now);
  }
  return { kind: 'done', status: 'failed' };
}

/** Once per turning off (only the call that turned it off gets here). A failure is logged: the page shows the state. */
async function emailManager(
  deps: MailingDependencies,
  input: { teamId: string; endpointId: string; url: string; lastError: string },
  now: Date,
): Promise<void> {
  try {
    const team = await deps.repositories.teams.get(input.teamId);
    if (!team) return;
    const suppression = await deps.repositories.suppressions.get(team.managerEmail);
    if (suppression && stopsAllMail(suppression)) return;
    const message = renderTeamWebhookDisabled({
      to: team.managerEmail,
      teamName: team.name,
      endpointId: input.endpointId,
      url: input.url,
      lastError: input.lastError,
      teamUrl: managerPageUrl(deps, team.teamId, now),
      sender: deps.sender,
    });
    await deps.mailer.send(message, { tags: { purpose: 'team-webhook-disabled' } });
  } catch (error) {
    logger.error('the manager was not emailed that their webhook endpoint was turned off', {
      teamId: input.teamId,
      endpointId: input.endpointId,
      error,
    });
  }
}

/** One SQS record as the delivery reads it. */
export interface QueuedRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: { readonly ApproximateReceiveCount: string };
}

type ParseMessage = (json: unknown) => { success: true; data: WebhookDeliveryMessage } | { success: false };

/**
 * A batch from the queue: each record delivered on its own; a failed attempt goes back after its backoff (the
 * message's visibility) and is reported as a partial batch failure, so the others are not repeated. A record that
 * cannot be read fails every time until it lands in the dead-letter queue (alarmed).
 */
export async function deliverStatusEventBatch(
  deps: MailingDependencies,
  records: readonly QueuedRecord[],
  parse: ParseMessage,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of records) {
    let message: WebhookDeliveryMessage | undefined;
    try {
      const parsed = parse(JSON.parse(record.body));
      message = parsed.success ? parsed.data : undefined;
    } catch {
      message = undefined;
    }
    if (!message) {
      logger.error('unreadable team webhook message; it goes to the dead-letter queue', {
        messageId: record.messageId,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      const attempt = Number(record.attributes.ApproximateReceiveCount);
      const result = await deliverStatusEvent(deps, message, attempt, new Date());
      if (result.kind === 'retry') {
        batchItemFailures.push({ itemIdentifier: record.messageId });
        await deps.webhookQueue?.retryLater(record.receiptHandle, result.delaySeconds);
      }
    } catch (error) {
      logger.error('team webhook delivery failed unexpectedly; the queue tries again', {
        messageId: record.messageId,
        error,
      });
      if (!batchItemFailures.some((failure) => failure.itemIdentifier === record.messageId)) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
  }
  return { batchItemFailures };
}
