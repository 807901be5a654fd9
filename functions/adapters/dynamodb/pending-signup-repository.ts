import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TrainerProfile } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem, trainerProfileSchema } from './item-schema.js';
import { ENTITY, keys, normaliseEmail } from './keys.js';
import { newTrainerId } from './trainer-repository.js';
import { epochSeconds, epochSecondsFrom, isLive, TTL_DAYS } from './ttl.js';

/** A sign-up waiting for its address to be confirmed. Nothing but the confirmation email goes to it. */
export interface PendingSignup {
  readonly email: string;
  /** Reserved at the first submission and kept across re-submissions, so a retried confirmation is idempotent. */
  readonly trainerId: string;
  readonly name: string;
  readonly profile: TrainerProfile;
  /** Hash of the nonce carried by the most recently emailed confirmation token. */
  readonly nonceHash?: string;
  readonly confirmationEmailSentAt?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** TTL, epoch seconds, at most 7 days after the latest submission. */
  readonly expiresAt: number;
}

const PENDING_SIGNUP_VERSION = 1;
const CONFIRMATION_EMAIL_INTERVAL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a confirmation whose send outcome is unknown (an SES 5xx or timeout) holds the address: long enough
 * for a message SES did accept to arrive, short enough that a lost sign-up can be retried the same hour.
 */
export const UNKNOWN_OUTCOME_HOLD_MS = 15 * 60 * 1000;

const pendingSignupSchema = z.object({
  entity: z.literal(ENTITY.pendingSignup),
  version: z.literal(PENDING_SIGNUP_VERSION),
  email: z.string().check(z.minLength(1)),
  trainerId: z.string().check(z.minLength(1)),
  name: z.string(),
  profile: trainerProfileSchema,
  nonceHash: z.exactOptional(z.string()),
  confirmationEmailSentAt: z.exactOptional(isoInstant),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  expiresAt: epochSecondsSchema,
});

function pendingSignupFromItem(item: unknown): PendingSignup {
  const { entity: _entity, version: _version, ...record } = parseItem(pendingSignupSchema, ENTITY.pendingSignup, item);
  return record;
}

export interface SavePendingSignupInput {
  readonly email: string;
  readonly name: string;
  readonly profile: TrainerProfile;
  readonly now: Date;
}

