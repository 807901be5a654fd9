/**
 * The daily reminder run (EventBridge schedule → this Lambda; locally `npm run scan -- --today YYYY-MM-DD`).
 * `asOf` is the event's UTC date and the run id its id, so a replayed event decides the same way; the lease holder
 * is the Lambda request id, because the same event can arrive twice. The work itself: functions/reminders/.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dueTrainers } from '../adapters/dynamodb/due-index.js';
import { emitMetric, logger } from '../common/logger.js';
import * as z from '../common/zod.js';
import { parseEvent } from '../edge/event-input.js';
import {
  DEFAULT_RUN_OPTIONS,
  type ReminderRunDependencies,
  type ReminderRunOptions,
} from '../features/reminders/run-dependencies.js';
import { type ReminderRunSummary, runReminders } from '../features/reminders/run-reminders.js';
import { type MailingDependencies, mailingDependencies } from '../wiring/mailing-dependencies.js';

/** An EventBridge "Scheduled Event" (also what the events contract test validates the samples with). */
export const ScheduledEventSchema = z.object({
  version: z.string(),
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  account: z.string(),
  /** EventBridge writes whole seconds in UTC (`2026-11-21T09:00:00Z`). */
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
});

export type ScheduledEvent = z.infer<typeof ScheduledEventSchema>;

export type RunResult = ReminderRunSummary & {
  /** Present when `continued`: the same event, to be delivered again to a fresh invocation (see docs/reminders.md). */
  readonly continuation?: ScheduledEvent;
};

/** Schedules a fresh invocation with the same event. In AWS infra wires it (destination rule); see the ADR. */
export type ContinueRun = (event: ScheduledEvent) => Promise<void>;

export interface SendDueRemindersOptions {
  readonly build?: (deps: MailingDependencies) => ReminderRunDependencies;
  readonly continueRun?: ContinueRun;
  readonly runOptions?: ReminderRunOptions;
  readonly loadDependencies?: () => Promise<MailingDependencies>;
}

export function runDependencies(deps: MailingDependencies): ReminderRunDependencies {
  const { repositories, client, config } = deps;
  return {
    trainers: repositories.trainers,
    reminderLedger: repositories.reminderLedger,
    runCheckpoints: repositories.runCheckpoints,
    suppressions: repositories.suppressions,
    readDue: (input) => dueTrainers({ client, tableName: config.TABLE_NAME, ...input }),
    mailer: deps.mailer,
    tokens: deps.tokens,
    links: deps.links,
    sender: deps.sender,
    clock: () => new Date(),
    logger,
    metric: emitMetric,
  };
}

/** Default continuation: the returned `continuation` payload is what the infra re-delivers. */
const returnContinuation: ContinueRun = async () => undefined;

export function createSendDueRemindersHandler(options: SendDueRemindersOptions = {}) {
  const build = options.build ?? runDependencies;
  const continueRun = options.continueRun ?? returnContinuation;
  const load = options.loadDependencies ?? mailingDependencies;
  return async (input: unknown, context: Context): Promise<RunResult> => {
    const event = parseEvent(ScheduledEventSchema, 'scheduled event', input);
    const eventTime = new Date(event.time);
    const summary = await runReminders(
      build(await load()),
      {
        runId: event.id,
        asOf: eventTime.toISOString().slice(0, 10),
        eventTime,
        holder: context.awsRequestId,
        remainingMs: () => context.getRemainingTimeInMillis(),
      },
      options.runOptions ?? DEFAULT_RUN_OPTIONS,
    );
    logger.info('reminder run finished', { ...summary });
    if (!summary.continued) return summary;
    await continueRun(event);
    return { ...summary, continuation: event };
  };
}

export const handler = middy<unknown, RunResult>().handler(createSendDueRemindersHandler());
