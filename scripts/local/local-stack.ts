import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { ensureTable } from '../../functions/adapters/dynamodb/create-table.js';
import { createProviderRepository } from '../../functions/adapters/dynamodb/provider-repository.js';
import { RECERT_TABLE } from '../../functions/adapters/dynamodb/table-definition.js';
import { installLocalWebhookQueue } from '../../functions/adapters/queue/webhook-queue.js';
import { TRAINER_TAG } from '../../functions/adapters/ses/message-tags.js';
import { createDocumentClient } from '../../functions/common/clients.js';
import {
  type EntryPoint,
  HTTP_ROUTES,
  NOT_FOUND_PAGE,
  SCHEDULED_RUN,
  TEAM_WEBHOOK_DELIVERY,
  TEAM_WEBHOOK_SWEEP,
} from '../../functions/entry-points.js';
import { createRepositories } from '../../functions/wiring/dependencies.js';
import { ensureDemoProvider } from '../provider.js';
import { createLambdaContext } from './apigw-event.js';
import { startDynalite, startSesEmulator } from './emulators.js';
import { clearCompletedRun, type ForcedRerun } from './force-rerun.js';
import { importHandler, REPOSITORY_ROOT } from './handler-loader.js';
import {
  type ControlActions,
  type ControlResponse,
  HandlerNotFoundError,
  type LocalHandler,
  type LocalRoute,
  type RunningHttpServer,
  startHttpServer,
} from './http-server.js';
import {
  applyEnvironment,
  DEFAULT_STATE_DIR,
  LOCAL_TABLE_NAME,
  type LocalCaptcha,
  type LocalEndpoints,
  localEnvironment,
  readOrCreateTokenKey,
} from './local-env.js';
import { acceptLoopbackHostsOnly } from './loopback-host.js';
import { installMailbox, type RecordedSend, type RunDateLookup, storedEmails } from './mailbox.js';
import { assertPortFree, close } from './ports.js';
import { type DailyScheduler, isCalendarDate, scheduledEvent, startDailyScheduler } from './scheduled-event.js';
import { collectLocalStats, type LastRun, renderStatsPage } from './stats-page.js';
import { createLocalWebhookQueue, type LocalWebhookQueue } from './webhook-queue.js';

export interface LocalStackOptions {
  /**
   * State directory (token key, demo provider secret, endpoints file, and the DynamoDB data unless `memory`).
   * Default `.recert`; with `memory`, a fresh temporary directory removed on stop, so a throw-away run never reads
   * or writes the state of a kept one.
   */
  readonly dataDir?: string;
  /** Keep DynamoDB data in memory: a throw-away run. */
  readonly memory?: boolean;
  /** Form/API port (0 = any free port). Default 3000. */
  readonly port?: number;
  /** SES emulator and mailbox page port (0 = any free port). Default 8005. */
  readonly mailboxPort?: number;
  readonly host?: '127.0.0.1';
  /** UTC hour of the daily run. Default 9. */
  readonly scheduleHour?: number;
  /** Set `process.env` for the handlers in this process. Default true. */
  readonly setProcessEnv?: boolean;
  /** Turns the sign-up CAPTCHA on (`captchaFromEnv` reads it for `npm start`); off when absent. */
  readonly captcha?: LocalCaptcha;
  readonly log?: (line: string) => void;
  /** Injection points for tests; production uses entry-points.ts and real imports. */
  readonly routes?: readonly LocalRoute[];
  readonly scheduledRun?: Pick<EntryPoint, 'id' | 'entry'>;
  readonly loadHandler?: (entry: Pick<EntryPoint, 'id' | 'entry'>) => Promise<LocalHandler>;
}

export interface LocalStackUrls {
  /** The sign-up form (and API base), `http://localhost:<port>`. */
  readonly form: string;
  /** The SES emulator's mailbox page, `http://localhost:<mailboxPort>`. */
  readonly mailbox: string;
  /** Loopback URL of the control actions (`POST /__local/scan`). */
  readonly control: string;
  readonly dynamodb: string;
  readonly ses: string;
}

