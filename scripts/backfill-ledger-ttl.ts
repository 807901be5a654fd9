/**
 * `npm run recert -- backfill-ledger-ttl`: gives reminder-ledger rows written before ledger rows had a TTL (ADR 0023)
 * the `expiresAt` that `ledger.claim` writes, `ledgerExpiresAt(cycle, claimedAt)`: what the row would carry had the
 * TTL existed at its last claim. An operator job, run once per stage (docs/deploy.md); the deployed functions never
 * scan the table, this does, page by page.
 *
 * Idempotent and safe beside a live run: each write is conditional on the row still existing and still having no
 * TTL, so a row claimed meanwhile (which sets its own) or erased meanwhile is left alone, and running it twice sets
 * nothing the second time. Resumable: every page ends with the cursor to pass as --start-after.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isCalendarDate } from '../core/index.js';
import { isConditionalCheckFailed } from '../functions/adapters/dynamodb/errors.js';
import { ENTITY, REMINDER_PREFIX } from '../functions/adapters/dynamodb/keys.js';
import { ledgerExpiresAt } from '../functions/adapters/dynamodb/reminder-ledger-repository.js';
import { epochSeconds } from '../functions/adapters/dynamodb/ttl.js';
import { createDocumentClient } from '../functions/common/clients.js';

export const BACKFILL_USAGE = `Usage: npm run recert -- backfill-ledger-ttl --table NAME [flags]
Sets the TTL (expiresAt) on reminder-ledger rows that have none, as ledger.claim sets it now. Safe to run while
the stage is live and to run again; prints progress per page on stderr and a summary (JSON) on stdout.
  --table NAME         the Recert table (the stateful stack's TableName output)
  --region REGION      AWS region (default: AWS_REGION); AWS credentials come from the usual AWS CLI chain
  --endpoint URL       a local DynamoDB instead of AWS (dynalite, DynamoDB Local)
  --dry-run            read and count only; write nothing
  --page-size N        items read per Scan page, 1-1000 (default 500)
  --max-pages N        stop after N pages and print where to resume
  --start-after CURSOR resume after the page that printed this cursor
Exit codes: 0 done (or stopped at --max-pages), 1 failed (resume from the last cursor printed), 2 bad usage.`;

export interface BackfillOptions {
  readonly dryRun: boolean;
  readonly pageSize: number;
  readonly maxPages?: number;
  /** A cursor a previous page printed (`encodeCursor`). */
  readonly startAfter?: Record<string, unknown>;
  /** The time used to tell which TTLs are already past (DynamoDB removes those rows within about two days). */
  readonly now: Date;
  readonly onPage?: (progress: BackfillProgress) => void;
}

export interface BackfillCounts {
  /** Items the Scan read (every family: the filter applies after the read). */
  readonly read: number;
  /** Ledger rows found without a TTL. */
  readonly missing: number;
  /** TTLs written (with --dry-run: that would have been written). */
  readonly set: number;
  /** Of those, TTLs already in the past: DynamoDB deletes these rows within about two days. */
  readonly expiringAtOnce: number;
  /** Rows that got a TTL or were deleted between the read and the write (a claim, an erasure): left alone. */
  readonly changedMeanwhile: number;
  /** Rows whose `cycleExpiresOn` or `claimedAt` is not readable: left alone, keys listed on stderr. */
  readonly unreadable: number;
}

export interface BackfillProgress extends BackfillCounts {
  readonly page: number;
  /** Pass as --start-after to continue after this page; absent once the whole table has been read. */
  readonly cursor?: string;
  readonly unreadableKeys: readonly string[];
}

export interface BackfillSummary extends BackfillCounts {
  readonly dryRun: boolean;
  readonly pages: number;
  /** True when the whole table was read; false when --max-pages stopped it (resume with `cursor`). */
  readonly complete: boolean;
  readonly cursor?: string;
}

export class BackfillUsageError extends Error {
  override readonly name = 'BackfillUsageError';
  readonly code = 'cli.usage';
}

/** A LastEvaluatedKey as one shell-safe word. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key === 'object' && key !== null && typeof (key as { pk?: unknown }).pk === 'string') {
      return key as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  throw new BackfillUsageError(`--start-after: not a cursor this command printed (got ${JSON.stringify(cursor)})`);
}

/** Writes at once per page: enough to finish a large table in minutes, few enough not to crowd a live run. */
const WRITES_IN_FLIGHT = 8;

type RowOutcome = 'set' | 'changed-meanwhile';

