/**
 * The daily reminder run: one lease per run date, the due index read shard by shard from the saved cursors, each
 * due trainer reminded once (see remind-trainer.ts), a checkpoint after every page, and a hand-over to a fresh
 * invocation when the Lambda is about to run out of time. Why it is exactly-once: docs/adr/0010.
 */
import type { DueCursor, DueIndexKey, DuePage } from '../../adapters/dynamodb/due-index.js';
import { dueShardKey, dueShardNumber, keys } from '../../adapters/dynamodb/keys.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { reconcileStuckSending } from './reconcile-stuck.js';
import { remindTrainer } from './remind-trainer.js';
import { DEFAULT_RUN_OPTIONS, type ReminderRunDependencies, type ReminderRunOptions } from './run-dependencies.js';

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

export type RunStatus = 'completed' | 'continued' | 'halted' | 'already-completed' | 'held-elsewhere';

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
  /** Reminders a crashed run left SENDING past their lease, found at the start of this invocation. */
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
    counts.stuckSending = await reconcileStuckSending(deps, options, input.asOf);
    const context = { runId: input.runId, asOf: input.asOf, eventTime: input.eventTime };
    let stop: 'continued' | 'halted' | undefined;
    for await (const page of deps.readDue({ asOf: input.asOf, shardCursors: lease.checkpoint.cursors })) {
      counts.itemsRead += page.itemsRead;
      reportInvalid(deps, page.invalid);
      let last: TrainerRecord | undefined;
      for (const trainer of page.trainers) {
        if (input.remainingMs() < options.minRemainingMs) {
          stop = 'continued';
          break;
        }
        counts.trainersRead += 1;
        const outcome = await remindTrainer(deps, options, context, trainer);
        counts.emailsSent += outcome.emailsSent;
        counts.pending += outcome.pending;
        counts.failed += outcome.failed;
        counts.outcomeUnknown += outcome.outcomeUnknown;
        counts.suppressed += outcome.suppressed ? 1 : 0;
        if (outcome.halted) {
          deps.metric('SendingHalted', 1);
          deps.logger.error('the run stopped sending; the rest of the run is left for later', {
            code: outcome.halted.code,
          });
          stop = 'halted';
          break; // this trainer stays due (its rows are PENDING): resume before it, not after
        }
        last = trainer;
      }
      const cursor: DueCursor | undefined = stop ? (last ? cursorAfter(last) : undefined) : page.cursor;
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