export function createPendingSignupRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  /**
   * Stores (or refreshes) the pending sign-up. A new one takes the submitted name and profile; a live one keeps its
   * own (they change only with a newly emailed link, `claimConfirmationEmail`), so whoever types the address cannot
   * rewrite what the owner's live link confirms. The reserved trainer id, nonce and throttle timestamp are kept and
   * the TTL is refreshed. An expired leftover (TTL not yet swept) is replaced, not revived.
   */
  async function save(input: SavePendingSignupInput): Promise<PendingSignup> {
    const nowEpoch = epochSeconds(input.now);
    const at = input.now.toISOString();
    const expiresAt = epochSecondsFrom(input.now, TTL_DAYS.pendingSignup);
    for (let round = 0; ; round += 1) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.pendingSignup(input.email),
            UpdateExpression:
              'SET entity = :entity, version = :version, email = :email, #name = if_not_exists(#name, :name), ' +
              'profile = if_not_exists(profile, :profile), ' +
              'updatedAt = :now, expiresAt = :expiresAt, trainerId = if_not_exists(trainerId, :trainerId), ' +
              'createdAt = if_not_exists(createdAt, :now)',
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt > :nowEpoch',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: {
              ':entity': ENTITY.pendingSignup,
              ':version': PENDING_SIGNUP_VERSION,
              ':email': normaliseEmail(input.email),
              ':name': input.name,
              ':profile': input.profile,
              ':now': at,
              ':expiresAt': expiresAt,
              ':trainerId': newTrainerId(),
              ':nowEpoch': nowEpoch,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return pendingSignupFromItem(Attributes);
      } catch (error) {
        if (!isConditionalCheckFailed(error) || round >= 1) throw error;
      }
      const fresh = {
        ...keys.pendingSignup(input.email),
        entity: ENTITY.pendingSignup,
        version: PENDING_SIGNUP_VERSION,
        email: normaliseEmail(input.email),
        trainerId: newTrainerId(),
        name: input.name,
        profile: input.profile,
        createdAt: at,
        updatedAt: at,
        expiresAt,
      };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: fresh,
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :nowEpoch',
            ExpressionAttributeValues: { ':nowEpoch': nowEpoch },
          }),
        );
        return pendingSignupFromItem(fresh);
      } catch (error) {
        // Someone else replaced the expired leftover first: go round once more and update theirs.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  }

  /** The live pending sign-up for the address; expired items are treated as absent. */
  async function get(email: string, now: Date): Promise<PendingSignup | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.pendingSignup(email), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const record = pendingSignupFromItem(Item);
    return isLive(record.expiresAt, now) ? record : undefined;
  }

  /**
   * "May I send the confirmation email now?" Atomically records the send, the new token's nonce hash and — when
   * given — the submission's name and profile, if no confirmation email went to this address in the last 24 h. The
   * data and the link that confirms it are written together, so a link only ever confirms what was submitted with
   * it. True: send it. False: send nothing (and nothing changed).
   */
  async function claimConfirmationEmail(
    email: string,
    nonceHash: string,
    now: Date,
    content?: { readonly name: string; readonly profile: TrainerProfile },
  ): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.pendingSignup(email),
          UpdateExpression: `SET confirmationEmailSentAt = :now, nonceHash = :nonceHash${content ? ', #name = :name, profile = :profile' : ''}`,
          ConditionExpression:
            'attribute_exists(pk) AND expiresAt > :nowEpoch AND ' +
            '(attribute_not_exists(confirmationEmailSentAt) OR confirmationEmailSentAt <= :dayAgo)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':nonceHash': nonceHash,
            ':nowEpoch': epochSeconds(now),
            ':dayAgo': new Date(now.getTime() - CONFIRMATION_EMAIL_INTERVAL_MS).toISOString(),
            ...(content ? { ':name': content.name, ':profile': content.profile } : {}),
          },
          ...(content ? { ExpressionAttributeNames: { '#name': 'name' } } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Shortens the 24-hour slot to {@link UNKNOWN_OUTCOME_HOLD_MS} when SES may or may not have accepted the email: a
   * second link a quarter of an hour later costs less than a sign-up lost for a day.
   */
  async function shortenConfirmationHold(email: string, nonceHash: string, now: Date): Promise<boolean> {
    const reopensAt = now.getTime() + UNKNOWN_OUTCOME_HOLD_MS;
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.pendingSignup(email),
          UpdateExpression: 'SET confirmationEmailSentAt = :backdated',
          ConditionExpression: 'nonceHash = :nonceHash',
          ExpressionAttributeValues: {
            ':nonceHash': nonceHash,
            ':backdated': new Date(reopensAt - CONFIRMATION_EMAIL_INTERVAL_MS).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Undoes `claimConfirmationEmail` when the send itself failed, so the next submission may try again. */
  async function releaseConfirmationEmail(email: string, nonceHash: string): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.pendingSignup(email),
          UpdateExpression: 'REMOVE confirmationEmailSentAt, nonceHash',
          ConditionExpression: 'nonceHash = :nonceHash',
          ExpressionAttributeValues: { ':nonceHash': nonceHash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async function remove(email: string): Promise<void> {
    await client.send(new DeleteCommand({ TableName: tableName, Key: keys.pendingSignup(email) }));
  }

  return { save, get, claimConfirmationEmail, shortenConfirmationHold, releaseConfirmationEmail, delete: remove };
}

export type PendingSignupRepository = ReturnType<typeof createPendingSignupRepository>;
