/**
 * Read amplification of the daily reminder run, measured against dynalite: N trainers (1 % due today, the rest due
 * later, as in production), items the run reads per due trainer (the sharded `byDue` index) beside a naive full
 * Scan of the same table in the same process, and how many reminder emails render per second. Prints, never asserts.
 * Targets: reminder-items-read-per-due-trainer ≤ 1.05.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { dueReminders, evaluate, type TrainerProfile } from '../core/index.js';
import { ensureTable } from '../functions/adapters/dynamodb/create-table.js';
import { dueTrainers } from '../functions/adapters/dynamodb/due-index.js';
import { dueShardKey, dueShardNumber, ENTITY, keys } from '../functions/adapters/dynamodb/keys.js';
import { RECERT_TABLE } from '../functions/adapters/dynamodb/table-definition.js';
import { newTrainerId } from '../functions/adapters/dynamodb/trainer-repository.js';
import { renderReminder } from '../functions/adapters/email/index.js';
import { configuredSendQuota } from '../functions/adapters/ses/index.js';
import { createDocumentClient } from '../functions/common/clients.js';
import { createTokenService } from '../functions/common/tokens.js';
import { runReminders } from '../functions/features/reminders/run-reminders.js';
import { REAL_PACING_CLOCK } from '../functions/features/reminders/send-pacing.js';
import { trainerNextReminderOn } from '../functions/record/next-reminder.js';
import { createLinks, createRepositories } from '../functions/wiring/dependencies.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const TARGET_TRAINERS = Number(process.env.RECERT_BENCH_TRAINERS ?? 100_000);
const DUE_SHARE = 0.01;
/** Setup stops adding trainers after this long and the bench reports the real N. */
const SETUP_BUDGET_MS = 120_000;
const AS_OF = '2026-11-21';
const TABLE = 'recert-bench';

const DUE_PROFILE: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' },
    { code: 'CPR-AED', expiresOn: '2027-01-15' },
  ],
  activities: [],
};
const LATER_PROFILE: TrainerProfile = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2026-06-30', expiresOn: '2028-06-30' }],
  activities: [],
};

function trainerItem(due: boolean, at: string) {
  const trainerId = newTrainerId();
  const profile = due ? DUE_PROFILE : LATER_PROFILE;
  const nextReminderOn = trainerNextReminderOn(evaluate(profile, AS_OF), AS_OF, []);
  return {
    ...keys.trainer(trainerId),
    entity: ENTITY.trainer,
    version: 1,
    trainerId,
    email: `${trainerId}@example.com`,
    name: 'Bench Trainer',
    profile,
    ...(nextReminderOn
      ? { nextReminderOn, dueShard: dueShardKey(dueShardNumber(trainerId)), dueOn: nextReminderOn }
      : {}),
    suppressed: false,
    remindersSent: [],
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
}

async function seed(client: DynamoDBDocumentClient): Promise<{ trainers: number; due: number; seconds: number }> {
  const started = performance.now();
  const at = new Date(`${AS_OF}T00:00:00Z`).toISOString();
  const dueEvery = Math.round(1 / DUE_SHARE);
  let written = 0;
  let due = 0;
  const writeBatch = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
      requests = (out.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
    }
  };
  const BATCHES_IN_FLIGHT = 16;
  while (written < TARGET_TRAINERS && performance.now() - started < SETUP_BUDGET_MS) {
    const round: Promise<void>[] = [];
    for (let b = 0; b < BATCHES_IN_FLIGHT && written < TARGET_TRAINERS; b++) {
      const items: Record<string, unknown>[] = [];
      for (let i = 0; i < 25 && written < TARGET_TRAINERS; i++, written++) {
        const isDue = written % dueEvery === 0;
        if (isDue) due++;
        items.push(trainerItem(isDue, at));
      }
      round.push(writeBatch(items));
    }
    await Promise.all(round);
  }
  return { trainers: written, due, seconds: (performance.now() - started) / 1000 };
}

