import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from '../../common/zod.js';
import { isConditionalCheckFailed } from './errors.js';
import { epochSecondsSchema, isoInstant, parseItem } from './item-schema.js';
import { ENTITY, keys } from './keys.js';
import { epochSecondsFrom } from './ttl.js';

/**
 * The monthly digest's ledger (ADR 0033), the reminder ledger's claim pattern at its simplest: one row per team and
 * month (`TEAM#<id>` / `DIGEST#<YYYY-MM>`), claimed with a conditional write before the email is sent and marked sent
 * after. A second run, a retried event or a second invocation finds the row and sends nothing. A claim is given back
 * only when SES surely sent nothing; a send whose outcome is unknown keeps its claim, so a month's digest goes out at
 * most once, and exactly once unless the send itself was lost.
 */

const DIGEST_VERSION = 1;
/** Rows are kept a little over a year: what was sent this month last year, for support. */
const DIGEST_KEPT_DAYS = 400;

const digestSchema = z.object({
  entity: z.literal(ENTITY.teamDigest),
  version: z.literal(DIGEST_VERSION),
  month: z.string(),
  status: z.enum(['SENDING', 'SENT']),
  runId: z.string(),
  claimedAt: isoInstant,
  messageId: z.exactOptional(z.string()),
  sentAt: z.exactOptional(isoInstant),
  expiresAt: epochSecondsSchema,
});

export type TeamDigestEntry = Readonly<Omit<z.output<typeof digestSchema>, 'entity' | 'version'>>;

export function createTeamDigestLedger({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }) {
  async function get(teamId: string, month: string): Promise<TeamDigestEntry | undefined> {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: keys.teamDigest(teamId, month), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { entity: _e, version: _v, ...entry } = parseItem(digestSchema, ENTITY.teamDigest, Item);
    return entry;
  }

  /**
   * True when this run may send the month's digest: no row existed. Otherwise another run has it or had it; a claim
   * whose send never settled (a crash between SES and `markSent`) is never taken again: at most once beats twice.
   */
  async function claim(teamId: string, month: string, runId: string, now: Date): Promise<boolean> {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.teamDigest(teamId, month),
          UpdateExpression:
            'SET entity = :entity, version = :version, #month = :month, #status = :sending, runId = :runId, ' +
            'claimedAt = :now, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_not_exists(pk)',
          ExpressionAttributeNames: { '#month': 'month', '#status': 'status' },
          ExpressionAttributeValues: {
            ':entity': ENTITY.teamDigest,
            ':version': DIGEST_VERSION,
            ':month': month,
            ':sending': 'SENDING',
            ':runId': runId,
            ':now': now.toISOString(),
            ':expiresAt': epochSecondsFrom(now, DIGEST_KEPT_DAYS),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async function markSent(teamId: string, month: string, messageId: string, now: Date): Promise<void> {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.teamDigest(teamId, month),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':messageId': messageId, ':now': now.toISOString() },
      }),
    );
  }

  /** Gives a claim back when SES surely sent nothing, so a later run (the next day of the window) sends it. */
  async function release(teamId: string, month: string, runId: string): Promise<void> {
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: keys.teamDigest(teamId, month),
          ConditionExpression: '#status = :sending AND runId = :runId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'SENDING', ':runId': runId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  return { get, claim, markSent, release };
}

export type TeamDigestLedger = ReturnType<typeof createTeamDigestLedger>;
