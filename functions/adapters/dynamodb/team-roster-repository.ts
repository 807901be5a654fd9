import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import {
  ENTITY,
  type ItemKey,
  keys,
  sha256Hex,
  TEAM_DEPARTURE_PREFIX,
  TEAM_INVITATION_PREFIX,
  TEAM_MEMBER_PREFIX,
  TEAM_PREFIX,
  teamInvitationRef,
} from './keys.js';
import { queryAll } from './query-all.js';
import { epochSeconds, epochSecondsFrom, isLive } from './ttl.js';

/**
 * Who is in a team and who was asked (ADR 0033). Conditional single-item writes, no transactions (ADR 0006); each
 * change writes its items in the order that leaves the actor's own view for last, so the one who acts can simply act
 * again after a failure:
 * - an invitation is two items: the team's (`TEAM#<id>` / `INVITE#<sha256(address)>`, the address as the manager
 *   typed it) and the address's pointer (`TEAMINVITE#<address>` / `TEAM#<id>`), which the trainer's status page reads.
 *   Nothing about the address is looked up: the manager never learns whether it belongs to a Recert trainer.
 * - a membership is two items: the trainer's (`TRAINER#<id>` / `TEAM#<id>`, in their partition, so export and erasure
 *   find it) and the team's (`TEAM#<id>` / `MEMBER#<trainerId>`), which the roster lists.
 * - a departure (`TEAM#<id>` / `LEFT#<ref>`) tells the manager a member left; it holds no trainer id.
 */

const ROSTER_VERSION = 1;

/** An invitation waits this long for an answer, then ends (and can be sent again). */
export const INVITATION_DAYS = 30;
/** "A member left" stays on the manager's page this long. */
export const DEPARTURE_KEPT_DAYS = 90;

const memberSchema = z.object({
  entity: z.literal(ENTITY.teamMember),
  version: z.literal(ROSTER_VERSION),
  teamId: z.string(),
  trainerId: z.string().check(z.minLength(1)),
  joinedAt: isoInstant,
});

const membershipSchema = z.object({
  entity: z.literal(ENTITY.teamMembership),
  version: z.literal(ROSTER_VERSION),
  teamId: z.string(),
  /** The team's name when the trainer joined: their status page names the team without reading the registry. */
  teamName: z.string(),
  joinedAt: isoInstant,
});

const invitationSchema = z.object({
  entity: z.literal(ENTITY.teamInvitation),
  version: z.literal(ROSTER_VERSION),
  teamId: z.string(),
  /** As the manager typed it (trimmed): they see it in their list of invitations. */
  email: z.string().check(z.minLength(3)),
  invitedAt: isoInstant,
  validUntil: isoInstant,
  /** The trainer said no. The manager's list shows it as not accepted, like any other (ADR 0033). */
  declinedAt: z.exactOptional(isoInstant),
  expiresAt: epochSecondsSchema,
});

const pointerSchema = z.object({
  entity: z.literal(ENTITY.teamInvitationPointer),
  version: z.literal(ROSTER_VERSION),
  teamId: z.string(),
  teamName: z.string(),
  invitedAt: isoInstant,
  validUntil: isoInstant,
  expiresAt: epochSecondsSchema,
});

export const DEPARTURE_REASONS = ['left', 'erased'] as const;

const departureSchema = z.object({
  entity: z.literal(ENTITY.teamDeparture),
  version: z.literal(ROSTER_VERSION),
  leftAt: isoInstant,
  /** `left`: from their status page (the name is kept for the manager); `erased`: deleted their data (no name). */
  reason: z.enum(DEPARTURE_REASONS),
  name: z.exactOptional(z.string()),
  expiresAt: epochSecondsSchema,
});

type Stored<T extends z.ZodMiniType> = Readonly<Omit<z.output<T>, 'entity' | 'version'>>;

export type TeamMember = Stored<typeof memberSchema> & { readonly memberRef: string };
export type TeamMembership = Stored<typeof membershipSchema>;
export type TeamInvitation = Stored<typeof invitationSchema> & { readonly inviteRef: string };
export type TeamInvitationPointer = Stored<typeof pointerSchema>;
export type TeamDeparture = Stored<typeof departureSchema>;

function strip<T extends { entity: unknown; version: unknown }>({ entity: _e, version: _v, ...rest }: T) {
  return rest;
}

/**
 * How the manager's remove form names a member: a hash of team and trainer, so the page never shows a trainer id
 * and a reference from one team names nobody in another.
 */
export function memberRefOf(teamId: string, trainerId: string): string {
  return sha256Hex(`${teamId}#${trainerId}`);
}

export function membershipFromItem(item: unknown): TeamMembership {
  return strip(parseItem(membershipSchema, ENTITY.teamMembership, item));
}

function memberFromItem(item: unknown): TeamMember {
  const member = strip(parseItem(memberSchema, ENTITY.teamMember, item));
  return { ...member, memberRef: memberRefOf(member.teamId, member.trainerId) };
}

