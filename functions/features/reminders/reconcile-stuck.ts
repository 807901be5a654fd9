/**
 * Rows a crashed run left SENDING past their lease. A row whose reminder is still due stays as it is: the run's
 * normal pass re-claims it (`previous: 'SENDING'`) and re-sends it once, unless an SES Send event marked it SENT in
 * the meantime (record-delivery-event.ts). A row whose reminder is no longer due (a later milestone superseded it,
 * or the trainer was suppressed or deleted) would otherwise sit in the SENDING index forever: it is closed FAILED.
 */
import { dueReminders, evaluate, reminderKey } from '../../../core/index.js';
import type { ReminderLedgerEntry } from '../../adapters/dynamodb/reminder-ledger-repository.js';
import { sentReminderKeys } from '../../record/next-reminder.js';
import type { ReminderRunDependencies, ReminderRunOptions } from './run-dependencies.js';

async function stillDue(deps: ReminderRunDependencies, row: ReminderLedgerEntry, asOf: string): Promise<boolean> {
  const trainer = await deps.trainers.get(row.key.trainerId);
  if (!trainer || trainer.suppressed) return false;
  const due = dueReminders(evaluate(trainer.profile, asOf), asOf, sentReminderKeys(trainer.remindersSent));
  const key = reminderKey(row.key.code, row.key.cycleExpiresOn, row.key.milestoneId);
  return due.some((reminder) => reminder.key === key);
}

/** Metric (count) of ledger rows found SENDING past their lease at the start of an invocation: alarmed in infra. */
export const REMINDERS_STUCK_SENDING_METRIC = 'RemindersStuckSending';

/** Returns how many stuck rows were found (emitted as the `RemindersStuckSending` metric). */
export async function reconcileStuckSending(
  deps: ReminderRunDependencies,
  options: ReminderRunOptions,
  asOf: string,
): Promise<number> {
  const now = deps.clock();
  const stuck = await deps.reminderLedger.listStuckSending(new Date(now.getTime() - options.ledgerLeaseSeconds * 1000));
  if (stuck.length === 0) return 0;
  deps.metric(REMINDERS_STUCK_SENDING_METRIC, stuck.length);
  for (const row of stuck) {
    if (await stillDue(deps, row, asOf)) continue;
    await deps.reminderLedger.markFailed(row.key, { reason: 'ses.outcome-unknown-superseded', now: deps.clock() });
  }
  return stuck.length;
}