export interface LocalStack {
  readonly urls: LocalStackUrls;
  readonly tableName: string;
  /** The environment handlers see. */
  readonly env: Readonly<Record<string, string>>;
  /** The sign-up form shows and checks a CAPTCHA. */
  readonly captcha: boolean;
  readonly dataDir: string;
  /**
   * Fires the daily run for `today` (YYYY-MM-DD) now, as `npm run scan` does; `force` first deletes the day's
   * completed run record (`npm run scan -- --force`).
   */
  scan(today: string, options?: ScanOptions): Promise<ControlResponse>;
  /** Runs the team-webhook sweep for `today` now, as the daily scheduler does after the run (ADR 0035). */
  sweepTeamWebhooks(today: string): Promise<ControlResponse>;
  /** The in-process stand-in for the team-webhooks queue (its `drain()` waits for every delivery to settle). */
  readonly webhookQueue: LocalWebhookQueue;
  stop(): Promise<void>;
}

export interface ScanOptions {
  /** Run the day again even when its run has completed (local only: see force-rerun.ts). */
  readonly force?: boolean;
}

/** What `.recert/endpoints.json` holds, so `npm run scan` and `npm run invoke` find the running stack. */
export interface EndpointsFile extends LocalEndpoints {
  readonly controlUrl: string;
  readonly mailboxUrl: string;
  readonly pid: number;
}

export const ENDPOINTS_FILE = 'endpoints.json';
/** Lambda's maximum timeout: the daily run checkpoints when it gets close to it. */
const SCHEDULED_TIMEOUT_MS = 15 * 60 * 1000;