async function setTtl(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: unknown; sk: unknown },
  expiresAt: number,
): Promise<RowOutcome> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(expiresAt)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt },
      }),
    );
    return 'set';
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'changed-meanwhile';
    throw error;
  }
}

/** The TTL `ledger.claim` writes for this row, or undefined when the row does not say enough to compute it. */
function expiresAtOf(item: Record<string, unknown>): number | undefined {
  const { cycleExpiresOn, claimedAt } = item;
  if (typeof cycleExpiresOn !== 'string' || !isCalendarDate(cycleExpiresOn)) return undefined;
  if (typeof claimedAt !== 'string' || Number.isNaN(Date.parse(claimedAt))) return undefined;
  return ledgerExpiresAt({ cycleExpiresOn }, new Date(claimedAt));
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** Reads the table page by page and sets the TTL on every ledger row without one. */
export async function backfillLedgerTtl(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: BackfillOptions,
): Promise<BackfillSummary> {
  const totals = { read: 0, missing: 0, set: 0, expiringAtOnce: 0, changedMeanwhile: 0, unreadable: 0 };
  let cursor = options.startAfter;
  let pages = 0;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        Limit: options.pageSize,
        // Only what computing the TTL needs: no address, no profile leaves the table.
        ProjectionExpression: 'pk, sk, cycleExpiresOn, claimedAt',
        FilterExpression: 'entity = :entity AND begins_with(sk, :reminder) AND attribute_not_exists(expiresAt)',
        ExpressionAttributeValues: { ':entity': ENTITY.reminder, ':reminder': REMINDER_PREFIX },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    pages += 1;
    const rows = page.Items ?? [];
    const unreadableKeys: string[] = [];
    const writable: { key: { pk: unknown; sk: unknown }; expiresAt: number }[] = [];
    for (const row of rows) {
      const expiresAt = expiresAtOf(row);
      if (expiresAt === undefined) unreadableKeys.push(`${String(row.pk)} ${String(row.sk)}`);
      else writable.push({ key: { pk: row.pk, sk: row.sk }, expiresAt });
    }
    const outcomes = options.dryRun
      ? writable.map((): RowOutcome => 'set')
      : await inBatches(writable, WRITES_IN_FLIGHT, (row) => setTtl(client, tableName, row.key, row.expiresAt));
    const nowSeconds = epochSeconds(options.now);
    const counts: BackfillCounts = {
      read: page.ScannedCount ?? rows.length,
      missing: rows.length,
      set: outcomes.filter((outcome) => outcome === 'set').length,
      expiringAtOnce: writable.filter((row, i) => outcomes[i] === 'set' && row.expiresAt <= nowSeconds).length,
      changedMeanwhile: outcomes.filter((outcome) => outcome === 'changed-meanwhile').length,
      unreadable: unreadableKeys.length,
    };
    for (const name of Object.keys(totals) as (keyof BackfillCounts)[]) totals[name] += counts[name];
    cursor = page.LastEvaluatedKey;
    options.onPage?.({ page: pages, ...counts, unreadableKeys, ...(cursor ? { cursor: encodeCursor(cursor) } : {}) });
  } while (cursor && (options.maxPages === undefined || pages < options.maxPages));
  return {
    dryRun: options.dryRun,
    pages,
    ...totals,
    complete: cursor === undefined,
    ...(cursor ? { cursor: encodeCursor(cursor) } : {}),
  };
}

interface BackfillFlags {
  table?: string;
  region?: string;
  endpoint?: string;
  dryRun: boolean;
  pageSize: number;
  maxPages?: number;
  startAfter?: Record<string, unknown>;
}

function positiveInteger(flag: string, value: string, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) {
    throw new BackfillUsageError(`${flag}: a whole number from 1 to ${max} (got ${JSON.stringify(value)})`);
  }
  return number;
}

