import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CalendarDate, REMINDER_CADENCES, SNOOZE_LENGTHS, type TrainerProfile } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { ItemAlreadyExistsError, isConditionalCheckFailed, RevisionConflictError } from './errors.js';
import { calendarDate, isoInstant, parseItem, trainerProfileSchema } from './item-schema.js';
import { dueShardKey, dueShardNumber, ENTITY, keys } from './keys.js';

const TRAINER_VERSION = 1;

/** One snooze the trainer asked for from a reminder: core reads code, cycle and dates; the rest is its history. */
const snoozeEntrySchema = z.object({
  code: z.string().check(z.minLength(1)),
  /** The cycle it holds: a renewed certification is not snoozed by an old snooze. */
  expiresOn: calendarDate,
  /** The day the trainer asked, and the end asked for (core ends it earlier at a protected reminder). */
  on: calendarDate,
  until: calendarDate,
  length: z.enum(SNOOZE_LENGTHS),
  /** The day the reminder whose link was used was sent. */
  fromReminderOn: calendarDate,
});

/** The trainer's choices about their reminders: the cadence and the snoozes of the current cycles, oldest first. */
const reminderSettingsSchema = z.object({
  cadence: z.enum(REMINDER_CADENCES),
  snoozes: z.array(snoozeEntrySchema),
});

export type SnoozeEntry = Readonly<z.output<typeof snoozeEntrySchema>>;
export type StoredReminderSettings = Readonly<{
  cadence: z.output<typeof reminderSettingsSchema>['cadence'];
  snoozes: readonly SnoozeEntry[];
}>;

/** A trainer who never chose: reminders follow their pace, nothing snoozed (older items carry no attribute). */
export const NO_REMINDER_CHOICES: StoredReminderSettings = { cadence: 'adaptive', snoozes: [] };

/**
 * A confirmed trainer, as stored (exists only after the address was confirmed; pending sign-ups are separate items),
 * declared once: the record type is what this schema reads back.
 */
const trainerItemSchema = z.pipe(
  z.object({
    entity: z.literal(ENTITY.trainer),
    version: z.literal(TRAINER_VERSION),
    trainerId: z.string().check(z.minLength(1)),
    email: z.string().check(z.minLength(1)),
    name: z.string(),
    profile: trainerProfileSchema,
    /** From core's evaluation; absent when nothing is scheduled. */
    nextReminderOn: z.optional(calendarDate),
    /** Mirrors the suppression list so the run needs no second read; a suppressed trainer is not in the due index. */
    suppressed: z.boolean(),
    /** Ledger sort keys (`REMINDER#…`) already sent for the current cycles, so the run decides from this one item. */
    remindersSent: z.array(z.string()),
    /** Absent until the trainer first chooses a cadence or snoozes. */
    reminderSettings: z.optional(reminderSettingsSchema),
    /** Optimistic-concurrency counter: every write checks and bumps it. */
    revision: z.number().check(z.int(), z.gte(1)),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  }),
  z.transform(({ entity: _entity, version: _version, nextReminderOn, ...stored }) => ({
    ...stored,
    nextReminderOn: nextReminderOn ?? null,
  })),
);

export type TrainerRecord = Readonly<z.output<typeof trainerItemSchema>>;

/** The trainer's reminder choices; a record that never chose follows its pace with nothing snoozed. */
export function reminderSettingsOf(trainer: Pick<TrainerRecord, 'reminderSettings'>): StoredReminderSettings {
  return trainer.reminderSettings ?? NO_REMINDER_CHOICES;
}

/** Maps a stored trainer item (from the table or the `byDue` index) to a record; throws on a drifted shape. */
export function trainerFromItem(item: unknown): TrainerRecord {
  return parseItem(trainerItemSchema, ENTITY.trainer, item);
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `t_` + 20 base32 characters (100 random bits): not guessable, not derived from the email. */
export function newTrainerId(): string {
  const bytes = randomBytes(13);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 20) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `t_${out}`;
}

/** The sparse due-index attributes: present only for a trainer who is not suppressed and has a next reminder. */
function dueIndexAttributes(trainerId: string, nextReminderOn: CalendarDate | null, suppressed: boolean) {
  return nextReminderOn !== null && !suppressed
    ? { dueShard: dueShardKey(dueShardNumber(trainerId)), dueOn: nextReminderOn }
    : undefined;
}

export interface CreateTrainerInput {
  /** Normally the id reserved on the pending sign-up, so a retried confirmation lands on the same trainer. */
  readonly trainerId: string;
  readonly email: string;
  readonly name: string;
  readonly profile: TrainerProfile;
  readonly nextReminderOn: CalendarDate | null;
  readonly suppressed?: boolean;
  readonly now: Date;
}

