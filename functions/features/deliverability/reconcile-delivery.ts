/**
 * Evidence of delivery for a reminder whose run crashed between "SES accepted" and "ledger marked SENT": an SES
 * Send/Delivery event carrying the message tags (trainer id + hashed ledger keys, see message-tags.ts) marks the
 * matching SENDING rows SENT, so the next run does not re-send them.
 */

import { reminderSortKey } from '../../adapters/dynamodb/keys.js';
import type { ReminderLedgerRepository } from '../../adapters/dynamodb/reminder-ledger-repository.js';
import { readReminderTags, reminderTagValue } from '../../adapters/ses/message-tags.js';

export async function reconcileFromTags(
  ledger: Pick<ReminderLedgerRepository, 'listForTrainer' | 'markSent'>,
  input: {
    readonly tags: Readonly<Record<string, readonly string[] | undefined>> | undefined;
    readonly messageId: string;
    readonly now: Date;
  },
): Promise<number> {
  const tagged = readReminderTags(input.tags);
  if (!tagged) return 0;
  const rows = await ledger.listForTrainer(tagged.trainerId);
  const matching = rows.filter(
    (row) =>
      row.status === 'SENDING' &&
      tagged.reminderHashes.has(reminderTagValue(row.key.trainerId, reminderSortKey(row.key))),
  );
  for (const row of matching) await ledger.markSent(row.key, { messageId: input.messageId, now: input.now });
  return matching.length;
}
