/**
 * `npm run scan -- --force`: lets a developer run a day again on the local stack. It lives here, in the local
 * control action, and not in the reminder run: the deployed Lambda must have no input that re-opens a finished day.
 */
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../../functions/adapters/dynamodb/errors.js';
import { keys } from '../../functions/adapters/dynamodb/keys.js';

export type ForcedRerun =
  /** The day's completed run record was deleted: the run that follows starts the day from the beginning. */
  | { readonly cleared: true; readonly completedAt: string }
  /**
   * Nothing deleted. `no-run`: the day never ran, so it runs as usual. `not-completed`: a run holds the day or
   * stopped part-way; its record (lease and cursors) is left alone so a live run keeps its lease and a stopped
   * one is resumed from where it stopped, exactly as without --force.
   */
  | { readonly cleared: false; readonly reason: 'no-run' | 'not-completed' };

/**
 * Deletes the run checkpoint of `runDate` when, and only when, it records a completed run. The whole item goes,
 * not just `completedAt`: its per-shard cursors all say `done`, so keeping them would re-run nothing.
 */
export async function clearCompletedRun(
  client: DynamoDBDocumentClient,
  tableName: string,
  runDate: string,
): Promise<ForcedRerun> {
  const key = keys.runCheckpoint(runDate);
  try {
    const { Attributes } = await client.send(
      new DeleteCommand({
        TableName: tableName,
        Key: key,
        ConditionExpression: 'attribute_exists(completedAt)',
        ReturnValues: 'ALL_OLD',
      }),
    );
    return { cleared: true, completedAt: String(Attributes?.completedAt ?? '') };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return { cleared: false, reason: Item === undefined ? 'no-run' : 'not-completed' };
}

/** The one line `npm run scan -- --force` prints (stderr) about what it cleared before the run. */
export function describeForcedRerun(forced: ForcedRerun, runDate: string): string {
  if (forced.cleared) {
    return `--force: deleted the completed run of ${runDate} (completed ${forced.completedAt}); ran the day again from the start.`;
  }
  return forced.reason === 'no-run'
    ? `--force: ${runDate} had not run yet; nothing to clear, ran it as usual.`
    : `--force: the run of ${runDate} has not completed (running, or stopped part-way); nothing cleared.`;
}
