import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mentionsAddress } from './address-mentions.js';
import { feedIdsOf, trainerCalendarFeedFromItem } from './calendar-feed-repository.js';
import { UnprocessedItemsError } from './errors.js';
import { type ItemKey, keys, PROVIDER_SK_PREFIX, SHARE_LINK_PREFIX, TEAM_PREFIX } from './keys.js';
import { queryAll } from './query-all.js';
import { trainerFromItem } from './trainer-repository.js';

/** A stored item as DynamoDB holds it (every family carries `entity` and `version`). */
export type StoredItem = Readonly<Record<string, unknown>>;

export interface TrainerExport {
  readonly trainerId: string;
  /** Every item held about the trainer: profile, reminder ledger, email claim, pending sign-up, suppression,
   * unclaimed completions, calendar feed (both sides), share links (both sides), team memberships (both sides) and
   * team invitations waiting for their address, and quarantined deliveries whose body or headers mention their
   * address. Used-token,
   * delivery and checkpoint items hold no personal data and are not keyed to a trainer (see docs/data-model.md). */
  readonly items: readonly StoredItem[];
}

const BATCH_LIMIT = 25;
const MAX_BATCH_ROUNDS = 8;

function quarantineMentions(item: StoredItem, email: string): boolean {
  const headers = typeof item.headers === 'object' && item.headers !== null ? Object.values(item.headers) : [];
  return [item.body, ...headers].some((value) => typeof value === 'string' && mentionsAddress(value, email));
}

/**
 * Data-subject access and erasure (GDPR Art. 15/17): find every item about a trainer through the keys the data
 * model derives from the trainer id and their address, plus the quarantined deliveries that mention the address,
 * with Queries and GetItems only (never a Scan).
 */
