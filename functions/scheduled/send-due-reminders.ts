/**
 * The daily reminder run (EventBridge schedule → this Lambda; locally `npm run scan -- --today YYYY-MM-DD`).
 * `asOf` is the event's UTC date and the run id its id, so a replayed event decides the same way; the lease holder
 * is the Lambda request id, because the same event can arrive twice. The work itself: functions/features/reminders/.
 */
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import {
  type ReminderRunDependencies,
  type ReminderRunOptions,
  runDependencies,
  runOptionsFromEnv,
} from '../features/reminders/run-dependencies.js';
import { type ReminderRunSummary, runInputOf, runReminders } from '../features/reminders/run-reminders.js';
import { reportRun } from '../features/reminders/run-report.js';
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

/** The defaults with the pacing variables applied, read per invocation: a bad value fails that invocation loudly. */
const envRunOptions = (): ReminderRunOptions => runOptionsFromEnv(process.env);

/** Default continuation: the returned `continuation` payload is what the infra re-delivers. */
const returnContinuation: ContinueRun = async () => undefined;

export function createSendDueRemindersHandler(options: SendDueRemindersOptions = {}) {
  const { build = runDependencies, continueRun = returnContinuation, loadDependencies = mailingDependencies } = options;
  return eventRoute(
    { schema: ScheduledEventSchema, kind: 'scheduled event' },
    async (event, context): Promise<RunResult> => {
      const deps = build(await loadDependencies());
      const summary = await runReminders(deps, runInputOf(event, context), options.runOptions ?? envRunOptions());
      reportRun(summary);
      if (!summary.continued) return summary;
      await continueRun(event);
      return { ...summary, continuation: event };
    },
  );
}

export const handler = createSendDueRemindersHandler();
