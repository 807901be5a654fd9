/**
 * `GET /__local/stats` on the local stack: the operator dashboard's figures (infra/constructs/operator-dashboard.ts)
 * read straight from the local stack, so a developer sees them without AWS. A plain HTML page, no script.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dueTrainers } from '../../functions/adapters/dynamodb/due-index.js';
import { ENTITY } from '../../functions/adapters/dynamodb/keys.js';
import { escapeHtml } from '../../functions/common/escape-html.js';

/** What the last reminder run this stack fired answered (the handler's result), or how it failed. */
export type LastRun =
  | { readonly time: string; readonly result: unknown }
  | { readonly time: string; readonly failure: string };

export interface LocalStats {
  readonly today: string;
  /** Trainers the due index holds for `today` (catch-up included), as the run would read them. */
  readonly dueTrainers: number;
  /** Due-index items that are not valid trainers: the run would skip them. */
  readonly invalidDueItems: number;
  readonly emailsInMailbox: number;
  readonly lastRun: LastRun | undefined;
  readonly suppressions: number;
  /** Webhook delivery records by how they ended (`in progress` while a request holds one). */
  readonly webhookDeliveries: Readonly<Record<string, number>>;
}

export interface LocalStatsSources {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly emailsInMailbox: () => Promise<number>;
  readonly lastRun: () => LastRun | undefined;
}

async function countDue(sources: LocalStatsSources, today: string) {
  let due = 0;
  let invalid = 0;
  for await (const page of dueTrainers({ client: sources.documents, tableName: sources.tableName, asOf: today })) {
    due += page.trainers.length;
    invalid += page.invalid.length;
  }
  return { due, invalid };
}

/**
 * Suppressions and webhook deliveries by outcome. A Scan, unlike anything the functions do: suppressions live in one
 * partition per mailbox, so only a full read counts them, and the local table is a developer's handful of items.
 */
async function countRecords(sources: LocalStatsSources) {
  let suppressions = 0;
  const webhookDeliveries: Record<string, number> = {};
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await sources.documents.send(
      new ScanCommand({
        TableName: sources.tableName,
        FilterExpression: 'entity IN (:suppression, :delivery)',
        ProjectionExpression: 'entity, #status, outcome',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':suppression': ENTITY.suppression, ':delivery': ENTITY.delivery },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (item.entity === ENTITY.suppression) suppressions += 1;
      else {
        const outcome = item.status === 'APPLIED' ? String(item.outcome ?? 'applied') : 'in progress';
        webhookDeliveries[outcome] = (webhookDeliveries[outcome] ?? 0) + 1;
      }
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return { suppressions, webhookDeliveries };
}

export async function collectLocalStats(sources: LocalStatsSources, today: string): Promise<LocalStats> {
  const [due, records, emailsInMailbox] = await Promise.all([
    countDue(sources, today),
    countRecords(sources),
    sources.emailsInMailbox(),
  ]);
  return {
    today,
    dueTrainers: due.due,
    invalidDueItems: due.invalid,
    emailsInMailbox,
    lastRun: sources.lastRun(),
    suppressions: records.suppressions,
    webhookDeliveries: records.webhookDeliveries,
  };
}

/** The run summary's counts a developer reads first, in this order, with their labels. */
const RUN_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['status', 'Status'],
  ['trainersRead', 'Due trainers reached'],
  ['emailsSent', 'Emails sent'],
  ['pending', 'Left pending'],
  ['failed', 'Failed'],
  ['suppressed', 'Suppressed'],
  ['continued', 'Handed over to a continuation'],
];

const row = (label: string, value: string | number) =>
  `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(String(value))}</td></tr>`;

const table = (caption: string, rows: readonly string[]) =>
  `<table><caption>${escapeHtml(caption)}</caption>\n${rows.join('\n')}\n</table>`;

function lastRunTable(lastRun: LastRun | undefined): string {
  if (!lastRun) return '<p>No reminder run yet: <code>npm run scan</code> fires one.</p>';
  if ('failure' in lastRun) return table(`Last reminder run (${lastRun.time})`, [row('Failed', lastRun.failure)]);
  const result = (lastRun.result ?? {}) as Record<string, unknown>;
  return table(
    `Last reminder run (${lastRun.time})`,
    RUN_FIELDS.filter(([field]) => field in result).map(([field, label]) => row(label, String(result[field]))),
  );
}

export function renderStatsPage(stats: LocalStats): string {
  const deliveries = Object.entries(stats.webhookDeliveries).sort(([a], [b]) => a.localeCompare(b));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recert local stats</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 40rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1rem 0; width: 100%; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th { text-align: left; font-weight: normal; padding: 0.2rem 1rem 0.2rem 0; }
td { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>Recert local stats</h1>
${table(`Reminders on ${stats.today}`, [
  row('Due trainers', stats.dueTrainers),
  ...(stats.invalidDueItems > 0 ? [row('Due-index items that are not valid trainers', stats.invalidDueItems)] : []),
  row('Emails in the local mailbox', stats.emailsInMailbox),
  row('Suppressed addresses', stats.suppressions),
])}
${lastRunTable(stats.lastRun)}
${
  deliveries.length === 0
    ? '<p>No webhook deliveries yet.</p>'
    : table(
        'Webhook deliveries by outcome',
        deliveries.map(([outcome, count]) => row(outcome, count)),
      )
}
<p>Another day: <code>/__local/stats?today=YYYY-MM-DD</code>.</p>
</body>
</html>
`;
}
