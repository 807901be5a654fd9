import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { createEmailClaimRepository } from './email-claim-repository.js';
import { isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem } from './item-schema.js';
import { ENTITY, type ItemKey, keys, normaliseEmail } from './keys.js';
import { queryAll } from './query-all.js';
import { createTrainerRepository } from './trainer-repository.js';

export type SuppressionReason = 'unsubscribed' | 'bounce' | 'complaint';

export interface Suppression {
  /** The address the suppression was recorded for: the one asked about, or another spelling of its mailbox. */
  readonly email: string;
  readonly reason: SuppressionReason;
  readonly suppressedAt: string;
}

const SUPPRESSION_VERSION = 1;

/** The same item shape under the old key form and the per-mailbox one (ADR 0027): only the key moved. */
const suppressionSchema = z.object({
  entity: z.literal(ENTITY.suppression),
  version: z.literal(SUPPRESSION_VERSION),
  email: z.string().check(z.minLength(1)),
  reason: z.enum(['unsubscribed', 'bounce', 'complaint']),
  suppressedAt: isoInstant,
});

export interface AddSuppressionResult {
  /** False when the address was already suppressed (the first reason and time are kept). */
  readonly added: boolean;
  /** The confirmed trainer with this address, now flagged suppressed and out of the due index. */
  readonly trainerId?: string;
}

/** A bounce or a complaint says the mailbox refuses mail; an unsubscribe only that its owner wants no reminders. */
export function stopsAllMail(suppression: Suppression): boolean {
  return suppression.reason !== 'unsubscribed';
}

/** The one that says most about the mailbox: refusing mail first, then the earliest. */
function strongest(found: readonly Suppression[]): Suppression | undefined {
  return [...found].sort(
    (a, b) => Number(stopsAllMail(b)) - Number(stopsAllMail(a)) || a.suppressedAt.localeCompare(b.suppressedAt),
  )[0];
}

/**
 * The app's suppression list, one partition per mailbox (ADR 0027): a suppression of any spelling of an inbox (a
 * `+tag`, Gmail dots, googlemail.com) holds for every other spelling. `add` also flags the address's trainer and
 * removes them from the due index, so callers (unsubscribe, bounce/complaint handler) make one call and the daily
 * run never selects them again; a trainer under another spelling is flagged by the run when it meets them.
 */
export function createSuppressionRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const emailClaims = createEmailClaimRepository({ client, tableName });
  const trainers = createTrainerRepository({ client, tableName });

  /** Idempotent per address: repeated events change nothing but still (re)flag the trainer. */
  async function add(email: string, reason: SuppressionReason, now: Date): Promise<AddSuppressionResult> {
    let added = true;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.suppression(email),
            entity: ENTITY.suppression,
            version: SUPPRESSION_VERSION,
            email: normaliseEmail(email),
            reason,
            suppressedAt: now.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      added = false;
    }
    // Re-run even when already suppressed: a crash after the put above must not leave the trainer in the index.
    const trainerId = await emailClaims.find(email);
    if (trainerId !== undefined && (await trainers.markSuppressed(trainerId, now))) return { added, trainerId };
    return { added };
  }

  /**
   * Every stored item that suppresses this address: the mailbox's partition (every spelling's item, and an old-form
   * item of the address that is the mailbox itself) and the address's own old-form item, wherever that lives.
   * The same two reads for every address, suppressed or not, so the time taken tells nothing.
   */
  async function itemsFor(email: string): Promise<Record<string, unknown>[]> {
    const legacy = keys.legacySuppression(email);
    const [mailbox, { Item }] = await Promise.all([
      queryAll(client, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.suppressionPartition(email) },
        ConsistentRead: true,
      }),
      client.send(new GetCommand({ TableName: tableName, Key: legacy, ConsistentRead: true })),
    ]);
    const inMailbox = (item: Record<string, unknown>) => item.pk === legacy.pk && item.sk === legacy.sk;
    return Item && !mailbox.some(inMailbox) ? [...mailbox, Item] : mailbox;
  }

  /** The suppression that applies to this address, from any spelling of its mailbox; a bounce or complaint first. */
  async function get(email: string): Promise<Suppression | undefined> {
    const found = (await itemsFor(email)).map((item) => {
      const { entity: _entity, version: _version, ...record } = parseItem(suppressionSchema, ENTITY.suppression, item);
      return record;
    });
    return strongest(found);
  }

  async function isSuppressed(email: string): Promise<boolean> {
    return (await get(email)) !== undefined;
  }

  /**
   * Takes the mailbox off the list (its owner confirmed they want reminders again, from a link sent to it): every
   * spelling's suppression, and this address's old-form one. Idempotent. A suppression left on one spelling would
   * hold for all of them, and the next run would turn the trainer's reminders off again.
   */
  async function remove(email: string): Promise<void> {
    const stored = await itemsFor(email);
    await Promise.all(
      stored.map((item) => {
        const key: ItemKey = { pk: String(item.pk), sk: String(item.sk) };
        return client.send(new DeleteCommand({ TableName: tableName, Key: key }));
      }),
    );
  }

  return { add, get, isSuppressed, remove };
}

export type SuppressionRepository = ReturnType<typeof createSuppressionRepository>;
