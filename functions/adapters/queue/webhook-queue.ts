import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TeamRosterRepository } from '../dynamodb/team-roster-repository.js';
import type { OutboxEvent, TeamWebhookRepository } from '../dynamodb/team-webhook-repository.js';

/** One event on its way to one endpoint (ADR 0035). The body inside is final: every retry signs the same bytes. */
export interface WebhookDeliveryMessage {
  readonly teamId: string;
  readonly endpointId: string;
  readonly event: OutboxEvent;
}

/**
 * The queue between publishing and delivering status-change events: SQS in AWS, an in-process queue in the local
 * stack (scripts/local/webhook-queue.ts). At least once, not in order; events carry a per-member sequence.
 */
export interface WebhookQueue {
  send(messages: readonly WebhookDeliveryMessage[]): Promise<void>;
  /** The message received with `receiptHandle` comes back after `delaySeconds` (SQS ChangeMessageVisibility). */
  retryLater(receiptHandle: string, delaySeconds: number): Promise<void>;
}

/** What publishing status-change events needs (record/status-events.ts); the wiring supplies it with the queue. */
export interface StatusEventPorts {
  readonly webhooks: Pick<
    TeamWebhookRepository,
    'endpointsOf' | 'memberPublication' | 'commitEvent' | 'clearOutbox' | 'recordDelivery'
  >;
  readonly memberships: Pick<TeamRosterRepository, 'membershipsOf'>;
  readonly queue: WebhookQueue;
}

/** `WEBHOOK_QUEUE_URL` of the local stack: deliveries go to the queue it installed in this process. */
export const LOCAL_WEBHOOK_QUEUE_URL = 'local:in-process';
const LOCAL_QUEUE = Symbol.for('recert.local-webhook-queue');

type WithLocalQueue = typeof globalThis & { [LOCAL_QUEUE]?: WebhookQueue };

/** The local stack (and tests) install their queue here; handlers in the same process then use it. */
export function installLocalWebhookQueue(queue: WebhookQueue | undefined): void {
  const global = globalThis as WithLocalQueue;
  if (queue === undefined) delete global[LOCAL_QUEUE];
  else global[LOCAL_QUEUE] = queue;
}

export class WebhookQueueUnavailableError extends Error {
  override readonly name = 'WebhookQueueUnavailableError';
  readonly code = 'queue.unavailable';
}

/** SendMessageBatch takes at most 10 entries. */
const BATCH = 10;

function sqsQueue(queueUrl: string, region: string): WebhookQueue {
  const client = new SQSClient({
    region,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
  return {
    async send(messages) {
      for (let i = 0; i < messages.length; i += BATCH) {
        const batch = messages.slice(i, i + BATCH);
        const answer = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
          }),
        );
        if ((answer.Failed ?? []).length > 0) {
          throw new WebhookQueueUnavailableError(
            `the queue refused ${answer.Failed?.length} of ${batch.length} events`,
          );
        }
      }
    },
    async retryLater(receiptHandle, delaySeconds) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: delaySeconds,
        }),
      );
    },
  };
}

/**
 * The queue this function publishes to: none without `WEBHOOK_QUEUE_URL` (the function publishes nothing; the daily
 * sweep catches up), the local stack's in-process one for `local:in-process`, SQS otherwise.
 */
export function webhookQueueFor(cfg: {
  readonly WEBHOOK_QUEUE_URL?: string | undefined;
  readonly AWS_REGION: string;
}): WebhookQueue | undefined {
  const url = cfg.WEBHOOK_QUEUE_URL;
  if (url === undefined) return undefined;
  if (url === LOCAL_WEBHOOK_QUEUE_URL) {
    return {
      send: (messages) => localQueue().send(messages),
      retryLater: (handle, delay) => localQueue().retryLater(handle, delay),
    };
  }
  return sqsQueue(url, cfg.AWS_REGION);
}

function localQueue(): WebhookQueue {
  const queue = (globalThis as WithLocalQueue)[LOCAL_QUEUE];
  if (!queue) throw new WebhookQueueUnavailableError('no local webhook queue runs in this process');
  return queue;
}
