import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { ItemNotFoundError, isConditionalCheckFailed } from './errors.js';
import { calendarDate, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, REMINDER_PREFIX, type ReminderKey } from './keys.js';
import { queryAll } from './query-all.js';
import { epochSecondsFrom } from './ttl.js';

/**
 * The reminder ledger: one row per (trainer, credential, cycle, milestone), claimed with a conditional write before
 * the email is sent, so each reminder is sent at most once per claim and exactly once overall.
 *
 * A row stays out of every index (ADR 0032): a claim is one write unit, not two, and so is settling it. A run that
 * crashed after its claim never recorded the send on the trainer, so that trainer stays in the due index and the
 * next run meets the row again through `claim` (`previous: 'SENDING'` once the lease has passed). Rows claimed
 * before that change carry `dueShard = SENDING#<n>` and `dueOn`; leaving SENDING removes them, as it always did.
 */
export type ReminderStatus = 'SENDING' | 'SENT' | 'FAILED' | 'PENDING';

export interface ReminderLedgerEntry {
  readonly key: ReminderKey;
  readonly status: ReminderStatus;
  readonly runId: string;
  readonly claimedAt: string;
  /**
   * Sends that may have reached SES. A claim counts one (a crash after the claim may follow a send), and a deferral
   * that provably sent nothing (`markPending`) gives it back, so throttling or a halted run never uses up the
   * bounded re-send allowance of a reminder whose outcome stayed unknown.
   */
  readonly attempts: number;
  /** SENDING only: after this instant another run may re-claim the row. */
  readonly leaseUntil?: string;
  readonly messageId?: string;
  readonly sentAt?: string;
  /** PENDING only: not re-claimable before this instant. */
  readonly retryAfter?: string;
  /** Short error code of the last failure (never an address or a message body). */
  readonly lastError?: string;
  readonly updatedAt: string;
}

export type LedgerClaim =
  /** Send now. `previous` tells a re-claim (PENDING retry, or SENDING whose lease expired) from a first claim. */
  | { readonly claimed: true; readonly previous?: 'PENDING' | 'SENDING'; readonly attempt: number }
  /** Someone else holds it or it is settled: send nothing. */
  | { readonly claimed: false; readonly current: ReminderLedgerEntry };

const LEDGER_VERSION = 1;
const DEFAULT_LEASE_SECONDS = 600;

/**
 * How long a ledger row is kept, as the table's TTL (`expiresAt`): counted from the expiry date of the cycle it
 * belongs to (`cycleExpiresOn`, part of its key, so known at every write). A cycle's last reminder is the "lapsed"
 * notice the day after its renewal window closes, and the longest window in the catalog is 12 months
 * (test/unit/functions/adapters/dynamodb/reminder-ledger-ttl.test.ts checks every entry), so two years leaves at
 * least 90 days after the last possible send for reconciling SES events and for support questions.
 */
export const LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS = 730;
/**
 * Never less than this after a claim: a cycle that ended long ago (an old expiry typed at sign-up) still gets its
 * one catch-up reminder, and the row guarding that send must outlive its lease, retries and reconciliation.
 */
export const LEDGER_KEEP_AFTER_CLAIM_DAYS = 90;

/**
 * The TTL a ledger row carries from its first claim on (epoch seconds). Nothing reads it as a liveness check: by
 * then the row's send is long settled and a sent key is also in the trainer's `remindersSent`, so a row DynamoDB
 * has not removed yet (up to ~2 days; dynalite never does) changes nothing.
 */
export function ledgerExpiresAt(key: Pick<ReminderKey, 'cycleExpiresOn'>, claimedAt: Date): number {
  const cycleExpiry = new Date(`${key.cycleExpiresOn}T00:00:00.000Z`);
  return Math.max(
    epochSecondsFrom(cycleExpiry, LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS),
    epochSecondsFrom(claimedAt, LEDGER_KEEP_AFTER_CLAIM_DAYS),
  );
}

const ledgerSchema = z.object({
  entity: z.literal(ENTITY.reminder),
  version: z.literal(LEDGER_VERSION),
  trainerId: z.string(),
  code: z.string(),
  cycleExpiresOn: calendarDate,
  milestoneId: z.string(),
  status: z.enum(['SENDING', 'SENT', 'FAILED', 'PENDING']),
  runId: z.string(),
  claimedAt: isoInstant,
  attempts: z.number().check(z.int()),
  leaseUntil: z.exactOptional(isoInstant),
  messageId: z.exactOptional(z.string()),
  sentAt: z.exactOptional(isoInstant),
  retryAfter: z.exactOptional(isoInstant),
  lastError: z.exactOptional(z.string()),
  updatedAt: isoInstant,
});

export function reminderFromItem(item: unknown): ReminderLedgerEntry {
  const {
    entity: _e,
    version: _v,
    trainerId,
    code,
    cycleExpiresOn,
    milestoneId,
    ...rest
  } = parseItem(ledgerSchema, ENTITY.reminder, item);
  return { key: { trainerId, code, cycleExpiresOn, milestoneId }, ...rest };
}

const STATUS = { '#status': 'status' } as const;
// dueShard and dueOn: only rows claimed before ADR 0032 have them; removing an absent attribute costs nothing.
const LEAVE_SENDING = 'REMOVE leaseUntil, dueShard, dueOn';

