/**
 * Status-change webhook deliveries (ADR 0035): the team-webhooks SQS queue → this Lambda (locally the local stack's
 * in-process queue calls it the same way). Each record is one event for one endpoint; a failed attempt goes back on
 * the queue after its backoff (ChangeMessageVisibility) and is reported as a partial batch failure, so the others of
 * the batch are not repeated. A record this function cannot read at all fails until it lands in the DLQ (alarmed).
 */
import type { SQSBatchResponse } from 'aws-lambda';
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import { deliverStatusEventBatch } from '../features/teams/webhook-delivery.js';
import { mailingDependencies } from '../wiring/mailing-dependencies.js';

export const WebhookDeliveryMessageSchema = z.object({
  teamId: z.string().check(z.minLength(1)),
  endpointId: z.string().check(z.minLength(1)),
  event: z.object({
    eventId: z.string().check(z.minLength(1)),
    type: z.string().check(z.minLength(1)),
    sequence: z.number().check(z.int(), z.gte(1)),
    trainerId: z.string().check(z.minLength(1)),
    body: z.string().check(z.minLength(2)),
  }),
});

export const TeamWebhookQueueEventSchema = z.looseObject({
  Records: z.array(
    z.looseObject({
      messageId: z.string().check(z.minLength(1)),
      receiptHandle: z.string().check(z.minLength(1)),
      body: z.string(),
      attributes: z.looseObject({ ApproximateReceiveCount: z.string().check(z.regex(/^[0-9]{1,6}$/)) }),
    }),
  ),
});

export const handler = eventRoute(
  { schema: TeamWebhookQueueEventSchema, kind: 'team webhook queue event' },
  async (event): Promise<SQSBatchResponse> =>
    deliverStatusEventBatch(await mailingDependencies(), event.Records, (body) =>
      WebhookDeliveryMessageSchema.safeParse(body),
    ),
);
