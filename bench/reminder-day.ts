/**
 * A whole day's reminder run at the scale of 1,000,000 trainers with 1 % due (issue 16): the real `runReminders`
 * over DUE_TRAINERS due trainers on dynalite, invocation after invocation until the day is done, with Lambda's
 * 15-minute limit and SES's default 14 emails/s. Time is simulated, so the day takes seconds, not a quarter hour:
 * the token bucket's waits advance a virtual clock, and so does every call, by the in-region round trips
 * reminder-pacing.ts assumes (AWS_LATENCY). With the default one trainer at a time the run is sequential, which
 * keeps that sum exact; the 1M figure needs only the due trainers, because the run never reads the others
 * (reminder-run.ts measures that read amplification on a table of 100,000).
 *
 * Then every email's SES events, as the configuration set publishes them, go through the delivery-event rule's
 * real pattern (`deliveryEventPattern`, matched as EventBridge does by test/infra/event-pattern.ts): how many
 * RecordDeliveryEvent invocations one email costs. The outcome mix is an assumption, named in DELIVERY_OUTCOMES.
 * Prints, never asserts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { evaluate, type TrainerProfile } from '../core/index.js';
import { dueTrainers } from '../functions/adapters/dynamodb/due-index.js';
import { newTrainerId } from '../functions/adapters/dynamodb/trainer-repository.js';
import { configuredSendQuota, type Mailer } from '../functions/adapters/ses/index.js';
import { createTokenService } from '../functions/common/tokens.js';
import { DEFAULT_RUN_OPTIONS, type ReminderRunDependencies } from '../functions/features/reminders/run-dependencies.js';
import { type ReminderRunSummary, runReminders } from '../functions/features/reminders/run-reminders.js';
import type { PacingClock } from '../functions/features/reminders/send-pacing.js';
import { trainerNextReminderOn } from '../functions/record/next-reminder.js';
import { createLinks, createRepositories } from '../functions/wiring/dependencies.js';
import { deliveryEventPattern } from '../infra/stateless-stack.js';
import { type LocalDynamo, startLocalDynamo } from '../test/helpers/local-dynamodb.js';
import { matchesPattern } from '../test/infra/event-pattern.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
/** 1 % of 1,000,000 trainers. */
const DUE_TRAINERS = Number(process.env.RECERT_BENCH_DAY_DUE_TRAINERS ?? 10_000);
const SES_LIMITS = { maxSendRate: 14, max24HourSend: 50_000 } as const;
const LAMBDA_TIMEOUT_MS = 900_000;
/** The same assumed in-region round trips as reminder-pacing.ts's "-aws-latency" variants. */
const AWS_LATENCY = { dynamoDbMs: 8, sesMs: 60 } as const;
const AS_OF = '2026-11-21';
const CONFIGURATION_SET = 'recert-bench';
const SES_SAMPLES = join(import.meta.dirname, '..', 'events', 'ses');

const DUE_PROFILE: TrainerProfile = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' }],
  activities: [],
};

/**
 * What happens to each email after SES accepts it, per 1,000 (assumed; SES's review thresholds are 5 % bounces
 * and 0.1 % complaints, and a healthy list sits well below): SES publishes Send for every email, then one of these.
 */
const DELIVERY_OUTCOMES = [
  { per1000: 10, sample: 'bounce-permanent.json' },
  { per1000: 10, sample: 'bounce-transient.json' },
  { per1000: 1, sample: 'complaint.json' },
] as const;

interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

type SesEvent = { detail: { mail: { tags: Record<string, string[]> } } } & Record<string, unknown>;

function sesEvent(sample: string, tags: Readonly<Record<string, string>>): SesEvent {
  const event = JSON.parse(readFileSync(join(SES_SAMPLES, sample), 'utf8')) as SesEvent;
  // SES adds the configuration set's name to every event's tags; the message's own tags come as one-value lists.
  event.detail.mail.tags = {
    'ses:configuration-set': [CONFIGURATION_SET],
    ...Object.fromEntries(Object.entries(tags).map(([name, value]) => [name, [value]])),
  };
  return event;
}

/** The events SES publishes for the email sent `index`-th, under the DELIVERY_OUTCOMES mix. */
function eventsOf(index: number, tags: Readonly<Record<string, string>>): SesEvent[] {
  const events = [sesEvent('send.json', tags)];
  let slot = index % 1000;
  for (const outcome of DELIVERY_OUTCOMES) {
    if (slot < outcome.per1000) return [...events, sesEvent(outcome.sample, tags)];
    slot -= outcome.per1000;
  }
  return events; // delivered: Delivery events are not published (ADR 0025)
}

