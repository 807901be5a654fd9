import { createHash } from 'node:crypto';
import { canonicalMailbox } from './address-variants.js';
import { DUE_INDEX_SHARD_COUNT } from './table-definition.js';

/**
 * Every key template of the single table, in one place (see docs/data-model.md). Repositories never build a
 * `pk`/`sk` string themselves, so a key change is a change to this file and its tests.
 */

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** The `entity` attribute of every item; `version` is the item shape's schema version for later migrations. */
export const ENTITY = {
  trainer: 'Trainer',
  emailClaim: 'EmailClaim',
  pendingSignup: 'PendingSignup',
  usedToken: 'UsedToken',
  suppression: 'Suppression',
  delivery: 'WebhookDelivery',
  quarantine: 'QuarantinedDelivery',
  unclaimedCompletion: 'UnclaimedCompletion',
  provider: 'Provider',
  reminder: 'ReminderLedgerEntry',
  runCheckpoint: 'RunCheckpoint',
  statusLinkRequest: 'StatusLinkRequest',
  signupEmailHold: 'SignupEmailHold',
  sourceIpWindow: 'SourceIpWindow',
  calendarFeed: 'CalendarFeed',
  trainerCalendarFeed: 'TrainerCalendarFeed',
  shareLink: 'ShareLink',
  shareLinkPointer: 'ShareLinkPointer',
  shareViewWindow: 'ShareViewWindow',
  team: 'Team',
  teamMember: 'TeamMember',
  teamMembership: 'TeamMembership',
  teamInvitation: 'TeamInvitation',
  teamInvitationPointer: 'TeamInvitationPointer',
  teamDeparture: 'TeamDeparture',
  teamDigest: 'TeamDigest',
  teamWebhookEndpoint: 'TeamWebhookEndpoint',
  teamWebhookEndpointPointer: 'TeamWebhookEndpointPointer',
  teamWebhookLog: 'TeamWebhookLog',
} as const;

export type EntityName = (typeof ENTITY)[keyof typeof ENTITY];

/** Lower case and trimmed: the one normalisation used for every email-keyed item. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Stable shard of the due index for a trainer: a hash, so shards fill evenly whatever the id alphabet. */
export function dueShardNumber(trainerId: string): number {
  return createHash('sha256').update(trainerId, 'utf8').digest().readUInt32BE(0) % DUE_INDEX_SHARD_COUNT;
}

/** `DUE#<n>`: partition of the `byDue` index holding due trainers. */
export function dueShardKey(shard: number): string {
  return `DUE#${shard}`;
}

export const TRAINER_PREFIX = 'TRAINER#';
export const REMINDER_PREFIX = 'REMINDER#';
export const UNCLAIMED_COMPLETION_PREFIX = 'COMPLETION#';
export const PROVIDER_SK_PREFIX = 'PROVIDER#';
const SUPPRESSION_PREFIX = 'SUPPRESSION#';
const SUPPRESSION_ADDRESS_PREFIX = 'ADDRESS#';
/** The trainer's share links sort under this prefix in their partition (ADR 0031). */
export const SHARE_LINK_PREFIX = 'SHARE#';
/**
 * Team roster (ADR 0033). `TEAM#<teamId>` sorts a team in the registry (`TEAMS`), a trainer's membership in their
 * partition and an invitation in its address's partition; the team's own partition holds its members, invitations,
 * departures and digest ledger under the prefixes below.
 */
export const TEAM_PREFIX = 'TEAM#';
export const TEAM_MEMBER_PREFIX = 'MEMBER#';
export const TEAM_INVITATION_PREFIX = 'INVITE#';
export const TEAM_DEPARTURE_PREFIX = 'LEFT#';
export const TEAM_DIGEST_PREFIX = 'DIGEST#';
/** Status-change webhooks (ADR 0035), in the team's partition: endpoints and the delivery log. */
export const TEAM_WEBHOOK_PREFIX = 'WEBHOOK#';
export const TEAM_WEBHOOK_LOG_PREFIX = 'WHLOG#';