function invitationFromItem(item: unknown): TeamInvitation {
  const invitation = strip(parseItem(invitationSchema, ENTITY.teamInvitation, item));
  return { ...invitation, inviteRef: teamInvitationRef(invitation.email) };
}

/** What a team's partition holds for its page (digest claims aside). */
export interface TeamRoster {
  readonly members: readonly TeamMember[];
  /** Live invitations, answered or not. */
  readonly invitations: readonly TeamInvitation[];
  /** Departures of the last DEPARTURE_KEPT_DAYS, newest first. */
  readonly departures: readonly TeamDeparture[];
}

/** `invited`: a new invitation, waiting until `validUntil` (ISO instant); otherwise a live one already waits. */
export type InviteOutcome = { readonly invited: true; readonly validUntil: string } | { readonly invited: false };
export type AcceptOutcome = 'joined' | 'ended';

export function createTeamRosterRepository({
  client,
  tableName,
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
}) {
  const put = (Item: Record<string, unknown>, ConditionExpression?: string, values?: Record<string, unknown>) =>
    client.send(
      new PutCommand({
        TableName: tableName,
        Item,
        ...(ConditionExpression ? { ConditionExpression } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  const remove = (key: ItemKey) => client.send(new DeleteCommand({ TableName: tableName, Key: { ...key } }));
  const getItem = async (key: ItemKey) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;

  /** Writes once: a second write of the same key (a retry) is not an error. */
  async function putOnce(item: Record<string, unknown>): Promise<void> {
    try {
      await put(item, 'attribute_not_exists(pk)');
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Members, live invitations and recent departures: one Query of the team's partition. */
  async function rosterOf(teamId: string, now: Date): Promise<TeamRoster> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamPartition(teamId) },
      ConsistentRead: true,
    });
    const withPrefix = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
    return {
      members: withPrefix(TEAM_MEMBER_PREFIX).map(memberFromItem),
      invitations: withPrefix(TEAM_INVITATION_PREFIX)
        .map(invitationFromItem)
        .filter((invitation) => isLive(invitation.expiresAt, now)),
      departures: withPrefix(TEAM_DEPARTURE_PREFIX)
        .map((item) => strip(parseItem(departureSchema, ENTITY.teamDeparture, item)))
        .filter((departure) => isLive(departure.expiresAt, now))
        .sort((a, b) => b.leftAt.localeCompare(a.leftAt)),
    };
  }

  /**
   * Invites an address: the team's item first (not invited while a live one exists, so a repeated or double
   * post sends one email), then the address's pointer. An ended invitation is replaced.
   */
  async function invite(
    team: { readonly teamId: string; readonly name: string },
    email: string,
    now: Date,
  ): Promise<InviteOutcome> {
    const validUntil = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    const expiresAt = epochSeconds(validUntil);
    const dates = { invitedAt: now.toISOString(), validUntil: validUntil.toISOString(), expiresAt };
    try {
      await put(
        {
          ...keys.teamInvitation(team.teamId, teamInvitationRef(email)),
          entity: ENTITY.teamInvitation,
          version: ROSTER_VERSION,
          teamId: team.teamId,
          email: email.trim(),
          ...dates,
        },
        'attribute_not_exists(pk) OR expiresAt <= :nowEpoch',
        { ':nowEpoch': epochSeconds(now) },
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { invited: false };
      throw error;
    }
    await put({
      ...keys.teamInvitationPointer(email, team.teamId),
      entity: ENTITY.teamInvitationPointer,
      version: ROSTER_VERSION,
      teamId: team.teamId,
      teamName: team.name,
      ...dates,
    });
    return { invited: true, validUntil: dates.validUntil };
  }

  /** The manager takes an invitation back: the pointer first (the trainer stops seeing it), then the team's item. */
  async function withdraw(teamId: string, inviteRef: string): Promise<boolean> {
    const item = await getItem(keys.teamInvitation(teamId, inviteRef));
    if (!item) return false;
    const invitation = invitationFromItem(item);
    await remove(keys.teamInvitationPointer(invitation.email, teamId));
    await remove(keys.teamInvitation(teamId, inviteRef));
    return true;
  }

  /** The invitations waiting for this address, for its trainer's status page. */
  async function invitationsFor(email: string, now: Date): Promise<TeamInvitationPointer[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamInvitationsPartition(email) },
      ConsistentRead: true,
    });
    return items
      .map((item) => strip(parseItem(pointerSchema, ENTITY.teamInvitationPointer, item)))
      .filter((pointer) => isLive(pointer.expiresAt, now))
      .sort((a, b) => a.invitedAt.localeCompare(b.invitedAt));
  }

  /** The teams a trainer belongs to, from their own partition. */
  async function membershipsOf(trainerId: string): Promise<TeamMembership[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.trainerPartition(trainerId), ':prefix': TEAM_PREFIX },
      ConsistentRead: true,
    });
    return items.map(membershipFromItem).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  }

  /**
   * The trainer says yes to an invitation to their own address: their side of the membership first (erasure finds
   * the team's side from it), then the team's side, then the invitation's two items. `ended`: no live invitation.
   */
  async function accept(
    trainer: { readonly trainerId: string; readonly email: string },
    teamId: string,
    now: Date,
  ): Promise<AcceptOutcome> {
    const item = await getItem(keys.teamInvitationPointer(trainer.email, teamId));
    const pointer = item ? strip(parseItem(pointerSchema, ENTITY.teamInvitationPointer, item)) : undefined;
    if (!pointer || !isLive(pointer.expiresAt, now) || pointer.validUntil <= now.toISOString()) return 'ended';
    const joinedAt = now.toISOString();
    await putOnce({
      ...keys.teamMembership(trainer.trainerId, teamId),
      entity: ENTITY.teamMembership,
      version: ROSTER_VERSION,
      teamId,
      teamName: pointer.teamName,
      joinedAt,
    });
    await putOnce({
      ...keys.teamMember(teamId, trainer.trainerId),
      entity: ENTITY.teamMember,
      version: ROSTER_VERSION,
      teamId,
      trainerId: trainer.trainerId,
      joinedAt,
    });
    await remove(keys.teamInvitation(teamId, teamInvitationRef(trainer.email)));
    await remove(keys.teamInvitationPointer(trainer.email, teamId));
    return 'joined';
  }

  /**
   * The trainer says no: the pointer goes (their page stops showing it); the team's item stays until it ends, marked
   * declined, and looks to the manager like any invitation not accepted, so a "no" tells them nothing an unanswered
   * invitation would not. It also keeps a repeated invitation from emailing them again before then.
   */
  async function decline(email: string, teamId: string, now: Date): Promise<void> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamInvitation(teamId, teamInvitationRef(email)),
          UpdateExpression: 'SET declinedAt = :now',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    await remove(keys.teamInvitationPointer(email, teamId));
  }

  const departureRef = (trainerId: string, membership: TeamMembership) =>
    sha256Hex(`${trainerId}#${membership.teamId}#${membership.joinedAt}`);

  /** "A member left", once per membership, however often it is written. `name` only when the trainer left themselves. */
  async function recordDeparture(
    trainerId: string,
    membership: TeamMembership,
    departure: { readonly reason: (typeof DEPARTURE_REASONS)[number]; readonly name?: string },
    now: Date,
  ): Promise<void> {
    await putOnce({
      ...keys.teamDeparture(membership.teamId, departureRef(trainerId, membership)),
      entity: ENTITY.teamDeparture,
      version: ROSTER_VERSION,
      leftAt: now.toISOString(),
      reason: departure.reason,
      ...(departure.name === undefined ? {} : { name: departure.name }),
      expiresAt: epochSecondsFrom(now, DEPARTURE_KEPT_DAYS),
    });
  }

  /**
   * The trainer leaves a team from their status page: the departure, then the team's side (the manager stops seeing
   * them), then their own side. `not-member`: nothing to leave.
   */
  async function leave(
    trainer: { readonly trainerId: string; readonly name: string },
    teamId: string,
    now: Date,
  ): Promise<'left' | 'not-member'> {
    const item = await getItem(keys.teamMembership(trainer.trainerId, teamId));
    if (!item) return 'not-member';
    const membership = membershipFromItem(item);
    await recordDeparture(trainer.trainerId, membership, { reason: 'left', name: trainer.name }, now);
    await remove(keys.teamMember(teamId, trainer.trainerId));
    await remove(keys.teamMembership(trainer.trainerId, teamId));
    return 'left';
  }

  /**
   * Erasure: every team the trainer belongs to learns that a member left (no name), and loses its side of the
   * membership. The trainer's own sides go with the rest of their partition (data-subject.ts), after this.
   */
  async function leaveEveryTeam(trainerId: string, now: Date): Promise<number> {
    const memberships = await membershipsOf(trainerId);
    for (const membership of memberships) {
      await recordDeparture(trainerId, membership, { reason: 'erased' }, now);
      await remove(keys.teamMember(membership.teamId, trainerId));
    }
    return memberships.length;
  }

  /**
   * The manager removes a member, named by its reference: the trainer's side first, then the team's (the manager's
   * own view), so a failure leaves the member listed and the manager can remove them again. False: no such member.
   */
  async function removeMember(teamId: string, memberRef: string, now: Date): Promise<boolean> {
    const { members } = await rosterOf(teamId, now);
    const member = members.find((candidate) => candidate.memberRef === memberRef);
    if (!member) return false;
    await remove(keys.teamMembership(member.trainerId, teamId));
    await remove(keys.teamMember(teamId, member.trainerId));
    return true;
  }

  return {
    rosterOf,
    invite,
    withdraw,
    invitationsFor,
    membershipsOf,
    accept,
    decline,
    leave,
    leaveEveryTeam,
    removeMember,
  };
}

export type TeamRosterRepository = ReturnType<typeof createTeamRosterRepository>;