async function naiveScanItemsRead(client: DynamoDBDocumentClient): Promise<{ scanned: number; due: number }> {
  let scanned = 0;
  let due = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'entity = :trainer AND nextReminderOn <= :asOf',
        ExpressionAttributeValues: { ':trainer': ENTITY.trainer, ':asOf': AS_OF },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    scanned += page.ScannedCount ?? 0;
    due += page.Count ?? 0;
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return { scanned, due };
}

function emailsRenderedPerSecond(): number {
  const evaluation = evaluate(DUE_PROFILE, AS_OF);
  const due = dueReminders(evaluation, AS_OF, new Set()).map((r) => ({
    code: r.evaluation.code,
    milestone: r.milestone,
  }));
  const input = {
    trainer: { id: 't_bench', name: 'Bench Trainer' },
    to: 'bench@example.com',
    asOf: AS_OF,
    now: new Date(`${AS_OF}T09:00:00Z`),
    evaluation,
    due,
    links: {
      statusUrl: 'https://recert.example.com/status?token=x',
      unsubscribeUrl: 'https://recert.example.com/unsubscribe?token=x',
    },
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield, IL' },
  };
  for (let i = 0; i < 200; i++) renderReminder(input);
  let rendered = 0;
  const started = performance.now();
  while (performance.now() - started < 2_000) {
    renderReminder(input);
    rendered++;
  }
  return rendered / ((performance.now() - started) / 1000);
}

export async function benchReminderRun(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` });
  try {
    await ensureTable(client, RECERT_TABLE, TABLE);
    const seeded = await seed(client);
    const naive = await naiveScanItemsRead(client);
    const repositories = createRepositories({ client, tableName: TABLE });
    let sends = 0;
    const summary = await runReminders(
      {
        ...repositories,
        readDue: (input) => dueTrainers({ client, tableName: TABLE, ...input }),
        // Sending is not what this measures (SES has its own rate); the run still claims and settles every row.
        mailer: { send: async () => ({ messageId: `bench-${++sends}` }) },
        // Nor is the pace: a quota the token bucket never waits on.
        sendQuota: configuredSendQuota({ maxSendRate: 1e9, max24HourSend: 1e9 }),
        pacingClock: REAL_PACING_CLOCK,
        tokens: createTokenService('bench-signing-key-bench-signing-key-0123'),
        links: createLinks('https://recert.example.com'),
        sender: {
          fromAddress: 'Recert <reminders@recert.example.com>',
          postalAddress: '100 Main Street, Springfield, IL',
        },
        clock: () => new Date(),
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        metric: () => undefined,
      },
      {
        runId: 'bench',
        asOf: AS_OF,
        eventTime: new Date(`${AS_OF}T09:00:00Z`),
        holder: 'bench',
        remainingMs: () => 900_000,
      },
    );
    const dueCount = Math.max(1, summary.trainersRead);
    return [
      { name: 'reminder-run-trainers-in-table', value: seeded.trainers, unit: 'trainers' },
      { name: 'reminder-run-due-trainers', value: summary.trainersRead, unit: 'trainers' },
      { name: 'reminder-run-setup-seconds', value: Number(seeded.seconds.toFixed(1)), unit: 's' },
      {
        name: 'reminder-items-read-per-due-trainer',
        value: Number((summary.itemsRead / dueCount).toFixed(3)),
        unit: 'items',
      },
      {
        name: 'naive-scan-items-read-per-due-trainer',
        value: Number((naive.scanned / Math.max(1, naive.due)).toFixed(1)),
        unit: 'items',
      },
      { name: 'reminder-run-emails-sent', value: summary.emailsSent, unit: 'emails' },
      { name: 'emails-rendered-per-second', value: Math.round(emailsRenderedPerSecond()), unit: 'emails/s' },
    ];
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of await benchReminderRun())
    process.stdout.write(`${figure.name}: ${figure.value} ${figure.unit}\n`);
}
