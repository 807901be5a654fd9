/**
 * SES events (configuration set → EventBridge default bus → this Lambda). Permanent bounces and complaints put the
 * address on the suppression list (idempotent: `suppressions.add` keeps the first reason); transient bounces are
 * ignored. Send/Delivery events carrying reminder tags reconcile ledger rows a crashed run left SENDING.
 */
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import { recordDeliveryEvent } from '../features/deliverability/record-delivery-event.js';
import { type Dependencies, dependencies } from '../wiring/dependencies.js';

const RecipientSchema = z.looseObject({ emailAddress: z.string().check(z.minLength(1), z.maxLength(320)) });

export const SesEventDetailSchema = z.looseObject({
  eventType: z.string().check(z.minLength(1)),
  mail: z.looseObject({
    messageId: z.string().check(z.minLength(1)),
    /** SES publishes each tag as a list of values. */
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  bounce: z.optional(
    z.looseObject({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bouncedRecipients: z.array(RecipientSchema).check(z.minLength(1)),
    }),
  ),
  complaint: z.optional(z.looseObject({ complainedRecipients: z.array(RecipientSchema).check(z.minLength(1)) })),
});

/** An SES event as EventBridge delivers it (`Email Bounced`, `Email Complaint Received`, `Email Sent` …). */
export const SesEventBridgeEventSchema = z
  .looseObject({
    id: z.string().check(z.minLength(1)),
    'detail-type': z.string().check(z.minLength(1)),
    source: z.literal('aws.ses'),
    time: z.iso.datetime(),
    detail: SesEventDetailSchema,
  })
  .check(
    z.superRefine((event, ctx) => {
      const { eventType, bounce, complaint } = event.detail;
      if (eventType === 'Bounce' && !bounce)
        ctx.addIssue({ code: 'custom', path: ['detail', 'bounce'], message: 'required for a Bounce' });
      if (eventType === 'Complaint' && !complaint)
        ctx.addIssue({ code: 'custom', path: ['detail', 'complaint'], message: 'required for a Complaint' });
    }),
  );

export type SesEventBridgeEvent = z.infer<typeof SesEventBridgeEventSchema>;

export function createRecordDeliveryEventHandler(load: () => Promise<Dependencies> = dependencies) {
  return eventRoute({ schema: SesEventBridgeEventSchema, kind: 'SES event' }, async (event) =>
    recordDeliveryEvent(await load(), event),
  );
}

export const handler = createRecordDeliveryEventHandler();
