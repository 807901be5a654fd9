import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys, SHARE_LINK_PREFIX } from './keys.js';
import { queryAll } from './query-all.js';
import { epochSeconds, epochSecondsFrom, isLive } from './ttl.js';

/**
 * A trainer's verification links (ADR 0031). Two items per link, written with conditional single-item writes (no
 * transactions, ADR 0006), both keyed by the link's reference (the SHA-256 of its id), never by the id itself:
 * - the trainer's side `TRAINER#<id>` / `SHARE#<ref>`: which certifications it shows, until when, whether it was turned
 *   off, and its views. One Query lists them; the view counter and the revocation are single-item updates on it, so a
 *   revocation stops the very next view.
 * - the pointer `SHARELINK#<ref>` → trainer id: the one thing `GET /verify/{link}` can look up.
 */

const SHARE_LINK_VERSION = 1;

/** 24 random bytes as base64url: 192 bits in 32 characters that each carry 6 full bits, so each id has one spelling. */
export const SHARE_LINK_ID_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newShareLinkId(): string {
  return randomBytes(24).toString('base64url');
}

/** A link that ended (turned off or expired) still answers 410 and stays in the trainer's list this long, then goes. */
export const ENDED_LINK_KEPT_DAYS = 90;

const linkRef = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'not a link reference'));

const shareLinkSchema = z.object({
  entity: z.literal(ENTITY.shareLink),
  version: z.literal(SHARE_LINK_VERSION),
  linkRef,
  /** Certification codes, as the trainer chose them; the page shows those the record still holds. */
  codes: z.array(z.string().check(z.minLength(1))),
  /** Who the trainer made it for, in their words; only the trainer sees it. */
  label: z.exactOptional(z.string()),
  createdAt: isoInstant,
  /** Absent: works until turned off. */
  validUntil: z.exactOptional(isoInstant),
  revokedAt: z.exactOptional(isoInstant),
  views: z.number().check(z.int(), z.gte(0)),
  lastViewedAt: z.exactOptional(isoInstant),
  /** TTL: set once the end is known (the link's expiry, or its revocation) plus ENDED_LINK_KEPT_DAYS. */
  expiresAt: z.exactOptional(epochSecondsSchema),
});

const pointerSchema = z.object({
  entity: z.literal(ENTITY.shareLinkPointer),
  version: z.literal(SHARE_LINK_VERSION),
  trainerId: z.string().check(z.minLength(1)),
  createdAt: isoInstant,
  expiresAt: z.exactOptional(epochSecondsSchema),
});

export type ShareLink = Readonly<z.output<typeof shareLinkSchema>>;

/** The trainer's side of a link, read back from the trainer partition (erasure and export find it there). */
export function shareLinkFromItem(item: unknown): ShareLink {
  return parseItem(shareLinkSchema, ENTITY.shareLink, item);
}

export type ShareLinkState = 'live' | 'revoked' | 'expired';

/** The one rule of when a link answers; `recordView`'s condition says the same in DynamoDB's words. */
export function shareLinkState(link: ShareLink, now: Date): ShareLinkState {
  if (link.revokedAt !== undefined) return 'revoked';
  if (link.validUntil !== undefined && link.validUntil <= now.toISOString()) return 'expired';
  return 'live';
}

/** A link as the trainer's list shows it: its stored side and whether it still answers. */
export interface ShareLinkListing extends ShareLink {
  readonly state: ShareLinkState;
}

export interface NewShareLink {
  readonly codes: readonly string[];
  readonly label?: string | undefined;
  /** Undefined: until the trainer turns it off. */
  readonly validUntil?: Date | undefined;
}

/** What a view found: the link (its views already counted), a link that ended, or nothing at all. */
export type ViewOutcome =
  | { readonly kind: 'live'; readonly link: ShareLink }
  | { readonly kind: 'ended' }
  | { readonly kind: 'unknown' };

