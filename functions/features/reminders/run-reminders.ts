/**
 * The daily reminder run: one lease per run date, the due index read shard by shard from the saved cursors, each
 * due trainer reminded once (see remind-trainer.ts), a checkpoint after every page, and a hand-over to a fresh
 * invocation when the Lambda is about to run out of time or the run's share of the SES quota. Every send is paced
 * under the account's quota (send-pacing.ts, docs/adr/0025). Why it is exactly-once: docs/adr/0010.
 */
import type { DueCursor, DueIndexKey, DuePage } from '../../adapters/dynamodb/due-index.js';
import { dueShardKey, dueShardNumber, keys } from '../../adapters/dynamodb/keys.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type RemindContext, remindTrainer } from './remind-trainer.js';
import { DEFAULT_RUN_OPTIONS, type ReminderRunDependencies, type ReminderRunOptions } from './run-dependencies.js';
import {
  createTokenBucket,
  type PacedMailer,
  pacedMailer,
  planSending,
  quotaReadHalt,
  SEND_QUOTA_REACHED_METRIC,
  type SendPlan,
  trainersInFlightFor,
} from './send-pacing.js';

export interface ReminderRunInput {
  /** The scheduled event's id: the same on a duplicate delivery. */
  readonly runId: string;
  /** The event's UTC calendar date. */
  readonly asOf: string;
  readonly eventTime: Date;
  /** This invocation (the Lambda request id): two deliveries of one event are two holders. */
  readonly holder: string;
  readonly remainingMs: () => number;
}

/**
 * The run input of one invocation for a scheduled event: `asOf` is the event's UTC date and the run id its id, so a
 * replayed event decides the same way; the lease holder is the invocation, because one event can arrive twice.
 */
export function runInputOf(
  event: { readonly id: string; readonly time: string },
  invocation: { readonly awsRequestId: string; getRemainingTimeInMillis(): number },
): ReminderRunInput {
  const eventTime = new Date(event.time);
  return {
    runId: event.id,
    asOf: eventTime.toISOString().slice(0, 10),
    eventTime,
    holder: invocation.awsRequestId,
    remainingMs: () => invocation.getRemainingTimeInMillis(),
  };
}

/** Metric (count) of due-index items skipped because they are not valid trainers: alarmed in infra. */
export const INVALID_DUE_RECORDS_METRIC = 'InvalidDueRecords';
/** Emitted once per day's run that reached its end: the heartbeat a missing run is alarmed on. */
export const RUN_COMPLETED_METRIC = 'ReminderRunCompleted';

const SENDING_HALTED_METRIC = 'SendingHalted';
/** Metric (count) of ledger rows a crashed run left SENDING, met again by a claim past their lease: alarmed in infra. */
export const REMINDERS_STUCK_SENDING_METRIC = 'RemindersStuckSending';

/**
 * `quota-exhausted`: an invocation found nothing left of the run's 24-hour budget and ended without a continuation
 * (an immediate one would find the same quota); the day's lease is released, so a later delivery resumes.
 */
export type RunStatus =
  | 'completed'
  | 'continued'
  | 'halted'
  | 'quota-exhausted'
  | 'already-completed'
  | 'held-elsewhere';

export interface ReminderRunSummary {
  readonly status: RunStatus;
  readonly runId: string;
  readonly asOf: string;
  readonly trainersRead: number;
  /** Items DynamoDB read from the due index (the read-amplification numerator). */
  readonly itemsRead: number;
  readonly emailsSent: number;
  readonly pending: number;
  readonly failed: number;
  readonly outcomeUnknown: number;
  readonly suppressed: number;
  /** Reminders a crashed run left SENDING, met again past their lease by this invocation's claims (ADR 0032). */
  readonly stuckSending: number;
  readonly halted: boolean;
  readonly continued: boolean;
}

/** Resume right after this trainer in its shard: the `byDue` key of the item as it was read. */
function cursorAfter(trainer: TrainerRecord): DueIndexKey {
  return {
    ...keys.trainer(trainer.trainerId),
    dueShard: dueShardKey(dueShardNumber(trainer.trainerId)),
    dueOn: trainer.nextReminderOn ?? '',
  };
}

/** Index items that are not valid trainers are skipped by the reader; make them visible (log + alarm metric). */
function reportInvalid(deps: ReminderRunDependencies, invalid: DuePage['invalid']): void {
  if (invalid.length === 0) return;
  deps.metric(INVALID_DUE_RECORDS_METRIC, invalid.length);
  for (const item of invalid) {
    // The logger masks any address the validation message quotes; the pk names the trainer, not the person.
    deps.logger.error('due index item is not a valid trainer; skipped', { pk: item.pk, problem: item.problem });
  }
}