export function createReminderLedgerRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /**
   * Claims the reminder for this run: succeeds on a new row, on a PENDING row whose `retryAfter` has passed, and on
   * a SENDING row whose lease expired (its run crashed between send and mark; the caller decides whether to
   * re-send or reconcile). Never on SENT or FAILED.
   */
  async function claim(
    key: ReminderKey,
    options: { readonly runId: string; readonly now: Date; readonly leaseSeconds?: number },
  ): Promise<LedgerClaim> {
    const at = options.now.toISOString();
    const leaseUntil = new Date(options.now.getTime() + (options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.reminder(key),
          UpdateExpression:
            'SET entity = :entity, version = :version, trainerId = :trainerId, code = :code, ' +
            'cycleExpiresOn = :cycleExpiresOn, milestoneId = :milestoneId, #status = :sending, runId = :runId, ' +
            'claimedAt = :now, updatedAt = :now, leaseUntil = :leaseUntil, ' +
            // Set on every claim, so rows written before the TTL existed get one when they are next claimed.
            'expiresAt = :expiresAt ' +
            'ADD attempts :one REMOVE retryAfter',
          ConditionExpression:
            'attribute_not_exists(pk) ' +
            'OR (#status = :pending AND (attribute_not_exists(retryAfter) OR retryAfter <= :now)) ' +
            'OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: {
            ':entity': ENTITY.reminder,
            ':version': LEDGER_VERSION,
            ':trainerId': key.trainerId,
            ':code': key.code,
            ':cycleExpiresOn': key.cycleExpiresOn,
            ':milestoneId': key.milestoneId,
            ':sending': 'SENDING',
            ':pending': 'PENDING',
            ':runId': options.runId,
            ':now': at,
            ':leaseUntil': leaseUntil.toISOString(),
            ':one': 1,
            ':expiresAt': ledgerExpiresAt(key, options.now),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      if (!Attributes) return { claimed: true, attempt: 1 };
      const previous = reminderFromItem(Attributes);
      return {
        claimed: true,
        previous: previous.status === 'SENDING' ? 'SENDING' : 'PENDING',
        attempt: previous.attempts + 1,
      };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const current = await get(key);
    if (!current) throw new ItemNotFoundError(ENTITY.reminder); // a condition failed on a row that is gone: deleted
    return { claimed: false, current };
  }

  async function settle(
    key: ReminderKey,
    update: string,
    values: Record<string, unknown>,
    condition = 'attribute_exists(pk)',
  ): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.reminder(key),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ItemNotFoundError(ENTITY.reminder);
      throw error;
    }
  }

  /** SES accepted the message. Final. */
  function markSent(key: ReminderKey, options: { readonly messageId: string; readonly now: Date }): Promise<void> {
    return settle(
      key,
      `SET #status = :sent, messageId = :messageId, sentAt = :now, updatedAt = :now ${LEAVE_SENDING}, retryAfter, lastError`,
      { ':sent': 'SENT', ':messageId': options.messageId, ':now': options.now.toISOString() },
    );
  }

  /**
   * Throttled or deferred, nothing sent: re-claimable once `retryAfter` has passed, and the claim's attempt is given
   * back (it sent nothing). Never downgrades a SENT row.
   */
  function markPending(
    key: ReminderKey,
    options: { readonly retryAfter: Date; readonly reason: string; readonly now: Date },
  ): Promise<void> {
    return settle(
      key,
      `SET #status = :pending, retryAfter = :retryAfter, lastError = :reason, updatedAt = :now ` +
        `ADD attempts :minusOne ${LEAVE_SENDING}`,
      {
        ':pending': 'PENDING',
        ':retryAfter': options.retryAfter.toISOString(),
        ':reason': options.reason,
        ':now': options.now.toISOString(),
        ':sent': 'SENT',
        ':minusOne': -1,
      },
      'attribute_exists(pk) AND #status <> :sent',
    );
  }

  /** Permanently rejected for this address: never retried. Never downgrades a SENT row. */
  function markFailed(key: ReminderKey, options: { readonly reason: string; readonly now: Date }): Promise<void> {
    return settle(
      key,
      `SET #status = :failed, lastError = :reason, updatedAt = :now ${LEAVE_SENDING}, retryAfter`,
      { ':failed': 'FAILED', ':reason': options.reason, ':now': options.now.toISOString(), ':sent': 'SENT' },
      'attribute_exists(pk) AND #status <> :sent',
    );
  }

  async function get(key: ReminderKey): Promise<ReminderLedgerEntry | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.reminder(key), ConsistentRead: true }),
    );
    return Item ? reminderFromItem(Item) : undefined;
  }

  async function listForTrainer(trainerId: string): Promise<ReminderLedgerEntry[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.trainerPartition(trainerId), ':prefix': REMINDER_PREFIX },
      ConsistentRead: true,
    });
    return items.map(reminderFromItem);
  }

  /**
   * Removes a row this run claimed but will never send on (its trainer erased their data meanwhile), so erasure
   * leaves nothing behind. Only the run's own SENDING claim is removed; anything else stays.
   */
  async function release(key: ReminderKey, options: { readonly runId: string }): Promise<void> {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.reminder(key),
          ConditionExpression: '#status = :sending AND runId = :runId',
          ExpressionAttributeNames: STATUS,
          ExpressionAttributeValues: { ':sending': 'SENDING', ':runId': options.runId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  return { claim, markSent, markPending, markFailed, release, get, listForTrainer };
}

export type ReminderLedgerRepository = ReturnType<typeof createReminderLedgerRepository>;
