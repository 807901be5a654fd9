import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { ItemAlreadyExistsError, isConditionalCheckFailed } from './errors.js';
import { isoInstant, parseItem } from './item-schema.js';
import {
  ENTITY,
  type ItemKey,
  keys,
  TEAM_INVITATION_PREFIX,
  TEAM_MEMBER_PREFIX,
  TEAM_PREFIX,
  TEAM_WEBHOOK_PREFIX,
} from './keys.js';
import { queryAll } from './query-all.js';

/**
 * The team registry (ADR 0033): one small partition (`TEAMS`), like the provider registry, so the monthly digest and
 * the operator CLI list every team with a Query, never a Scan. A team's members, invitations, departures and digest
 * claims live in its own partition (team-roster-repository.ts, team-digest-ledger.ts); deleting a team removes both.
 */

const TEAM_VERSION = 1;

/** `tm_` + 20 hex characters (80 random bits): an identifier, not a capability (the manager's token is). */
export const TEAM_ID_PATTERN = /^tm_[0-9a-f]{20}$/;

export function newTeamId(): string {
  return `tm_${randomBytes(10).toString('hex')}`;
}

const teamSchema = z.object({
  entity: z.literal(ENTITY.team),
  version: z.literal(TEAM_VERSION),
  teamId: z.string().check(z.regex(TEAM_ID_PATTERN, 'not a team id')),
  name: z.string().check(z.minLength(1)),
  /** Where the sign-in link and the monthly digest go, as the operator typed it (trimmed). */
  managerEmail: z.string().check(z.minLength(3)),
  createdAt: isoInstant,
});

export type Team = Readonly<Omit<z.output<typeof teamSchema>, 'entity' | 'version'>>;

function teamFromItem(item: unknown): Team {
  const { entity: _entity, version: _version, ...team } = parseItem(teamSchema, ENTITY.team, item);
  return team;
}

export interface NewTeam {
  readonly name: string;
  readonly managerEmail: string;
}

/** How many DeleteItems a team deletion sends at once: a bound on the burst, not a correctness limit. */
const DELETE_CONCURRENCY = 25;

export function createTeamRepository({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  async function create(team: NewTeam, now: Date, teamId: string = newTeamId()): Promise<Team> {
    const item = {
      ...keys.team(teamId),
      entity: ENTITY.team,
      version: TEAM_VERSION,
      teamId,
      name: team.name,
      managerEmail: team.managerEmail.trim(),
      createdAt: now.toISOString(),
    };
    try {
      await client.send(
        new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ItemAlreadyExistsError(ENTITY.team);
      throw error;
    }
    return teamFromItem(item);
  }

  async function get(teamId: string): Promise<Team | undefined> {
    if (!TEAM_ID_PATTERN.test(teamId)) return undefined;
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.team(teamId), ConsistentRead: true }),
    );
    return Item ? teamFromItem(Item) : undefined;
  }

  /** Every team, oldest id order (the registry's sort key). */
  async function list(): Promise<Team[]> {
    const items = await queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.teamsPartition, ':prefix': TEAM_PREFIX },
      ConsistentRead: true,
    });
    return items.map(teamFromItem);
  }

  async function deleteAll(itemKeys: readonly ItemKey[]): Promise<void> {
    for (let i = 0; i < itemKeys.length; i += DELETE_CONCURRENCY) {
      await Promise.all(
        itemKeys
          .slice(i, i + DELETE_CONCURRENCY)
          .map((key) => client.send(new DeleteCommand({ TableName: tableName, Key: { ...key } }))),
      );
    }
  }

  /**
   * Deletes the team and everything it holds, in the order that lets a re-run finish what an interrupted one began:
   * first what its partition leads to (each member's side of the membership, each invitation's pointer in its
   * address's partition, each webhook endpoint's pointer), then the partition (webhook endpoints, outbox and delivery
   * log included), then the registry item, which the manager's token is checked against.
   * Returns how many items went.
   */
  async function deleteTeam(teamId: string): Promise<number> {
    const query: QueryCommandInput = {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.teamPartition(teamId) },
      ConsistentRead: true,
    };
    const partition = await queryAll(client, query);
    const sk = (item: Record<string, unknown>) => String(item.sk);
    const leads: ItemKey[] = partition.flatMap((item) => {
      if (sk(item).startsWith(TEAM_MEMBER_PREFIX) && typeof item.trainerId === 'string') {
        return [keys.teamMembership(item.trainerId, teamId)];
      }
      if (sk(item).startsWith(TEAM_INVITATION_PREFIX) && typeof item.email === 'string') {
        return [keys.teamInvitationPointer(item.email, teamId)];
      }
      if (sk(item).startsWith(TEAM_WEBHOOK_PREFIX) && typeof item.endpointId === 'string') {
        return [keys.teamWebhookEndpointPointer(item.endpointId)];
      }
      return [];
    });
    await deleteAll(leads);
    await deleteAll(partition.map((item) => ({ pk: String(item.pk), sk: sk(item) })));
    await deleteAll([keys.team(teamId)]);
    return leads.length + partition.length + 1;
  }

  return { create, get, list, deleteTeam };
}

export type TeamRepository = ReturnType<typeof createTeamRepository>;