type Pacing =
  | {
      readonly kind: 'paced';
      readonly plan: SendPlan;
      readonly mailer: PacedMailer;
      /** How many trainers run at once: enough to keep the bucket busy (see `trainersInFlightFor`). */
      readonly trainersInFlight: number;
    }
  | { readonly kind: 'halted' | 'quota-exhausted' };

/** Reads the quota and builds this invocation's paced mailer, or says why nothing may be sent. */
async function startPacing(deps: ReminderRunDependencies, options: ReminderRunOptions): Promise<Pacing> {
  let plan: SendPlan | undefined;
  try {
    plan = planSending(await deps.sendQuota(), options.pacing);
  } catch (error) {
    const halt = quotaReadHalt(error);
    // Anything but a refusal (a timeout, a 5xx) fails the invocation: Lambda retries it, the Errors alarm fires.
    if (!halt) throw error;
    deps.metric(SENDING_HALTED_METRIC, 1);
    deps.logger.error('the SES send quota could not be read; nothing is sent unpaced', { code: halt.code });
    return { kind: 'halted' };
  }
  if (!plan) {
    deps.metric(SENDING_HALTED_METRIC, 1);
    deps.logger.error('SES grants no send rate; nothing is sent');
    return { kind: 'halted' };
  }
  const { quota, ratePerSecond, budget } = plan;
  deps.logger.info('send quota read', {
    source: quota.source,
    maxSendRate: quota.maxSendRate,
    max24HourSend: Number.isFinite(quota.max24HourSend) ? quota.max24HourSend : 'unlimited',
    sentLast24Hours: quota.sentLast24Hours,
    ratePerSecond,
    budget: Number.isFinite(budget) ? budget : 'unlimited',
  });
  if (budget <= 0) {
    quotaReached(deps, plan, 0);
    return { kind: 'quota-exhausted' };
  }
  const bucket = createTokenBucket({ ratePerSecond }, deps.pacingClock);
  return {
    kind: 'paced',
    plan,
    mailer: pacedMailer(deps.mailer, bucket),
    trainersInFlight: trainersInFlightFor(ratePerSecond, options.pacing.maxTrainersInFlight),
  };
}

function quotaReached(deps: ReminderRunDependencies, plan: SendPlan, sent: number): void {
  deps.metric(SEND_QUOTA_REACHED_METRIC, 1);
  deps.logger.warn("the run's share of the 24-hour SES quota is used up; the rest waits for quota", {
    sent,
    budget: plan.budget,
    max24HourSend: plan.quota.max24HourSend,
    sentLast24Hours: plan.quota.sentLast24Hours,
  });
}

type Counts = {
  -readonly [K in keyof Omit<ReminderRunSummary, 'status' | 'runId' | 'asOf' | 'halted' | 'continued'>]: number;
};

/** What every page of one invocation shares. */
interface PageRun {
  readonly deps: ReminderRunDependencies;
  readonly options: ReminderRunOptions;
  readonly input: ReminderRunInput;
  readonly counts: Counts;
  readonly pacing: Extract<Pacing, { kind: 'paced' }>;
  readonly context: RemindContext;
  /** `deps` with the paced mailer. */
  readonly paced: ReminderRunDependencies;
}

interface PageEnd {
  readonly stop?: 'continued' | 'halted';
  /** When the page stopped early: resume right after this trainer (none: the shard's cursor stays where it was). */
  readonly resumeAfter?: TrainerRecord;
}

/**
 * One page's trainers in index order, up to `pacing.trainersInFlight` at a time (ADR 0025): while one trainer
 * waits on DynamoDB another one's email goes out, so the run keeps up with its token bucket. A trainer is started
 * only while there is time, budget and no halt; every started trainer is finished before this returns, so the
 * trainers done are always a prefix of the page and the cursor can follow them.
 */
