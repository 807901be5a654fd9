/**
 * The local stand-in for the team-webhooks SQS queue (ADR 0035): messages wait in this process and are handed to the
 * delivery function (DeliverTeamWebhooks) one at a time as SQS would (a receive count, a receipt handle, partial batch
 * failures, a visibility the function sets for its backoff). The waits are the function's own (shortened locally by
 * RECERT_WEBHOOK_RETRY_SCALE); a message the function keeps failing on is dropped after the dead-letter limit, with a
 * log line, where SQS would move it to the DLQ.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { WebhookDeliveryMessage, WebhookQueue } from '../../functions/adapters/queue/webhook-queue.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../functions/features/teams/webhook-backoff.js';

/** As the stack's queue: the DLQ takes a message after this many receives. */
const MAX_RECEIVES = MAX_DELIVERY_ATTEMPTS + 3;
/** Visibility after a failure the function set no wait for (it threw): the queue's own timeout, shortened. */
const DEFAULT_VISIBILITY_SECONDS = 180;

export interface LocalWebhookQueue extends WebhookQueue {
  /** Resolves once every message is settled (delivered, failed for good, or dropped). */
  drain(): Promise<void>;
  /** Messages waiting or being delivered. */
  readonly size: number;
  stop(): void;
}

interface Waiting {
  readonly id: string;
  readonly body: string;
  receives: number;
  timer: NodeJS.Timeout | undefined;
  visibilitySeconds: number | undefined;
}

export function createLocalWebhookQueue(options: {
  readonly deliver: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** Multiplies waits the function did not set (its own are already scaled). Default 0.01. */
  readonly scale?: number;
  readonly log?: (line: string) => void;
}): LocalWebhookQueue {
  const messages = new Map<string, Waiting>();
  const idle: Array<() => void> = [];
  let stopped = false;
  const scale = options.scale ?? 0.01;

  const settle = (id: string) => {
    messages.delete(id);
    if (messages.size === 0) for (const resolve of idle.splice(0)) resolve();
  };

  const schedule = (message: Waiting, seconds: number) => {
    if (stopped) return;
    message.timer = setTimeout(() => void receive(message), Math.max(0, seconds * 1000));
  };

  async function receive(message: Waiting): Promise<void> {
    message.receives += 1;
    message.visibilitySeconds = undefined;
    const event = {
      Records: [
        {
          messageId: message.id,
          receiptHandle: `${message.id}#${message.receives}`,
          body: message.body,
          attributes: { ApproximateReceiveCount: String(message.receives) },
        },
      ],
    } as unknown as SQSEvent; // Only the fields the delivery function reads; SQS sends more.
    let failed: boolean;
    try {
      const answer = await options.deliver(event);
      failed = (answer?.batchItemFailures ?? []).some((failure) => failure.itemIdentifier === message.id);
    } catch (error) {
      options.log?.(`DeliverTeamWebhooks failed: ${error instanceof Error ? error.message : String(error)}`);
      failed = true;
    }
    if (!failed) return settle(message.id);
    if (message.receives >= MAX_RECEIVES) {
      options.log?.(`team webhook message ${message.id} dropped after ${message.receives} receives (the DLQ in AWS)`);
      return settle(message.id);
    }
    schedule(message, message.visibilitySeconds ?? DEFAULT_VISIBILITY_SECONDS * scale);
  }

  return {
    async send(batch: readonly WebhookDeliveryMessage[]) {
      for (const body of batch) {
        const message: Waiting = {
          id: randomUUID(),
          body: JSON.stringify(body),
          receives: 0,
          timer: undefined,
          visibilitySeconds: undefined,
        };
        messages.set(message.id, message);
        schedule(message, 0);
      }
    },
    async retryLater(receiptHandle: string, delaySeconds: number) {
      const message = messages.get(receiptHandle.slice(0, receiptHandle.indexOf('#')));
      if (message) message.visibilitySeconds = delaySeconds;
    },
    drain() {
      return messages.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    },
    get size() {
      return messages.size;
    },
    stop() {
      stopped = true;
      for (const message of messages.values()) clearTimeout(message.timer);
      for (const id of [...messages.keys()]) settle(id);
    },
  };
}