export function createShareLinkRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  async function get(trainerId: string, ref: string, now: Date): Promise<ShareLink | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.shareLink(trainerId, ref), ConsistentRead: true }),
    );
    const link = Item ? shareLinkFromItem(Item) : undefined;
    return link && isLive(link.expiresAt, now) ? link : undefined;
  }

  /**
   * A new link: the trainer's side first, so whatever pointer exists, erasure finds it from the trainer's partition;
   * then the pointer. Returns the id, the only time it exists outside the trainer's browser.
   */
  async function create(
    trainerId: string,
    link: NewShareLink,
    now: Date,
  ): Promise<{ readonly linkId: string; readonly link: ShareLink }> {
    const linkId = newShareLinkId();
    const ref = keys.shareLinkRef(linkId);
    const createdAt = now.toISOString();
    const expiresAt =
      link.validUntil === undefined ? undefined : epochSecondsFrom(link.validUntil, ENDED_LINK_KEPT_DAYS);
    const side = {
      entity: ENTITY.shareLink,
      version: SHARE_LINK_VERSION,
      linkRef: ref,
      codes: [...link.codes],
      ...(link.label ? { label: link.label } : {}),
      createdAt,
      ...(link.validUntil ? { validUntil: link.validUntil.toISOString() } : {}),
      views: 0,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.shareLink(trainerId, ref), ...side },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.shareLinkPointer(ref),
          entity: ENTITY.shareLinkPointer,
          version: SHARE_LINK_VERSION,
          trainerId,
          createdAt,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { linkId, link: shareLinkFromItem(side) };
  }

  /** Every link the trainer made that is still kept (live, or ended less than ENDED_LINK_KEPT_DAYS ago). */
  async function listForTrainer(trainerId: string, now: Date): Promise<ShareLinkListing[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.trainerPartition(trainerId), ':prefix': SHARE_LINK_PREFIX },
      ConsistentRead: true,
    });
    return items
      .map(shareLinkFromItem)
      .filter((link) => isLive(link.expiresAt, now))
      .map((link) => ({ ...link, state: shareLinkState(link, now) }));
  }

  /**
   * Turns a link off: the trainer's side first (the next view finds it revoked), then the pointer's TTL, so both go
   * ENDED_LINK_KEPT_DAYS later. Keyed by the trainer id from the status token: nobody turns off another's link.
   */
  async function revoke(trainerId: string, ref: string, now: Date): Promise<'revoked' | 'not-live'> {
    const expiresAt = epochSecondsFrom(now, ENDED_LINK_KEPT_DAYS);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.shareLink(trainerId, ref),
          UpdateExpression: 'SET #revokedAt = :now, #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#revokedAt)',
          ExpressionAttributeNames: { '#revokedAt': 'revokedAt', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':expiresAt': expiresAt },
        }),
      );
    } catch (error) {
      // Already off (a double click), or no such link of this trainer's: nothing to do either way.
      if (isConditionalCheckFailed(error)) return 'not-live';
      throw error;
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.shareLinkPointer(ref),
          UpdateExpression: 'SET #expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':expiresAt': expiresAt },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    return 'revoked';
  }

  /** The trainer and reference a link id names, or undefined for a malformed, unknown or long-ended one. */
  async function find(linkId: string, now: Date): Promise<{ trainerId: string; ref: string } | undefined> {
    if (!SHARE_LINK_ID_PATTERN.test(linkId)) return undefined;
    const ref = keys.shareLinkRef(linkId);
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.shareLinkPointer(ref), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const pointer = parseItem(pointerSchema, ENTITY.shareLinkPointer, Item);
    return isLive(pointer.expiresAt, now) ? { trainerId: pointer.trainerId, ref } : undefined;
  }

  /**
   * Counts a view of a live link and returns it, in one conditional update: a link turned off or expired is not
   * counted and answers `ended`; one the trainer's partition no longer holds (erased) answers `unknown`.
   */
  async function recordView(trainerId: string, ref: string, now: Date): Promise<ViewOutcome> {
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.shareLink(trainerId, ref),
          UpdateExpression: 'ADD #views :one SET #lastViewedAt = :now',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(#revokedAt) AND ' +
            '(attribute_not_exists(#validUntil) OR #validUntil > :now) AND ' +
            '(attribute_not_exists(#expiresAt) OR #expiresAt > :nowEpoch)',
          ExpressionAttributeNames: {
            '#views': 'views',
            '#lastViewedAt': 'lastViewedAt',
            '#revokedAt': 'revokedAt',
            '#validUntil': 'validUntil',
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString(), ':nowEpoch': epochSeconds(now) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'live', link: shareLinkFromItem(Attributes) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    // dynalite ignores ReturnValuesOnConditionCheckFailure: read the item back to tell "ended" from "gone".
    return (await get(trainerId, ref, now)) ? { kind: 'ended' } : { kind: 'unknown' };
  }

  return { create, get, listForTrainer, revoke, find, recordView };
}

export type ShareLinkRepository = ReturnType<typeof createShareLinkRepository>;
