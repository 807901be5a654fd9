import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach } from 'vitest';
import { evaluate, type TrainerProfile } from '../../../core/index.js';
import { newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import type { Mailer } from '../../../functions/adapters/ses/index.js';
import { parseConfig } from '../../../functions/common/config.js';
import {
  DEFAULT_RUN_OPTIONS,
  type ReminderRunDependencies,
  type ReminderRunOptions,
  runDependencies,
} from '../../../functions/features/reminders/run-dependencies.js';
import { trainerNextReminderOn } from '../../../functions/record/next-reminder.js';
import {
  type ContinueRun,
  createSendDueRemindersHandler,
  type ScheduledEvent,
} from '../../../functions/scheduled/send-due-reminders.js';
import { buildDependencies } from '../../../functions/wiring/dependencies.js';
import { buildMailingDependencies, type MailingDependencies } from '../../../functions/wiring/mailing-dependencies.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';

/** CPT finish-by 2027-01-01-ish and a CPR card: on 2026-11-21 both are due (countdown-60 and cpr-60). */
export const CPT_AND_CPR: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' },
    { code: 'CPR-AED', expiresOn: '2027-01-15' },
  ],
  activities: [],
};

export const CPT_ONLY: TrainerProfile = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-01-31' }],
  activities: [],
};

/** Nothing due before 2027: not in the index on the test dates. */
export const NOT_DUE: TrainerProfile = {
  credentials: [{ code: 'NASM-CPT', earnedOn: '2026-06-30', expiresOn: '2028-06-30' }],
  activities: [],
};

export const RUN_DAY = '2026-11-21';

export function scheduledEvent(day: string, id = `evt-${day}`): ScheduledEvent {
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: `${day}T09:00:00Z`,
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/recert-daily-reminder-run'],
    detail: {},
  };
}

let requestCounter = 0;
export function context(remainingMs?: () => number): Context {
  requestCounter += 1;
  const base = lambdaContext();
  return {
    ...base,
    awsRequestId: `req-${requestCounter}`,
    getRemainingTimeInMillis: remainingMs ?? (() => 300_000),
  };
}

export interface Arranged {
  readonly trainerId: string;
  readonly email: string;
}

/** A confirmed trainer whose address belongs to them (so suppressions flag them), due per core on `asOf`. */
export async function arrangeTrainer(
  aws: LocalAws,
  profile: TrainerProfile,
  options: {
    readonly asOf?: string;
    readonly email?: string;
    readonly claimEmail?: boolean;
    /** A fixed id (so two tables can hold the same population, sharded alike); random by default. */
    readonly trainerId?: string;
  } = {},
): Promise<Arranged> {
  const asOf = options.asOf ?? RUN_DAY;
  const trainerId = options.trainerId ?? newTrainerId();
  const email = options.email ?? `${trainerId}@example.com`;
  const now = new Date(`${asOf}T08:00:00Z`);
  if (options.claimEmail ?? true) await aws.repositories.emailClaims.claim(email, trainerId, now);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Sam Lee',
    profile,
    nextReminderOn: trainerNextReminderOn(evaluate(profile, asOf), asOf, []),
    now,
  });
  return { trainerId, email };
}

export interface HandlerSetup {
  readonly dynamodbEndpoint?: string;
  readonly sesEndpoint?: string;
  readonly wrap?: (deps: ReminderRunDependencies) => ReminderRunDependencies;
  readonly continueRun?: ContinueRun;
  readonly runOptions?: Partial<ReminderRunOptions>;
}

/** The real handler with real adapters, optionally pointed through a fault proxy or with wrapped dependencies. */
export function makeHandler(setup: HandlerSetup = {}) {
  const load = async (): Promise<MailingDependencies> =>
    buildMailingDependencies(
      await buildDependencies(
        parseConfig({
          ...process.env,
          ...(setup.dynamodbEndpoint ? { DYNAMODB_ENDPOINT: setup.dynamodbEndpoint } : {}),
          ...(setup.sesEndpoint ? { SES_ENDPOINT: setup.sesEndpoint } : {}),
        }),
      ),
    );
  return createSendDueRemindersHandler({
    loadDependencies: load,
    build: (deps) => (setup.wrap ?? ((d) => d))(runDependencies(deps)),
    runOptions: {
      ...DEFAULT_RUN_OPTIONS,
      throttleRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      ...setup.runOptions,
    },
    ...(setup.continueRun ? { continueRun: setup.continueRun } : {}),
  });
}

