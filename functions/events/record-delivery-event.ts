/**
 * SES events (configuration set → EventBridge default bus → this Lambda). Permanent bounces and complaints put the
 * address on the suppression list (idempotent: `suppressions.add` keeps the first reason); transient bounces are
 * ignored. Send/Delivery events carrying reminder tags reconcile ledger rows a crashed run left SENDING.
 */
import middy from '@middy/core';
import { logger } from '../common/logger.js';
import { maskEmail } from '../common/mask-email.js';
import * as z from '../common/zod.js';
import { parseEvent } from '../edge/event-input.js';
import { reconcileFromTags } from '../features/deliverability/reconcile-delivery.js';
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

export interface DeliveryEventResult {
  readonly action: 'suppressed' | 'ignored' | 'reconciled';
  /** Addresses suppressed (or already suppressed), or ledger rows reconciled. */
  readonly count: number;
}

const RECONCILING = new Set(['Send', 'Delivery']);

export function createRecordDeliveryEventHandler(load: () => Promise<Dependencies> = dependencies) {
  return async (input: unknown): Promise<DeliveryEventResult> => {
    const event = parseEvent(SesEventBridgeEventSchema, 'SES event', input);
    const { detail } = event;
    const now = new Date(event.time);
    const { repositories } = await load();
    const suppress = async (recipients: readonly { emailAddress: string }[], reason: 'bounce' | 'complaint') => {
      for (const { emailAddress } of recipients) {
        const { added } = await repositories.suppressions.add(emailAddress, reason, now);
        logger.info('address suppressed', {
          to: maskEmail(emailAddress),
          reason,
          added,
          messageId: detail.mail.messageId,
        });
      }
      return { action: 'suppressed', count: recipients.length } as const;
    };
    if (detail.eventType === 'Bounce' && detail.bounce?.bounceType === 'Permanent') {
      return suppress(detail.bounce.bouncedRecipients, 'bounce');
    }
    if (detail.eventType === 'Complaint' && detail.complaint) {
      return suppress(detail.complaint.complainedRecipients, 'complaint');
    }
    if (RECONCILING.has(detail.eventType)) {
      const count = await reconcileFromTags(repositories.reminderLedger, {
        tags: detail.mail.tags,
        messageId: detail.mail.messageId,
        now,
      });
      if (count > 0) logger.info('reminders reconciled from an SES event', { count, messageId: detail.mail.messageId });
      return { action: count > 0 ? 'reconciled' : 'ignored', count };
    }
    // Transient/undetermined bounces, opens, clicks …: SES retries transient failures itself; nothing to record.
    return { action: 'ignored', count: 0 };
  };
}

export const handler = middy<unknown, DeliveryEventResult>().handler(createRecordDeliveryEventHandler());