export interface TrainerChanges {
  readonly name?: string;
  readonly profile?: TrainerProfile;
  /** Always required: every write that may change credentials or credits recomputes it with core. */
  readonly nextReminderOn: CalendarDate | null;
  /** Replaces the whole list (the caller prunes keys of finished cycles). */
  readonly remindersSent?: readonly string[];
  /** `false` when the trainer turned reminders back on (a confirmed opt-in); suppressing uses `markSuppressed`. */
  readonly suppressed?: false;
  /** Replaces the trainer's cadence choice and snoozes (the caller keeps what still applies). */
  readonly reminderSettings?: StoredReminderSettings;
}

export function createTrainerRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  /** Conditional put: throws ItemAlreadyExistsError when the trainer id is taken. */
  async function create(input: CreateTrainerInput): Promise<TrainerRecord> {
    const at = input.now.toISOString();
    const suppressed = input.suppressed ?? false;
    const item = {
      ...keys.trainer(input.trainerId),
      entity: ENTITY.trainer,
      version: TRAINER_VERSION,
      trainerId: input.trainerId,
      email: input.email.trim(),
      name: input.name,
      profile: input.profile,
      ...(input.nextReminderOn !== null ? { nextReminderOn: input.nextReminderOn } : {}),
      suppressed,
      remindersSent: [],
      revision: 1,
      createdAt: at,
      updatedAt: at,
      ...dueIndexAttributes(input.trainerId, input.nextReminderOn, suppressed),
    };
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ItemAlreadyExistsError(ENTITY.trainer);
      throw error;
    }
    return trainerFromItem(item);
  }

  async function get(trainerId: string): Promise<TrainerRecord | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.trainer(trainerId), ConsistentRead: true }),
    );
    return Item ? trainerFromItem(Item) : undefined;
  }

  /**
   * Writes `changes` on top of `current` if nobody wrote since `current` was read (revision check), and keeps the
   * due index in step. Throws RevisionConflictError otherwise: re-read, recompute with core, try again.
   */
  async function update(current: TrainerRecord, changes: TrainerChanges, now: Date): Promise<TrainerRecord> {
    const set: string[] = ['#updatedAt = :updatedAt', '#revision = :nextRevision'];
    const remove: string[] = [];
    const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#revision': 'revision' };
    const values: Record<string, unknown> = {
      ':updatedAt': now.toISOString(),
      ':nextRevision': current.revision + 1,
      ':expectedRevision': current.revision,
    };
    const assign = (attribute: string, value: unknown) => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      set.push(`#${attribute} = :${attribute}`);
    };
    const drop = (attribute: string) => {
      names[`#${attribute}`] = attribute;
      remove.push(`#${attribute}`);
    };
    if (changes.name !== undefined) assign('name', changes.name);
    if (changes.profile !== undefined) assign('profile', changes.profile);
    if (changes.remindersSent !== undefined) assign('remindersSent', [...changes.remindersSent]);
    if (changes.nextReminderOn !== null) assign('nextReminderOn', changes.nextReminderOn);
    else drop('nextReminderOn');
    if (changes.suppressed !== undefined) assign('suppressed', changes.suppressed);
    if (changes.reminderSettings !== undefined) assign('reminderSettings', changes.reminderSettings);
    const due = dueIndexAttributes(current.trainerId, changes.nextReminderOn, changes.suppressed ?? current.suppressed);
    if (due) {
      assign('dueShard', due.dueShard);
      assign('dueOn', due.dueOn);
    } else {
      drop('dueShard');
      drop('dueOn');
    }
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.trainer(current.trainerId),
          UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND #revision = :expectedRevision',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return trainerFromItem(Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new RevisionConflictError(ENTITY.trainer, current.revision);
      throw error;
    }
  }

  /**
   * Marks the trainer suppressed and takes them out of the due index in the same single-item write (no revision
   * check: suppression always wins). Returns false when no such trainer exists.
   */
  async function markSuppressed(trainerId: string, now: Date): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.trainer(trainerId),
          UpdateExpression: 'SET #suppressed = :true, #updatedAt = :now ADD #revision :one REMOVE #dueShard, #dueOn',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: {
            '#suppressed': 'suppressed',
            '#updatedAt': 'updatedAt',
            '#revision': 'revision',
            '#dueShard': 'dueShard',
            '#dueOn': 'dueOn',
          },
          ExpressionAttributeValues: { ':true': true, ':now': now.toISOString(), ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  return { create, get, update, markSuppressed };
}

export type TrainerRepository = ReturnType<typeof createTrainerRepository>;
