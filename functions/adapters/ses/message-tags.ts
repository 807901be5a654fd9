/**
 * SES message tags that tie a sent email back to its ledger rows. SES publishes them with every event of the
 * message (Send, Delivery, Bounce, Complaint) through the configuration set, which is how a crash between "SES
 * accepted" and "ledger marked SENT" is reconciled without a second email. Tag values allow only
 * `[A-Za-z0-9_-]`, and ledger keys contain `#`, so each key travels as a hash of (trainer id, ledger sort key).
 */
import { createHash } from 'node:crypto';

const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;
export const TRAINER_TAG = 'trainerId';
export const REMINDER_TAG_PREFIX = 'reminderKey';
/** SES allows 50 tags per message; one trainer holds far fewer credentials than this. */
const MAX_REMINDER_TAGS = 40;

/** The tag value of one ledger row: 40 hex chars of sha256(`trainerId#ledgerSortKey`). */
export function reminderTagValue(trainerId: string, ledgerSortKey: string): string {
  return createHash('sha256').update(`${trainerId}#${ledgerSortKey}`, 'utf8').digest('hex').slice(0, 40);
}

/** A value SES accepts: itself when already valid, else a hash prefixed `h-` (never fails the send over a tag). */
export function safeTagValue(value: string): string {
  return TAG_VALUE.test(value) ? value : `h-${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 40)}`;
}

/** `{ trainerId, reminderKey1, reminderKey2, … }` for one merged reminder email. */
export function reminderTags(trainerId: string, ledgerSortKeys: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = { [TRAINER_TAG]: safeTagValue(trainerId) };
  ledgerSortKeys.slice(0, MAX_REMINDER_TAGS).forEach((sortKey, index) => {
    tags[`${REMINDER_TAG_PREFIX}${index + 1}`] = reminderTagValue(trainerId, sortKey);
  });
  return tags;
}

/** Reads the tags back from an SES event's `mail.tags` (`{ name: [value] }`). */
export function readReminderTags(
  tags: Readonly<Record<string, readonly string[] | undefined>> | undefined,
): { trainerId: string; reminderHashes: Set<string> } | undefined {
  const trainerId = tags?.[TRAINER_TAG]?.[0];
  if (!tags || !trainerId) return undefined;
  const reminderHashes = new Set<string>();
  for (const [name, values] of Object.entries(tags)) {
    if (name.startsWith(REMINDER_TAG_PREFIX) && values?.[0]) reminderHashes.add(values[0]);
  }
  return reminderHashes.size > 0 ? { trainerId, reminderHashes } : undefined;
}