/** The identity of one reminder: trainer × credential code × cycle (its expiry date) × milestone. */
export interface ReminderKey {
  readonly trainerId: string;
  readonly code: string;
  readonly cycleExpiresOn: string;
  readonly milestoneId: string;
}

/** Key segments are joined with `#`, so a segment containing `#` would make two keys collide. */
function segment(name: string, value: string): string {
  if (value.length === 0 || value.includes('#')) {
    throw new KeySegmentError(name, value);
  }
  return value;
}

export class KeySegmentError extends Error {
  override readonly name = 'KeySegmentError';
  readonly code = 'dynamodb.key-segment-invalid';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field}: must be non-empty and contain no '#' (got ${JSON.stringify(value.slice(0, 80))})`);
  }
}

export const keys = {
  trainer: (trainerId: string): ItemKey => ({
    pk: `${TRAINER_PREFIX}${segment('trainerId', trainerId)}`,
    sk: 'PROFILE',
  }),
  trainerPartition: (trainerId: string): string => `${TRAINER_PREFIX}${segment('trainerId', trainerId)}`,
  emailClaim: (email: string): ItemKey => ({ pk: `EMAIL#${normaliseEmail(email)}`, sk: 'TRAINER' }),
  pendingSignup: (email: string): ItemKey => ({ pk: `SIGNUP#${normaliseEmail(email)}`, sk: 'PENDING' }),
  /** Only the token id's hash is stored: the table never holds a usable token. */
  usedToken: (tokenId: string): ItemKey => ({ pk: `TOKEN#${sha256Hex(tokenId)}`, sk: 'USED' }),
  /**
   * Suppressions live in one partition per mailbox (ADR 0027): the canonical mailbox (address-variants.ts), so one
   * read finds what any spelling of the inbox unsubscribed, bounced or complained; one item per address recorded.
   */
  suppressionPartition: (email: string): string => `${SUPPRESSION_PREFIX}${canonicalMailbox(email)}`,
  suppression: (email: string): ItemKey => ({
    pk: `${SUPPRESSION_PREFIX}${canonicalMailbox(email)}`,
    sk: `${SUPPRESSION_ADDRESS_PREFIX}${normaliseEmail(email)}`,
  }),
  /**
   * Where a suppression was stored before ADR 0027: keyed by the address as typed. Still read (and deleted on
   * erasure and resubscribe); never written. For an address that is its own mailbox it shares the partition above.
   */
  legacySuppression: (email: string): ItemKey => ({
    pk: `${SUPPRESSION_PREFIX}${normaliseEmail(email)}`,
    sk: 'SUPPRESSION',
  }),
  delivery: (providerId: string, webhookId: string): ItemKey => ({
    pk: `DELIVERY#${segment('providerId', providerId)}#${webhookId}`,
    sk: 'DELIVERY',
  }),
  quarantinePartition: (providerId: string): string => `QUARANTINE#${segment('providerId', providerId)}`,
  quarantine: (providerId: string, receivedAt: Date, webhookId: string): ItemKey => ({
    pk: `QUARANTINE#${segment('providerId', providerId)}`,
    sk: `${receivedAt.toISOString()}#${webhookId}`,
  }),
  unclaimedPartition: (email: string): string => `UNCLAIMED#${normaliseEmail(email)}`,
  unclaimedCompletion: (email: string, providerId: string, webhookId: string): ItemKey => ({
    pk: `UNCLAIMED#${normaliseEmail(email)}`,
    sk: `${UNCLAIMED_COMPLETION_PREFIX}${segment('providerId', providerId)}#${webhookId}`,
  }),
  /** All providers share one small partition so the operator CLI can list them with a Query, never a Scan. */
  providerPartition: 'PROVIDERS',
  provider: (providerId: string): ItemKey => ({
    pk: 'PROVIDERS',
    sk: `${PROVIDER_SK_PREFIX}${segment('providerId', providerId)}`,
  }),
  reminder: (key: ReminderKey): ItemKey => ({
    pk: `${TRAINER_PREFIX}${segment('trainerId', key.trainerId)}`,
    sk: reminderSortKey(key),
  }),
  runCheckpoint: (runDate: string): ItemKey => ({ pk: `RUN#${segment('runDate', runDate)}`, sk: 'CHECKPOINT' }),
  /**
   * Only a hash is stored: the item holds no address in clear and needs no erasure. The hash is of the canonical
   * mailbox (address-variants.ts), so `+tag` and Gmail-dot variants share the one-per-hour limit.
   */
  statusLinkRequest: (email: string): ItemKey => ({
    pk: `STATUSLINK#${sha256Hex(canonicalMailbox(email))}`,
    sk: 'LAST_SENT',
  }),
  /** The one-per-24-h sign-up email of a mailbox, shared by its variants; a hash, as for the status link. */
  signupEmailHold: (email: string): ItemKey => ({
    pk: `SIGNUPMAIL#${sha256Hex(canonicalMailbox(email))}`,
    sk: 'LAST_SENT',
  }),
  /**
   * Sign-up and status-link requests from one source network in one fixed window (`windowStart`, epoch seconds).
   * The network is hashed so no address sits in a key in clear (it is short-lived, not anonymous: see ADR 0024).
   */
  sourceIpWindow: (network: string, windowStart: number): ItemKey => ({
    pk: `SOURCEIP#${sha256Hex(segment('network', network))}`,
    sk: `WINDOW#${windowStart}`,
  }),
  /**
   * A calendar feed id → its trainer. Keyed by the id's hash, like a used token, so a key seen in monitoring is not a
   * working feed URL.
   */
  calendarFeed: (feedId: string): ItemKey => ({ pk: `CALFEED#${sha256Hex(segment('feedId', feedId))}`, sk: 'FEED' }),
  /** The trainer's side of their feed: the current id, and retired ids whose pointers may still need deleting. */
  trainerCalendarFeed: (trainerId: string): ItemKey => ({
    pk: `${TRAINER_PREFIX}${segment('trainerId', trainerId)}`,
    sk: 'CALENDAR_FEED',
  }),
  /**
   * A share link's reference: the SHA-256 of its id. Only this is stored (ADR 0031), so no key, item or export holds a
   * working link; the trainer's revoke form names a link by it.
   */
  shareLinkRef: (linkId: string): string => sha256Hex(segment('linkId', linkId)),
  /** The trainer's side of one share link: what it shows, until when, its views; listed from the partition. */
  shareLink: (trainerId: string, linkRef: string): ItemKey => ({
    pk: `${TRAINER_PREFIX}${segment('trainerId', trainerId)}`,
    sk: `${SHARE_LINK_PREFIX}${segment('linkRef', linkRef)}`,
  }),
  /** A share link's reference → its trainer: the one thing `GET /verify/{link}` can look up. */
  shareLinkPointer: (linkRef: string): ItemKey => ({ pk: `SHARELINK#${segment('linkRef', linkRef)}`, sk: 'LINK' }),
  /** Requests for one share link in one fixed window (`windowStart`, epoch seconds): the per-link limit. */
  shareViewWindow: (linkRef: string, windowStart: number): ItemKey => ({
    pk: `SHAREVIEWS#${segment('linkRef', linkRef)}`,
    sk: `WINDOW#${windowStart}`,
  }),
  /** Every team shares one small registry partition, so the monthly digest and the CLI list them with a Query. */
  teamsPartition: 'TEAMS',
  team: (teamId: string): ItemKey => ({ pk: 'TEAMS', sk: `${TEAM_PREFIX}${segment('teamId', teamId)}` }),
  /** A team's own partition: its members, invitations, departures and monthly digests. */
  teamPartition: (teamId: string): string => `${TEAM_PREFIX}${segment('teamId', teamId)}`,
  /** The team's side of a membership: who accepted (the roster reads the trainer's record live). */
  teamMember: (teamId: string, trainerId: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_MEMBER_PREFIX}${segment('trainerId', trainerId)}`,
  }),
  /** The trainer's side of a membership, in their partition, so export and erasure find it there. */
  teamMembership: (trainerId: string, teamId: string): ItemKey => ({
    pk: `${TRAINER_PREFIX}${segment('trainerId', trainerId)}`,
    sk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
  }),
  /** An invitation as the team keeps it; keyed by `teamInvitationRef` of the address, which the item holds. */
  teamInvitation: (teamId: string, inviteRef: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_INVITATION_PREFIX}${segment('inviteRef', inviteRef)}`,
  }),
  /** The invitations waiting for one address: what its trainer's status page reads. */
  teamInvitationsPartition: (email: string): string => `TEAMINVITE#${normaliseEmail(email)}`,
  teamInvitationPointer: (email: string, teamId: string): ItemKey => ({
    pk: `TEAMINVITE#${normaliseEmail(email)}`,
    sk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
  }),
  /** "A member left": keyed by a hash of the membership, so writing it twice (a retried erasure) writes it once. */
  teamDeparture: (teamId: string, departureRef: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_DEPARTURE_PREFIX}${segment('departureRef', departureRef)}`,
  }),
  /** The claim of one month's digest (`YYYY-MM`): sent at most once per team and month. */
  teamDigest: (teamId: string, month: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_DIGEST_PREFIX}${segment('month', month)}`,
  }),
  /** One status-change webhook endpoint of a team: its URL, secrets and state (ADR 0035). */
  teamWebhookEndpoint: (teamId: string, endpointId: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_WEBHOOK_PREFIX}${segment('endpointId', endpointId)}`,
  }),
  /** An endpoint id → its team, so the CLI's rotate, remove and enable need only the id it printed. */
  teamWebhookEndpointPointer: (endpointId: string): ItemKey => ({
    pk: `WEBHOOKENDPOINT#${segment('endpointId', endpointId)}`,
    sk: 'ENDPOINT',
  }),
  /** One event's delivery to one endpoint: status, attempts, last error (the manager's delivery log). */
  teamWebhookLog: (teamId: string, endpointId: string, eventId: string): ItemKey => ({
    pk: `${TEAM_PREFIX}${segment('teamId', teamId)}`,
    sk: `${TEAM_WEBHOOK_LOG_PREFIX}${segment('endpointId', endpointId)}#${segment('eventId', eventId)}`,
  }),
} as const;

/** An invitation's reference: the SHA-256 of the normalised address (the manager's withdraw form names it by this). */
export function teamInvitationRef(email: string): string {
  return sha256Hex(normaliseEmail(email));
}

/** `REMINDER#<code>#<cycle expiresOn>#<milestoneId>`: also the compact form kept in a trainer's `remindersSent`. */
export function reminderSortKey(key: Omit<ReminderKey, 'trainerId'>): string {
  return `${REMINDER_PREFIX}${segment('code', key.code)}#${segment('cycleExpiresOn', key.cycleExpiresOn)}#${segment('milestoneId', key.milestoneId)}`;
}

/** Inverse of `reminderSortKey`, for rows read back from the trainer partition. */
export function parseReminderSortKey(sk: string): Omit<ReminderKey, 'trainerId'> | undefined {
  if (!sk.startsWith(REMINDER_PREFIX)) return undefined;
  const parts = sk.slice(REMINDER_PREFIX.length).split('#');
  const [code, cycleExpiresOn, milestoneId] = parts;
  if (parts.length !== 3 || !code || !cycleExpiresOn || !milestoneId) return undefined;
  return { code, cycleExpiresOn, milestoneId };
}
