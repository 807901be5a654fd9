/**
 * What SES tells us after a send (its events, via EventBridge): permanent bounces and complaints stop all mail to the
 * address; Send/Delivery events carrying reminder tags reconcile ledger rows a crashed run left SENDING.
 */
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { reconcileFromTags } from './reconcile-delivery.js';

interface Recipient {
  readonly emailAddress: string;
}

/** The parts of an SES event (as EventBridge delivers it) this feature reads; the entry file's schema checks them. */
export interface SesDeliveryEvent {
  readonly time: string;
  readonly detail: {
    readonly eventType: string;
    readonly mail: {
      readonly messageId: string;
      readonly tags?: Readonly<Record<string, readonly string[]>> | undefined;
    };
    readonly bounce?: { readonly bounceType: string; readonly bouncedRecipients: readonly Recipient[] } | undefined;
    readonly complaint?: { readonly complainedRecipients: readonly Recipient[] } | undefined;
  };
}

export interface DeliveryEventResult {
  readonly action: 'suppressed' | 'ignored' | 'reconciled';
  /** Addresses suppressed (or already suppressed), or ledger rows reconciled. */
  readonly count: number;
}

const RECONCILING = new Set(['Send', 'Delivery']);

/**
 * Permanent bounces and complaints put the address on the suppression list (idempotent: `suppressions.add` keeps the
 * first reason); transient bounces are ignored. Send/Delivery events carrying reminder tags reconcile ledger rows a
 * crashed run left SENDING.
 */
export async function recordDeliveryEvent(
  { repositories }: Pick<Dependencies, 'repositories'>,
  event: SesDeliveryEvent,
): Promise<DeliveryEventResult> {
  const { detail } = event;
  const now = new Date(event.time);
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
}