async function remindPage(run: PageRun, page: DuePage): Promise<PageEnd> {
  const { deps, options, input, counts, pacing } = run;
  const running = new Set<Promise<void>>();
  let started = 0;
  let haltedAt: number | undefined;
  let failure: { readonly error: unknown } | undefined;
  let stop: 'continued' | undefined;
  for (const [index, trainer] of page.trainers.entries()) {
    while (running.size >= pacing.trainersInFlight) await Promise.race(running);
    if (haltedAt !== undefined || failure) break;
    if (input.remainingMs() < options.minRemainingMs) {
      stop = 'continued';
      break;
    }
    // A trainer gets at most one email, so counting the started ones too keeps the run within its budget. The
    // continuation re-reads the quota: SES's rolling 24 hours may have freed some by then, else it ends there.
    if (pacing.mailer.used() + running.size >= pacing.plan.budget) {
      quotaReached(deps, pacing.plan, pacing.mailer.used());
      stop = 'continued';
      break;
    }
    started = index + 1;
    counts.trainersRead += 1;
    const task: Promise<void> = remindTrainer(run.paced, options, run.context, trainer)
      .then(
        (outcome) => {
          counts.emailsSent += outcome.emailsSent;
          counts.pending += outcome.pending;
          counts.failed += outcome.failed;
          counts.outcomeUnknown += outcome.outcomeUnknown;
          counts.suppressed += outcome.suppressed ? 1 : 0;
          counts.stuckSending += outcome.stuckSending;
          if (outcome.stuckSending > 0) deps.metric(REMINDERS_STUCK_SENDING_METRIC, outcome.stuckSending);
          if (!outcome.halted) return;
          if (haltedAt === undefined) {
            deps.metric(SENDING_HALTED_METRIC, 1);
            deps.logger.error('the run stopped sending; the rest of the run is left for later', {
              code: outcome.halted.code,
            });
          }
          // The earliest halted trainer stays due (its rows are PENDING): resume before it, not after.
          haltedAt = Math.min(haltedAt ?? index, index);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
  if (haltedAt !== undefined) return { stop: 'halted', ...resumeAfter(page, haltedAt) };
  if (stop) return { stop, ...resumeAfter(page, started) };
  return {};
}

/** The trainer before position `index` of the page, if any: where a stopped shard resumes after. */
function resumeAfter(page: DuePage, index: number): Pick<PageEnd, 'resumeAfter'> {
  const trainer = index > 0 ? page.trainers[index - 1] : undefined;
  return trainer ? { resumeAfter: trainer } : {};
}

export async function runReminders(
  deps: ReminderRunDependencies,
  input: ReminderRunInput,
  options: ReminderRunOptions = DEFAULT_RUN_OPTIONS,
): Promise<ReminderRunSummary> {
  const counts = {
    trainersRead: 0,
    itemsRead: 0,
    emailsSent: 0,
    pending: 0,
    failed: 0,
    outcomeUnknown: 0,
    suppressed: 0,
    stuckSending: 0,
  };
  const summary = (status: RunStatus): ReminderRunSummary => ({
    status,
    runId: input.runId,
    asOf: input.asOf,
    ...counts,
    halted: status === 'halted',
    continued: status === 'continued',
  });
  const leaseUntil = () => new Date(deps.clock().getTime() + options.runLeaseSeconds * 1000);
  const holder = { runDate: input.asOf, holder: input.holder };
  const lease = await deps.runCheckpoints.acquireRunLease({
    ...holder,
    runId: input.runId,
    now: deps.clock(),
    leaseUntil: leaseUntil(),
  });
  if (!lease.acquired) return summary(lease.reason === 'completed' ? 'already-completed' : 'held-elsewhere');

  try {
    const pacing = await startPacing(deps, options);
    if (pacing.kind !== 'paced') {
      await deps.runCheckpoints.releaseRunLease({ ...holder, now: deps.clock() });
      return summary(pacing.kind);
    }
    // Every send of this invocation goes through the bucket; the rest of the dependencies are the caller's.
    const paced: ReminderRunDependencies = { ...deps, mailer: pacing.mailer };
    const context = { runId: input.runId, asOf: input.asOf, eventTime: input.eventTime };
    const run: PageRun = { deps, options, input, counts, pacing, context, paced };
    let stop: 'continued' | 'halted' | undefined;
    for await (const page of deps.readDue({ asOf: input.asOf, shardCursors: lease.checkpoint.cursors })) {
      counts.itemsRead += page.itemsRead;
      reportInvalid(deps, page.invalid);
      const end = await remindPage(run, page);
      stop = end.stop;
      const cursor: DueCursor | undefined = stop
        ? end.resumeAfter
          ? cursorAfter(end.resumeAfter)
          : undefined
        : page.cursor;
      if (cursor)
        await deps.runCheckpoints.saveCursor({
          ...holder,
          shard: page.shard,
          cursor,
          now: deps.clock(),
          leaseUntil: leaseUntil(),
        });
      if (stop) break;
    }
    if (stop) {
      await deps.runCheckpoints.releaseRunLease({ ...holder, now: deps.clock() });
      return summary(stop);
    }
    await deps.runCheckpoints.complete({ ...holder, now: deps.clock() });
    deps.metric(RUN_COMPLETED_METRIC, 1);
    return summary('completed');
  } catch (error) {
    // Hand the lease over at once so Lambda's retry (a new request id) resumes from the checkpoint, not in 15 min.
    await deps.runCheckpoints.releaseRunLease({ ...holder, now: deps.clock() }).catch(() => undefined);
    throw error;
  }
}