export function createDataSubjectOperations({
  client,
  tableName,
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
}: {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Backoff between BatchWriteItem rounds; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}) {
  async function queryAllConsistent(input: Omit<QueryCommandInput, 'TableName'>): Promise<StoredItem[]> {
    return queryAll(client, { ...input, TableName: tableName, ConsistentRead: true });
  }

  async function getOne(key: ItemKey): Promise<StoredItem | undefined> {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item;
  }

  /**
   * Quarantined deliveries are keyed by provider, not by learner, so they are found by reading every provider's
   * quarantine partition (Query, never Scan) and keeping those that mention the address. That stays cheap because
   * quarantined rows are rare (each one raises an alarm) and expire after 90 days; rows past their TTL that
   * DynamoDB has not removed yet are still held, so they count. Providers are never removed from the registry, so
   * every quarantine partition is reachable from it (quarantining needs a registered provider's signature).
   */
  async function quarantinedMentioning(email: string): Promise<StoredItem[]> {
    const providers = await queryAllConsistent({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      // Only the id: the export and delete functions have no business reading provider secrets.
      ProjectionExpression: 'providerId',
      ExpressionAttributeValues: { ':pk': keys.providerPartition, ':prefix': PROVIDER_SK_PREFIX },
    });
    const providerIds = providers.flatMap((item) => (typeof item.providerId === 'string' ? [item.providerId] : []));
    const partitions = await Promise.all(
      providerIds.map((providerId) =>
        queryAllConsistent({
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.quarantinePartition(providerId) },
        }),
      ),
    );
    return partitions.flat().filter((item) => quarantineMentions(item, email));
  }

  /** The calendar feed pointers (ADR 0026), found from the trainer's side of the feed in their partition. */
  async function feedPointers(partition: readonly StoredItem[], trainerId: string): Promise<StoredItem[]> {
    const side = partition.find((item) => item.sk === keys.trainerCalendarFeed(trainerId).sk);
    if (!side) return [];
    const pointers = await Promise.all(
      feedIdsOf(trainerCalendarFeedFromItem(side)).map((id) => getOne(keys.calendarFeed(id))),
    );
    return pointers.filter((item): item is StoredItem => item !== undefined && item.trainerId === trainerId);
  }

  /** The share links' pointers (ADR 0031), found from each link's side in the trainer's partition (sk = SHARE#<ref>). */
  async function sharePointers(partition: readonly StoredItem[], trainerId: string): Promise<StoredItem[]> {
    const refs = partition.flatMap((item) =>
      String(item.sk).startsWith(SHARE_LINK_PREFIX) ? [String(item.sk).slice(SHARE_LINK_PREFIX.length)] : [],
    );
    const pointers = await Promise.all(refs.map((ref) => getOne(keys.shareLinkPointer(ref))));
    return pointers.filter((item): item is StoredItem => item !== undefined && item.trainerId === trainerId);
  }

  /** The teams' sides of the trainer's memberships (ADR 0033), found from their side (sk = TEAM#<teamId>). */
  async function teamMembers(partition: readonly StoredItem[], trainerId: string): Promise<StoredItem[]> {
    const teamIds = partition.flatMap((item) =>
      String(item.sk).startsWith(TEAM_PREFIX) ? [String(item.sk).slice(TEAM_PREFIX.length)] : [],
    );
    const members = await Promise.all(teamIds.map((teamId) => getOne(keys.teamMember(teamId, trainerId))));
    return members.filter((item): item is StoredItem => item !== undefined);
  }

  async function collect(trainerId: string): Promise<StoredItem[]> {
    const partition = await queryAllConsistent({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.trainerPartition(trainerId) },
    });
    // Pointers go before the partition: deleted first, they never outlive the side that leads to them.
    const pointers = [
      ...(await feedPointers(partition, trainerId)),
      ...(await sharePointers(partition, trainerId)),
      ...(await teamMembers(partition, trainerId)),
    ];
    const profile = partition.find((item) => item.sk === keys.trainer(trainerId).sk);
    if (!profile) return [...pointers, ...partition];
    const { email } = trainerFromItem(profile);
    // Suppressions: only those recorded for this address (ADR 0027); another spelling's stays with its mailbox.
    const [claim, pending, suppression, oldFormSuppression, unclaimed, quarantined, invitations] = await Promise.all([
      getOne(keys.emailClaim(email)),
      getOne(keys.pendingSignup(email)),
      getOne(keys.suppression(email)),
      getOne(keys.legacySuppression(email)),
      queryAllConsistent({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.unclaimedPartition(email) },
      }),
      quarantinedMentioning(email),
      queryAllConsistent({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.teamInvitationsPartition(email) },
      }),
    ]);
    // The address might have been claimed again by someone else after a delete; only our own claim is ours.
    const ownClaim = claim && claim.trainerId === trainerId ? [claim] : [];
    return [
      ...ownClaim,
      ...(pending ? [pending] : []),
      ...(suppression ? [suppression] : []),
      ...(oldFormSuppression ? [oldFormSuppression] : []),
      ...unclaimed,
      ...quarantined,
      ...invitations,
      ...pointers,
      ...partition,
    ];
  }

  async function exportTrainer(trainerId: string): Promise<TrainerExport> {
    return { trainerId, items: await collect(trainerId) };
  }

  /**
   * Deletes every item `exportTrainer` returns; the items that lead to others (the profile to the address-keyed
   * items, the feed's, the share links' and the team memberships' trainer sides to their other sides) go last, in
   * batches of their own with the profile in the very last, so an interrupted delete can be re-run. Returns how many
   * items were deleted.
   */
  async function deleteTrainer(trainerId: string): Promise<number> {
    const items = await collect(trainerId);
    const profileSk = keys.trainer(trainerId).sk;
    const leadSks = new Set([profileSk, keys.trainerCalendarFeed(trainerId).sk]);
    const leads = (item: StoredItem) =>
      item.pk === keys.trainerPartition(trainerId) &&
      (leadSks.has(String(item.sk)) ||
        String(item.sk).startsWith(SHARE_LINK_PREFIX) ||
        String(item.sk).startsWith(TEAM_PREFIX));
    const keysOf = (list: readonly StoredItem[]) => list.map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    const rest = keysOf(items.filter((item) => !leads(item)));
    // Chunks are sent in order, and the leads only after every other batch went through.
    for (let i = 0; i < rest.length; i += BATCH_LIMIT) {
      await deleteBatch(rest.slice(i, i + BATCH_LIMIT));
    }
    const profileLast = (item: StoredItem) => (item.sk === profileSk ? 1 : 0);
    const last = keysOf(items.filter(leads).sort((a, b) => profileLast(a) - profileLast(b)));
    // In order: the profile, sorted to the end, is in the last batch sent.
    for (let i = 0; i < last.length; i += BATCH_LIMIT) {
      await deleteBatch(last.slice(i, i + BATCH_LIMIT));
    }
    return rest.length + last.length;
  }

  async function deleteBatch(batch: readonly ItemKey[]): Promise<void> {
    let requests: { DeleteRequest: { Key: Record<string, unknown> } }[] = batch.map((key) => ({
      DeleteRequest: { Key: { ...key } },
    }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round >= MAX_BATCH_ROUNDS) throw new UnprocessedItemsError(requests.length);
      if (round > 0) await sleep(Math.min(50 * 2 ** round, 2_000));
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
      );
    }
  }

  return { exportTrainer, deleteTrainer };
}

export type DataSubjectOperations = ReturnType<typeof createDataSubjectOperations>;