/** The EventBridge rule's pattern as CloudFormation writes it (CDK's `detailType` is `detail-type` there). */
function synthesizedPattern(): Parameters<typeof matchesPattern>[0] {
  const { detailType, ...rest } = deliveryEventPattern(CONFIGURATION_SET);
  return JSON.parse(JSON.stringify({ ...rest, 'detail-type': detailType }));
}

async function seedDueTrainers(db: LocalDynamo, count: number): Promise<void> {
  const { trainers } = createRepositories(db);
  const now = new Date(`${AS_OF}T08:00:00Z`);
  const nextReminderOn = trainerNextReminderOn(evaluate(DUE_PROFILE, AS_OF), AS_OF, []);
  for (let seeded = 0; seeded < count; seeded += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - seeded) }, () => {
        const trainerId = newTrainerId();
        return trainers.create({
          trainerId,
          email: `${trainerId}@example.com`,
          name: 'Bench Trainer',
          profile: DUE_PROFILE,
          nextReminderOn,
          now,
        });
      }),
    );
  }
}

/** A clock that only moves when told: the bucket's waits and the modelled round trips. */
function virtualClock(): PacingClock & { advance(ms: number): void } {
  let nowMs = 0;
  return {
    now: () => nowMs,
    sleep: async (ms) => {
      nowMs += Math.max(0, ms);
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}

function chargeDynamoDbCalls(client: DynamoDBDocumentClient, clock: { advance(ms: number): void }): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      clock.advance(AWS_LATENCY.dynamoDbMs);
      return next(args);
    },
    { step: 'initialize', name: 'benchVirtualLatency' },
  );
}

interface Day {
  readonly invocations: number;
  readonly emails: number;
  readonly virtualMs: number;
  readonly sentTags: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly last: ReminderRunSummary;
}

async function runTheDay(db: LocalDynamo): Promise<Day> {
  const clock = virtualClock();
  chargeDynamoDbCalls(db.client, clock);
  const sentTags: Array<Readonly<Record<string, string>>> = [];
  const mailer: Mailer = {
    send: async (_message, options) => {
      clock.advance(AWS_LATENCY.sesMs);
      sentTags.push(options?.tags ?? {});
      return { messageId: `day-${sentTags.length}` };
    },
  };
  const deps: ReminderRunDependencies = {
    ...createRepositories(db),
    readDue: (input) => dueTrainers({ client: db.client, tableName: db.tableName, ...input }),
    mailer,
    sendQuota: configuredSendQuota(SES_LIMITS),
    pacingClock: clock,
    tokens: createTokenService('bench-signing-key-bench-signing-key-0123'),
    links: createLinks('https://recert.example.com'),
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield, IL' },
    clock: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    metric: () => undefined,
  };
  let invocations = 0;
  let last: ReminderRunSummary;
  do {
    invocations += 1;
    const startedAt = clock.now();
    last = await runReminders(
      deps,
      {
        runId: 'bench-day',
        asOf: AS_OF,
        eventTime: new Date(`${AS_OF}T09:00:00Z`),
        // Each continuation is a fresh Lambda invocation: a new request id holds the day's lease.
        holder: `invocation-${invocations}`,
        remainingMs: () => LAMBDA_TIMEOUT_MS - (clock.now() - startedAt),
      },
      DEFAULT_RUN_OPTIONS,
    );
  } while (last.status === 'continued' && invocations < 100);
  return { invocations, emails: sentTags.length, virtualMs: clock.now(), sentTags, last };
}

export async function benchReminderDay(): Promise<Figure[]> {
  const db = await startLocalDynamo({ tableName: 'recert-bench-day', backend: 'dynalite' });
  try {
    await seedDueTrainers(db, DUE_TRAINERS);
    const day = await runTheDay(db);
    const pattern = synthesizedPattern();
    const routed = day.sentTags
      .flatMap((tags, index) => eventsOf(index, tags))
      .filter((event) => matchesPattern(pattern, event as never)).length;
    const emails = Math.max(1, day.emails);
    return [
      { name: 'reminder-day-due-trainers', value: DUE_TRAINERS, unit: 'trainers' },
      { name: 'reminder-day-emails-sent', value: day.emails, unit: 'emails' },
      { name: 'reminder-day-final-status', value: day.last.status === 'completed' ? 1 : 0, unit: 'completed' },
      { name: 'reminder-run-invocations', value: day.invocations, unit: 'invocations' },
      {
        name: 'reminder-day-simulated-seconds-per-10k-emails-aws-latency',
        value: Math.round((day.virtualMs / 1000 / emails) * 10_000),
        unit: 's',
      },
      {
        name: 'delivery-event-invocations-per-email',
        value: Number((routed / emails).toFixed(3)),
        unit: 'invocations',
      },
    ];
  } finally {
    await db.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const { name, value, unit } of await benchReminderDay()) console.log(`${name}: ${value} ${unit}`);
}
