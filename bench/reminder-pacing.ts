/**
 * The daily run against the account's SES limits (issue 16, ADR 0025). Two runs of the real `runReminders` over
 * DUE_TRAINERS due trainers (one due reminder each, so one ledger row per email):
 * - pacing, on dynalite with real timers: an SES stand-in (ses-stand-in.ts) that refuses the 15th email in any
 *   second. Figures: achieved send rate over the stand-in's 14/s, throttle errors (target 0), the most emails in any
 *   one second, wall time per 10,000 emails at this rate; with the default one trainer at a time, then with
 *   AWS-like round trips added (AWS_LATENCY) one at a time and four in flight (REMINDER_MAX_TRAINERS_IN_FLIGHT=16);
 * - capacity, on Amazon's DynamoDB Local when Java runs (it reports index writes; dynalite counts the table only):
 *   every DynamoDB call asks for `ReturnConsumedCapacity: INDEXES`, summed as write and read units per email.
 * Why 300 trainers: 300 emails at 13.3/s are 22.5 s of steady sending, so the first token and the last trainer are
 * under 1 % of the span, while the whole bench stays under a minute. Prints, never asserts.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { evaluate, type TrainerProfile } from '../core/index.js';
import { dueTrainers } from '../functions/adapters/dynamodb/due-index.js';
import { newTrainerId } from '../functions/adapters/dynamodb/trainer-repository.js';
import { configuredSendQuota, type Mailer, type ReadSendQuota } from '../functions/adapters/ses/index.js';
import { createTokenService } from '../functions/common/tokens.js';
import { DEFAULT_RUN_OPTIONS, type ReminderRunDependencies } from '../functions/features/reminders/run-dependencies.js';
import { type ReminderRunSummary, runReminders } from '../functions/features/reminders/run-reminders.js';
import { REAL_PACING_CLOCK } from '../functions/features/reminders/send-pacing.js';
import { trainerNextReminderOn } from '../functions/record/next-reminder.js';
import { createLinks, createRepositories } from '../functions/wiring/dependencies.js';
import { type LocalDynamo, startLocalDynamo } from '../test/helpers/local-dynamodb.js';
import { createSesStandIn } from './ses-stand-in.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const DUE_TRAINERS = Number(process.env.RECERT_BENCH_PACED_TRAINERS ?? 300);
/** SES's default production rate and daily quota (us-east-1). */
const SES_LIMITS = { maxSendRate: 14, max24HourSend: 50_000 } as const;
const AS_OF = '2026-11-21';

/** One credential with its countdown-60 reminder due on AS_OF: one reminder, one ledger row, one email. */
const DUE_PROFILE: TrainerProfile = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' }],
  activities: [],
};

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

async function seedDueTrainers(db: LocalDynamo, count: number): Promise<void> {
  const repositories = createRepositories(db);
  const now = new Date(`${AS_OF}T08:00:00Z`);
  const nextReminderOn = trainerNextReminderOn(evaluate(DUE_PROFILE, AS_OF), AS_OF, []);
  const ids = Array.from({ length: count }, () => newTrainerId());
  for (let i = 0; i < ids.length; i += 25) {
    await Promise.all(
      ids.slice(i, i + 25).map((trainerId) =>
        repositories.trainers.create({
          trainerId,
          email: `${trainerId}@example.com`,
          name: 'Bench Trainer',
          profile: DUE_PROFILE,
          nextReminderOn,
          now,
        }),
      ),
    );
  }
}

function runDependencies(db: LocalDynamo, mailer: Mailer, sendQuota: ReadSendQuota): ReminderRunDependencies {
  return {
    ...createRepositories(db),
    readDue: (input) => dueTrainers({ client: db.client, tableName: db.tableName, ...input }),
    mailer,
    sendQuota,
    pacingClock: REAL_PACING_CLOCK,
    tokens: createTokenService('bench-signing-key-bench-signing-key-0123'),
    links: createLinks('https://recert.example.com'),
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield, IL' },
    clock: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metric: () => undefined,
  };
}

function run(
  deps: ReminderRunDependencies,
  runId: string,
  maxTrainersInFlight = DEFAULT_RUN_OPTIONS.pacing.maxTrainersInFlight,
): Promise<ReminderRunSummary> {
  return runReminders(
    deps,
    {
      runId,
      asOf: AS_OF,
      eventTime: new Date(`${AS_OF}T09:00:00Z`),
      holder: runId,
      remainingMs: () => 900_000,
    },
    // Throttle retries wait for real, as in Lambda: only the pacing is under test.
    { ...DEFAULT_RUN_OPTIONS, pacing: { ...DEFAULT_RUN_OPTIONS.pacing, maxTrainersInFlight } },
  );
}

/** The most timestamps inside any half-open window [t, t + windowMs). */
function mostInWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * Round trips added to every call in the "-aws-latency" variants: typical in-region figures for a Lambda (assumed,
 * not measured here), where dynalite in the same process answers in well under a millisecond.
 */
const AWS_LATENCY = { dynamoDbMs: 8, sesMs: 60 } as const;

interface PacingVariant {
  /** 1 is the default; 16 stands for REMINDER_MAX_TRAINERS_IN_FLIGHT=16, where the rate picks 4 (send-pacing.ts). */
  readonly maxTrainersInFlight: number;
  readonly awsLatency: boolean;
  /** Names the variant in every figure. */
  readonly suffix: string;
}

/** Holds every DynamoDB call of `client` for `ms` before it goes out. */
function delayDynamoDb(client: DynamoDBDocumentClient, ms: number): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return next(args);
    },
    { step: 'initialize', name: 'benchAwsLatency' },
  );
}