export function parseBackfillArgs(args: readonly string[]): BackfillFlags & { readonly table: string } {
  const flags: BackfillFlags = { dryRun: false, pageSize: 500 };
  const seen = new Set<string>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === undefined) continue;
    if (seen.has(flag)) throw new BackfillUsageError(`${flag}: given more than once`);
    seen.add(flag);
    if (flag === '--dry-run') {
      if (inline !== undefined) throw new BackfillUsageError(`--dry-run: takes no value (got ${JSON.stringify(arg)})`);
      flags.dryRun = true;
      continue;
    }
    if (!['--table', '--region', '--endpoint', '--page-size', '--max-pages', '--start-after'].includes(flag)) {
      throw new BackfillUsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
    const value = inline ?? args[++index];
    if (value === undefined || value.trim() === '') throw new BackfillUsageError(`${flag}: missing value`);
    if (flag === '--table') flags.table = value;
    else if (flag === '--region') flags.region = value;
    else if (flag === '--endpoint') {
      if (!/^https?:\/\/[^\s]+$/.test(value)) {
        throw new BackfillUsageError(`--endpoint: not an http(s) URL (got ${JSON.stringify(value)})`);
      }
      flags.endpoint = value;
    } else if (flag === '--page-size') flags.pageSize = positiveInteger(flag, value, 1000);
    else if (flag === '--max-pages') flags.maxPages = positiveInteger(flag, value, 1_000_000);
    else flags.startAfter = decodeCursor(value);
  }
  const { table } = flags;
  if (table === undefined) throw new BackfillUsageError('--table: required (the Recert table name)');
  return { ...flags, table };
}

export interface BackfillCliContext {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  /** Progress lines (stderr by default), written as each page ends so an interrupted run still shows its cursor. */
  readonly progress?: (line: string) => void;
  readonly connect?: (connection: { region: string; endpoint?: string }) => DynamoDBDocumentClient;
}

export interface BackfillCliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function describePage(progress: BackfillProgress, dryRun: boolean): string {
  const verb = dryRun ? 'would set' : 'set';
  const parts = [
    `page ${progress.page}: read ${progress.read}, ${progress.missing} ledger rows without a TTL, ${verb} ${progress.set}`,
    ...(progress.expiringAtOnce > 0
      ? [`${progress.expiringAtOnce} of them already past (deleted within ~2 days)`]
      : []),
    ...(progress.changedMeanwhile > 0 ? [`${progress.changedMeanwhile} changed meanwhile, left alone`] : []),
    ...(progress.unreadable > 0 ? [`${progress.unreadable} unreadable: ${progress.unreadableKeys.join('; ')}`] : []),
  ];
  const next = progress.cursor ? `resume with --start-after ${progress.cursor}` : 'end of table';
  return `${parts.join('; ')} · ${next}`;
}

function defaultConnect(connection: { region: string; endpoint?: string }): DynamoDBDocumentClient {
  return createDocumentClient({
    AWS_REGION: connection.region,
    ...(connection.endpoint ? { DYNAMODB_ENDPOINT: connection.endpoint } : {}),
  });
}

/** The CLI, without touching process state (tests call it directly). */
export async function runBackfillLedgerTtlCli(
  args: readonly string[],
  context: BackfillCliContext = {},
): Promise<BackfillCliResult> {
  if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, stdout: `${BACKFILL_USAGE}\n`, stderr: '' };
  let flags: ReturnType<typeof parseBackfillArgs>;
  let region: string;
  try {
    flags = parseBackfillArgs(args);
    const configured = flags.region ?? (context.env ?? process.env).AWS_REGION;
    if (configured === undefined && flags.endpoint === undefined) {
      throw new BackfillUsageError('--region: required (or set AWS_REGION)');
    }
    region = configured ?? 'us-east-1';
  } catch (error) {
    if (!(error instanceof BackfillUsageError)) throw error;
    return { exitCode: 2, stdout: '', stderr: `backfill-ledger-ttl: ${error.message}\n\n${BACKFILL_USAGE}\n` };
  }
  const progress = context.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const client = (context.connect ?? defaultConnect)({
    region,
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
  });
  let lastCursor: string | undefined = args.find((_, i) => args[i - 1] === '--start-after');
  try {
    const summary = await backfillLedgerTtl(client, flags.table, {
      dryRun: flags.dryRun,
      pageSize: flags.pageSize,
      now: context.now ?? new Date(),
      ...(flags.maxPages === undefined ? {} : { maxPages: flags.maxPages }),
      ...(flags.startAfter === undefined ? {} : { startAfter: flags.startAfter }),
      onPage: (page) => {
        lastCursor = page.cursor;
        progress(describePage(page, flags.dryRun));
      },
    });
    return { exitCode: 0, stdout: `${JSON.stringify(summary, null, 2)}\n`, stderr: '' };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const resume = lastCursor
      ? ` Nothing is lost: resume with --start-after ${lastCursor}`
      : ' Nothing is lost: run it again.';
    return { exitCode: 1, stdout: '', stderr: `backfill-ledger-ttl: stopped (${message}).${resume}\n` };
  } finally {
    client.destroy();
  }
}