/** Ledger rows, read with a test-only Scan (the code under test never scans). */
export async function ledgerRows(aws: LocalAws): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await aws.dynamo.client.send(
      new ScanCommand({
        TableName: aws.dynamo.tableName,
        FilterExpression: 'entity = :e',
        ExpressionAttributeValues: { ':e': 'ReminderLedgerEntry' },
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    out.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return out;
}

export async function trainerItem(aws: LocalAws, trainerId: string) {
  const { Items } = await aws.dynamo.client.send(
    new QueryCommand({
      TableName: aws.dynamo.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': `TRAINER#${trainerId}`, ':sk': 'PROFILE' },
    }),
  );
  return Items?.[0];
}

/** Emails per recipient in the SES store. */
export async function mailboxCounts(aws: LocalAws): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const email of await aws.ses.stored()) {
    for (const to of email.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

/** A mailer that crashes the invocation right after SES accepted send number `after + 1` (before the ledger mark). */
export function crashAfterSends(after: number) {
  const crashed: { messageId?: string; tags?: Readonly<Record<string, string>> } = {};
  let sends = 0;
  const wrap = (deps: ReminderRunDependencies): ReminderRunDependencies => {
    const mailer: Mailer = {
      async send(message, options) {
        const result = await deps.mailer.send(message, options);
        sends += 1;
        if (sends === after + 1) {
          crashed.messageId = result.messageId;
          if (options?.tags) crashed.tags = options.tags;
          throw new Error('injected crash between send and ledger mark');
        }
        return result;
      },
    };
    return { ...deps, mailer };
  };
  return { wrap, crashed };
}

/** What the fault proxy decides per request: answer it itself, or forward it (and maybe lie about the outcome). */
export type Fault =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string; readonly contentType: string }
  | {
      readonly kind: 'forward-then-answer';
      readonly status: number;
      readonly body: string;
      readonly contentType: string;
    }
  | undefined;

export interface FaultProxy {
  readonly endpoint: string;
  /** Every request seen, in order: `operation` is the SES Action or the DynamoDB target operation. */
  readonly log: { operation: string; faulted: boolean }[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function operationOf(req: IncomingMessage, body: Buffer): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1] ?? 'unknown';
}

/**
 * An HTTP-level fake in front of a real local server, so the SDK's own middleware (retries, error parsing) runs.
 * `decide(operation, n)` gets the operation and how many requests of it came before.
 */
export async function startFaultProxy(
  target: string,
  decide: (operation: string, n: number) => Fault,
): Promise<FaultProxy> {
  const log: { operation: string; faulted: boolean }[] = [];
  const seen = new Map<string, number>();
  const upstream = new URL(target);
  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        const out = httpRequest(
          { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
          (res) => {
            readBody(res).then(
              (data) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: data }),
              reject,
            );
          },
        );
        out.on('error', reject);
        out.end(body);
      },
    );
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const operation = operationOf(req, body);
      const n = seen.get(operation) ?? 0;
      seen.set(operation, n + 1);
      const fault = decide(operation, n);
      log.push({ operation, faulted: fault !== undefined });
      if (fault?.kind === 'answer') {
        res.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body);
        return;
      }
      const answer = await forward(req, body);
      if (fault?.kind === 'forward-then-answer') {
        res.writeHead(fault.status, { 'content-type': fault.contentType }).end(fault.body);
        return;
      }
      res.writeHead(answer.status, answer.headers).end(answer.body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: FaultProxy = {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    async stop() {
      openProxies.delete(proxy);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  openProxies.add(proxy);
  return proxy;
}

/** Fault proxies a test started and has not stopped: `localAwsForEachTest` stops them after the test. */
const openProxies = new Set<FaultProxy>();

/**
 * Registers the hooks every reminder-run test file needs: a fresh local AWS before each test (the SES emulator's
 * store is process-wide, so it is emptied), handed to `onStart` (which may also arrange data); after the test, every
 * fault proxy it started, then the local AWS, are stopped.
 */
export function localAwsForEachTest(onStart: (aws: LocalAws) => void | Promise<void>): void {
  let current: LocalAws | undefined;
  beforeEach(async () => {
    current = await startLocalAws();
    await current.ses.clear();
    await onStart(current);
  });
  afterEach(async () => {
    await Promise.all([...openProxies].map((proxy) => proxy.stop()));
    await current?.stop();
    current = undefined;
  });
}

export function sesError(code: string, message: string, status = 400): Fault {
  return {
    kind: 'answer',
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>`,
  };
}

export type DynamoThrottlingCode = 'ThrottlingException' | 'ProvisionedThroughputExceededException';

const DYNAMO_THROTTLING_MESSAGES: Record<DynamoThrottlingCode, string> = {
  ThrottlingException: 'Rate of requests exceeds the allowed throughput.',
  ProvisionedThroughputExceededException:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
};

export function dynamoThrottling(code: DynamoThrottlingCode = 'ThrottlingException'): Fault {
  return {
    kind: 'answer',
    status: 400,
    contentType: 'application/x-amz-json-1.0',
    body: JSON.stringify({
      __type: `com.amazonaws.dynamodb.v20120810#${code}`,
      message: DYNAMO_THROTTLING_MESSAGES[code],
    }),
  };
}