/** One paced run on a fresh table, against the 14/s stand-in. */
async function pacingFigures(variant: PacingVariant): Promise<Figure[]> {
  const { suffix } = variant;
  const db = await startLocalDynamo({ tableName: 'recert-bench-pacing', backend: 'dynalite' });
  try {
    await seedDueTrainers(db, DUE_TRAINERS);
    if (variant.awsLatency) delayDynamoDb(db.client, AWS_LATENCY.dynamoDbMs);
    const ses = createSesStandIn({ ...SES_LIMITS, ...(variant.awsLatency ? { latencyMs: AWS_LATENCY.sesMs } : {}) });
    const started = performance.now();
    const deps = runDependencies(db, ses.mailer, ses.sendQuota);
    const summary = await run(deps, 'bench-pacing', variant.maxTrainersInFlight);
    const wallMs = performance.now() - started;
    const sent = ses.acceptedAt;
    const first = sent[0] ?? 0;
    const last = sent.at(-1) ?? first;
    // Intervals over their span: the rate SES saw, without the run's start-up before the first email.
    const achieved = sent.length > 1 ? ((sent.length - 1) * 1000) / (last - first) : 0;
    return [
      { name: `reminder-send-rate${suffix}`, value: Number(achieved.toFixed(2)), unit: 'emails/s' },
      {
        name: `reminder-send-rate-vs-quota${suffix}`,
        value: Number((achieved / SES_LIMITS.maxSendRate).toFixed(3)),
        unit: 'ratio',
      },
      { name: `reminder-throttle-errors${suffix}`, value: ses.throttled(), unit: 'errors' },
      { name: `reminder-reminders-left-pending${suffix}`, value: summary.pending, unit: 'reminders' },
      { name: `reminder-most-emails-in-any-second${suffix}`, value: mostInWindow(sent, 1_000), unit: 'emails' },
      {
        name: `reminder-wall-seconds-per-10k-emails${suffix}`,
        value: Math.round((wallMs / Math.max(1, sent.length)) * 10),
        unit: 's',
      },
    ];
  } finally {
    await db.stop();
  }
}

interface Capacity {
  read: number;
  write: number;
}

const READS = /^(Get|Query|Scan|BatchGet|TransactGet)/;
const DATA_PLANE =
  /^(Get|Put|Update|Delete|Query|Scan|BatchGet|BatchWrite|TransactGet|TransactWrite)(Item|Items)?Command$/;

/**
 * Asks every data-plane call of `client` for its consumed capacity (table and indexes) and adds it to `into`
 * while `counting()` holds. The repositories are the production ones, unchanged: only the request gains the flag.
 */
function meterCapacity(client: DynamoDBDocumentClient, into: Capacity, counting: () => boolean): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!counting() || !DATA_PLANE.test(command)) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
        (sum: number, entry: { CapacityUnits?: number }) => sum + (entry.CapacityUnits ?? 0),
        0,
      );
      if (READS.test(command)) into.read += units;
      else into.write += units;
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
}

/** DynamoDB Local when Java starts, else dynalite (whose figures leave out every index write). */
async function capacityBackend(): Promise<LocalDynamo> {
  try {
    return await startLocalDynamo({ tableName: 'recert-bench-capacity', backend: 'dynamodb-local' });
  } catch {
    return startLocalDynamo({ tableName: 'recert-bench-capacity', backend: 'dynalite' });
  }
}

async function capacityFigures(): Promise<Figure[]> {
  const db = await capacityBackend();
  try {
    await seedDueTrainers(db, DUE_TRAINERS);
    const consumed: Capacity = { read: 0, write: 0 };
    let counting = false;
    meterCapacity(db.client, consumed, () => counting);
    let sends = 0;
    const mailer: Mailer = { send: async () => ({ messageId: `capacity-${++sends}` }) };
    // A quota that never paces: this run measures storage, not time.
    const quota = configuredSendQuota({ maxSendRate: 1e9, max24HourSend: 1e9 });
    counting = true;
    const started = performance.now();
    const summary = await run(runDependencies(db, mailer, quota), 'bench-capacity');
    const wallMs = performance.now() - started;
    counting = false;
    const emails = Math.max(1, summary.emailsSent);
    // dynalite reports table units only: name its figures apart so they are never read as the real cost.
    const suffix = db.backend === 'dynamodb-local' ? '' : '-dynalite-table-only';
    return [
      { name: `reminder-wcu-per-email${suffix}`, value: Number((consumed.write / emails).toFixed(2)), unit: 'WCU' },
      { name: `reminder-rcu-per-email${suffix}`, value: Number((consumed.read / emails).toFixed(2)), unit: 'RCU' },
      {
        name: `reminder-unpaced-ms-per-email-${db.backend}`,
        value: Number((wallMs / emails).toFixed(1)),
        unit: 'ms',
      },
    ];
  } finally {
    await db.stop();
  }
}

export async function benchReminderPacing(): Promise<Figure[]> {
  return [
    { name: 'reminder-pacing-due-trainers', value: DUE_TRAINERS, unit: 'trainers' },
    ...(await pacingFigures({ maxTrainersInFlight: 1, awsLatency: false, suffix: '' })),
    ...(await pacingFigures({ maxTrainersInFlight: 1, awsLatency: true, suffix: '-aws-latency' })),
    ...(await pacingFigures({ maxTrainersInFlight: 16, awsLatency: true, suffix: '-aws-latency-4-in-flight' })),
    ...(await capacityFigures()),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of await benchReminderPacing()) {
    process.stdout.write(`${figure.name}: ${figure.value} ${figure.unit}\n`);
  }
}
