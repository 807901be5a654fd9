/**
 * How many reminder-ledger rows a trainer leaves behind (issue 16): the real daily run, once for every day of two
 * simulated years, over TRAINERS trainers on dynalite. Each holds a NASM-CPT and a CPR/AED card, with expiry dates
 * spread over the two years, logs no CE (so gets every countdown reminder: the most rows a trainer can cost) and
 * renews each on its expiry date, as a trainer who submits on the last day does. At the end, the rows still alive
 * under the table's TTL (`expiresAt`; dynalite never deletes, so it is read, not waited for) and every row written.
 * Prints, never asserts.
 */
import { pathToFileURL } from 'node:url';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type CredentialClaim, evaluate, type TrainerProfile } from '../core/index.js';
import { dueTrainers } from '../functions/adapters/dynamodb/due-index.js';
import { keys, REMINDER_PREFIX } from '../functions/adapters/dynamodb/keys.js';
import { newTrainerId } from '../functions/adapters/dynamodb/trainer-repository.js';
import { configuredSendQuota } from '../functions/adapters/ses/index.js';
import { createTokenService } from '../functions/common/tokens.js';
import { DEFAULT_RUN_OPTIONS, type ReminderRunDependencies } from '../functions/features/reminders/run-dependencies.js';
import { runReminders } from '../functions/features/reminders/run-reminders.js';
import { REAL_PACING_CLOCK } from '../functions/features/reminders/send-pacing.js';
import { trainerNextReminderOn } from '../functions/record/next-reminder.js';
import { saveProfile } from '../functions/record/save-profile.js';
import { createLinks, createRepositories } from '../functions/wiring/dependencies.js';
import { type LocalDynamo, startLocalDynamo } from '../test/helpers/local-dynamodb.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const TRAINERS = Number(process.env.RECERT_BENCH_LEDGER_TRAINERS ?? 50);
const FIRST_DAY = '2027-01-01';
const DAYS = 730;

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

const DAY_MS = 86_400_000;
const dayAfter = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const yearsAfter = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

/** Trainer `index` of `count`: expiry dates spread evenly over the two years, the card's on another stride. */
function startingProfile(index: number, count: number): TrainerProfile {
  const certExpires = dayAfter(FIRST_DAY, Math.floor((index * DAYS) / count));
  const cardExpires = dayAfter(FIRST_DAY, (index * 277) % DAYS);
  return {
    credentials: [
      { code: 'NASM-CPT', earnedOn: yearsAfter(certExpires, -2), expiresOn: certExpires },
      { code: 'CPR-AED', expiresOn: cardExpires },
    ],
    activities: [],
  };
}

/** Every credential that expired before `asOf` renewed for two more years; undefined when nothing changed. */
function renewedOn(profile: TrainerProfile, asOf: string): TrainerProfile | undefined {
  let changed = false;
  const credentials = profile.credentials.map((credential): CredentialClaim => {
    if (credential.expiresOn === undefined || credential.expiresOn >= asOf) return credential;
    changed = true;
    return { ...credential, expiresOn: yearsAfter(credential.expiresOn, 2) };
  });
  return changed ? { ...profile, credentials } : undefined;
}

function runDependencies(db: LocalDynamo): ReminderRunDependencies {
  let sends = 0;
  return {
    ...createRepositories(db),
    readDue: (input) => dueTrainers({ client: db.client, tableName: db.tableName, ...input }),
    mailer: { send: async () => ({ messageId: `ledger-${++sends}` }) },
    sendQuota: configuredSendQuota({ maxSendRate: 1e9, max24HourSend: 1e9 }),
    pacingClock: REAL_PACING_CLOCK,
    tokens: createTokenService('bench-signing-key-bench-signing-key-0123'),
    links: createLinks('https://recert.example.com'),
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield, IL' },
    clock: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metric: () => undefined,
  };
}

async function ledgerExpiries(db: LocalDynamo, trainerId: string): Promise<number[]> {
  const { Items = [] } = await db.client.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.trainerPartition(trainerId), ':prefix': REMINDER_PREFIX },
    }),
  );
  return Items.map((item) => Number(item.expiresAt ?? Number.POSITIVE_INFINITY));
}

export async function benchLedgerGrowth(): Promise<Figure[]> {
  const db = await startLocalDynamo({ tableName: 'recert-bench-ledger', backend: 'dynalite' });
  try {
    const { trainers } = createRepositories(db);
    const ids = Array.from({ length: TRAINERS }, () => newTrainerId());
    for (const [index, trainerId] of ids.entries()) {
      const profile = startingProfile(index, TRAINERS);
      await trainers.create({
        trainerId,
        email: `${trainerId}@example.com`,
        name: 'Bench Trainer',
        profile,
        nextReminderOn: trainerNextReminderOn(evaluate(profile, FIRST_DAY), FIRST_DAY, []),
        now: new Date(`${FIRST_DAY}T08:00:00Z`),
      });
    }
    const deps = runDependencies(db);
    let emails = 0;
    for (let day = 0; day < DAYS; day++) {
      const asOf = dayAfter(FIRST_DAY, day);
      const now = new Date(`${asOf}T08:00:00Z`);
      for (const trainerId of ids) {
        const current = await trainers.get(trainerId);
        const renewed = current && renewedOn(current.profile, asOf);
        if (current && renewed) await saveProfile(trainers, current, () => ({ profile: renewed }), now, asOf);
      }
      const summary = await runReminders(
        deps,
        { runId: `day-${asOf}`, asOf, eventTime: now, holder: `day-${asOf}`, remainingMs: () => 900_000 },
        DEFAULT_RUN_OPTIONS,
      );
      emails += summary.emailsSent;
    }
    const end = Date.parse(`${dayAfter(FIRST_DAY, DAYS)}T00:00:00Z`) / 1000;
    let written = 0;
    let alive = 0;
    for (const trainerId of ids) {
      const expiries = await ledgerExpiries(db, trainerId);
      written += expiries.length;
      alive += expiries.filter((expiresAt) => expiresAt > end).length;
    }
    return [
      { name: 'ledger-growth-trainers', value: TRAINERS, unit: 'trainers' },
      {
        name: 'ledger-growth-emails-per-trainer-in-2-years',
        value: Number((emails / TRAINERS).toFixed(2)),
        unit: 'emails',
      },
      {
        name: 'ledger-items-written-per-trainer-in-2-years',
        value: Number((written / TRAINERS).toFixed(2)),
        unit: 'items',
      },
      { name: 'ledger-items-per-trainer-after-2-years', value: Number((alive / TRAINERS).toFixed(2)), unit: 'items' },
    ];
  } finally {
    await db.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, value, unit } of await benchLedgerGrowth()) console.log(`${name}: ${value} ${unit}`);
}