export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
  readonly code = 'local.stack-failed';
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Starts the whole system in this process: dynalite, the SES emulator, the table from RECERT_TABLE, the local
 * API Gateway on HTTP_ROUTES, and the daily scheduler. Everything stops with `stop()`; nothing is spawned.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const scratch = options.memory === true && options.dataDir === undefined;
  const dataDir = scratch
    ? mkdtempSync(join(tmpdir(), 'recert-memory-'))
    : resolve(REPOSITORY_ROOT, options.dataDir ?? DEFAULT_STATE_DIR);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const loadHandler = options.loadHandler ?? ((entry) => importHandler(entry.entry));
  const scheduledRun = options.scheduledRun ?? SCHEDULED_RUN;
  const scheduleHour = options.scheduleHour ?? 9;

  const cleanups: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`stopping the local stack: ${describeError(error)}`);
      }
    }
  };

  // First in, so the last to go: everything else has stopped using it.
  if (scratch) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

  try {
    // Taken ports fail first, before anything touches the data directory.
    await assertPortFree(options.port ?? 3000, host, 'PORT');
    const ses = await startSesEmulator({ port: options.mailboxPort ?? 8005, host });
    cleanups.push(() => close(ses.server));

    const dynamodb = await startDynalite({ host, ...(options.memory ? {} : { path: join(dataDir, 'dynamodb') }) });
    cleanups.push(() => close(dynamodb.server));

    const admin = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    try {
      await ensureTable(admin, RECERT_TABLE, LOCAL_TABLE_NAME);
    } catch (error) {
      throw new LocalStackError(
        `Could not create the table in the local DynamoDB (${join(dataDir, 'dynamodb')}): ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    } finally {
      admin.destroy();
    }

    // One document client for the stack's own reads and writes (demo provider, --force, the mailbox's run dates).
    const documents = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: dynamodb.endpoint });
    cleanups.push(() => documents.destroy());
    // The demo provider lets a developer sign test deliveries at once (its secret goes to <dataDir>/providers.json).
    await ensureDemoProvider(
      { providers: createProviderRepository({ client: documents, tableName: LOCAL_TABLE_NAME }) },
      new Date(),
      { stateDir: dataDir },
    );
    const { reminderLedger } = createRepositories({ client: documents, tableName: LOCAL_TABLE_NAME });

    // Event id → run date of every run this stack fired: the ledger names a sent reminder's run by its event id.
    const runDates = new Map<string, string>();
    // What the latest run this stack fired answered, for `GET /__local/stats`.
    let lastRun: LastRun | undefined;
    const runDateOf = async (send: RecordedSend): Promise<RunDateLookup> => {
      let runId: string | undefined;
      try {
        const rows = await reminderLedger.listForTrainer(send.tags[TRAINER_TAG] ?? '');
        runId = rows.find((row) => row.messageId === send.messageId)?.runId;
      } catch (error) {
        return {
          unknown: `the reminder ledger could not be read: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      if (runId === undefined) {
        return { unknown: 'no ledger row names this message (not marked sent yet, re-sent since, or erased)' };
      }
      const runDate = runDates.get(runId);
      return runDate === undefined ? { unknown: `run ${runId} was not fired by this npm start` } : { runDate };
    };
    installMailbox(ses.server, { runDateOf });
    // Last, so it sits in front of the mailbox too: no rebound web page reads the mailbox or writes to the table.
    acceptLoopbackHostsOnly(ses.server);
    acceptLoopbackHostsOnly(dynamodb.server);

    const tokenKey = readOrCreateTokenKey(dataDir);
    let env: Record<string, string> = {};
    let stackUrls: LocalStackUrls | undefined;

    const runScheduled = async (today: string, scanOptions: ScanOptions = {}): Promise<ControlResponse> => {
      if (!isCalendarDate(today)) {
        return {
          statusCode: 400,
          body: { message: `today: not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}` },
        };
      }
      const time = new Date(`${today}T${String(scheduleHour).padStart(2, '0')}:00:00Z`);
      // --force is handled here, before the handler: the event the run gets is the same as on any other day.
      let forced: ForcedRerun | undefined;
      if (scanOptions.force) {
        forced = await clearCompletedRun(documents, LOCAL_TABLE_NAME, today);
        log(
          `--force ${today}: ${forced.cleared ? 'deleted its completed run record' : `nothing cleared (${forced.reason})`}`,
        );
      }
      const response = await invokeScheduled(scheduledEvent(time));
      if (forced === undefined || response.statusCode !== 200) return response;
      return { ...response, body: { ...(response.body as object), forced } };
    };

    const invokeScheduled = async (event: ReturnType<typeof scheduledEvent>): Promise<ControlResponse> => {
      const context = createLambdaContext({ functionId: scheduledRun.id, timeoutMs: SCHEDULED_TIMEOUT_MS });
      runDates.set(event.id, event.time.slice(0, 10));
      try {
        const handler = await loadHandler(scheduledRun);
        const result = await handler(event, context);
        lastRun = { time: event.time, result };
        log(`${scheduledRun.id} ran for ${event.time} (event ${event.id})`);
        return { statusCode: 200, body: { event: { id: event.id, time: event.time }, result: result ?? null } };
      } catch (error) {
        if (error instanceof HandlerNotFoundError) {
          return { statusCode: 501, body: { message: `Not implemented yet: ${error.message}` } };
        }
        log(`${scheduledRun.id} failed for ${event.time} (event ${event.id}): ${describeError(error)}`);
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        lastRun = { time: event.time, failure: detail };
        return { statusCode: 500, body: { message: `The reminder run failed: ${detail}` } };
      }
    };

    // The team-webhooks queue (ADR 0035), in this process: handlers here publish to it, DeliverTeamWebhooks drains it.
    const webhookQueue = createLocalWebhookQueue({
      deliver: async (event) => {
        const handler = await loadHandler(TEAM_WEBHOOK_DELIVERY);
        const context = createLambdaContext({ functionId: TEAM_WEBHOOK_DELIVERY.id, timeoutMs: 30_000 });
        // The delivery function answers SQS's partial-batch shape (functions/events/deliver-team-webhooks.ts).
        return (await handler(event, context)) as SQSBatchResponse | undefined;
      },
      log,
    });
    installLocalWebhookQueue(webhookQueue);
    cleanups.push(() => {
      webhookQueue.stop();
      installLocalWebhookQueue(undefined);
    });
    const sweepTeamWebhooks = async (today: string): Promise<ControlResponse> => {
      if (!isCalendarDate(today)) {
        return {
          statusCode: 400,
          body: { message: `today: not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}` },
        };
      }
      const event = scheduledEvent(new Date(`${today}T${String(scheduleHour).padStart(2, '0')}:45:00Z`));
      const handler = await loadHandler(TEAM_WEBHOOK_SWEEP);
      const result = await handler(
        event,
        createLambdaContext({ functionId: TEAM_WEBHOOK_SWEEP.id, timeoutMs: SCHEDULED_TIMEOUT_MS }),
      );
      log(`${TEAM_WEBHOOK_SWEEP.id} ran for ${event.time}`);
      return { statusCode: 200, body: { event: { id: event.id, time: event.time }, result: result ?? null } };
    };

    const control: ControlActions = {
      'POST /__local/team-webhook-sweep': async (input) => {
        const { today } = (input ?? {}) as { today?: unknown };
        return sweepTeamWebhooks(typeof today === 'string' ? today : JSON.stringify(today ?? null));
      },
      'POST /__local/scan': async (input) => {
        const { today, force } = (input ?? {}) as { today?: unknown; force?: unknown };
        if (force !== undefined && typeof force !== 'boolean') {
          return { statusCode: 400, body: { message: `force: must be true or false, got ${JSON.stringify(force)}` } };
        }
        return runScheduled(typeof today === 'string' ? today : JSON.stringify(today ?? null), {
          force: force ?? false,
        });
      },
      'GET /__local/endpoints': async () => ({ statusCode: 200, body: { ...stackUrls, tableName: LOCAL_TABLE_NAME } }),
      'GET /__local/stats': async (input) => {
        const { today = new Date().toISOString().slice(0, 10) } = (input ?? {}) as { today?: string };
        if (!isCalendarDate(today)) {
          const message = `today: not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}`;
          return { statusCode: 400, body: { message } };
        }
        const sources = {
          documents,
          tableName: LOCAL_TABLE_NAME,
          emailsInMailbox: async () => (await storedEmails(ses.server)).length,
          lastRun: () => lastRun,
        };
        return { statusCode: 200, body: null, html: renderStatsPage(await collectLocalStats(sources, today)) };
      },
    };

    const http: RunningHttpServer = await startHttpServer({
      routes: options.routes ?? HTTP_ROUTES,
      fallback: { ...NOT_FOUND_PAGE, method: 'ANY', path: '$default' },
      loadHandler,
      port: options.port ?? 3000,
      host,
      portVariable: 'PORT',
      control,
      log,
    });
    cleanups.push(() => http.close());

    const mailboxPort = Number(new URL(ses.endpoint).port);
    stackUrls = {
      form: http.url,
      mailbox: `http://localhost:${mailboxPort}`,
      control: `http://${host}:${http.port}`,
      dynamodb: dynamodb.endpoint,
      ses: ses.endpoint,
    };
    const endpoints: LocalEndpoints = {
      baseUrl: http.url,
      tableName: LOCAL_TABLE_NAME,
      dynamodbEndpoint: dynamodb.endpoint,
      sesEndpoint: ses.endpoint,
    };
    env = localEnvironment(endpoints, tokenKey, options.captcha);
    if (options.setProcessEnv ?? true) applyEnvironment(env);

    const endpointsFile = join(dataDir, ENDPOINTS_FILE);
    const file: EndpointsFile = {
      ...endpoints,
      controlUrl: stackUrls.control,
      mailboxUrl: stackUrls.mailbox,
      pid: process.pid,
    };
    const endpointsText = `${JSON.stringify(file, null, 2)}\n`;
    writeFileSync(endpointsFile, endpointsText);
    // Remove the record only while it is still ours: another stack (say, a --memory run) may have replaced it.
    cleanups.push(() => {
      if (existsSync(endpointsFile) && readFileSync(endpointsFile, 'utf8') === endpointsText) rmSync(endpointsFile);
    });

    const scheduler: DailyScheduler = startDailyScheduler({
      hour: scheduleHour,
      run: async (event) => {
        await invokeScheduled(event);
        try {
          await sweepTeamWebhooks(event.time.slice(0, 10));
        } catch (error) {
          log(`${TEAM_WEBHOOK_SWEEP.id} failed: ${describeError(error)}`);
        }
      },
    });
    cleanups.push(() => scheduler.stop());

    const urls = stackUrls;
    return {
      urls,
      tableName: LOCAL_TABLE_NAME,
      env,
      captcha: options.captcha !== undefined,
      dataDir,
      scan: runScheduled,
      sweepTeamWebhooks,
      webhookQueue,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
