import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidArgumentError, isConditionalCheckFailed } from './errors.js';
import { ENTITY, keys } from './keys.js';
import { epochSeconds, epochSecondsFrom } from './ttl.js';

/**
 * Single-use tokens: the first `consume` of a token id wins with a conditional put, every later one is told it was
 * already used. Only the id's SHA-256 and the purpose are stored, nothing about the trainer, so the item holds no
 * personal data and simply expires with the token.
 */
const USED_TOKEN_VERSION = 1;
/** A used-token record must outlive the token it guards; the TTL sweep may be up to two days late anyway. */
const MAX_TOKEN_LIFETIME_DAYS = 90;

export type ConsumeTokenResult = 'consumed' | 'already-used';

export interface ConsumeTokenInput {
  /** The token's unique id (its nonce); hashed before it is stored. */
  readonly tokenId: string;
  /** The token purpose (`confirm`): kept for operators reading the table. */
  readonly purpose: string;
  /** The token's own expiry; the record is kept until then (+1 day). */
  readonly tokenExpiresAt: Date;
  readonly now: Date;
}

export function createUsedTokenRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function consume(input: ConsumeTokenInput): Promise<ConsumeTokenResult> {
    const latest = epochSecondsFrom(input.now, MAX_TOKEN_LIFETIME_DAYS);
    if (input.tokenExpiresAt.getTime() <= input.now.getTime() || epochSeconds(input.tokenExpiresAt) > latest) {
      throw new InvalidArgumentError('tokenExpiresAt', input.tokenExpiresAt.toISOString(), 'must lie within 90 days');
    }
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.usedToken(input.tokenId),
            entity: ENTITY.usedToken,
            version: USED_TOKEN_VERSION,
            purpose: input.purpose,
            usedAt: input.now.toISOString(),
            expiresAt: epochSecondsFrom(input.tokenExpiresAt, 1),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'consumed';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'already-used';
      throw error;
    }
  }

  return { consume };
}

export type UsedTokenRepository = ReturnType<typeof createUsedTokenRepository>;
