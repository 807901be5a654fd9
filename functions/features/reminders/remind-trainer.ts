/**
 * One trainer of the daily run: decide with core what is due, claim each reminder in the ledger, send ONE email
 * merging everything claimed, settle the ledger rows, then record what was sent on the trainer and advance
 * `nextReminderOn`. Every step is safe to repeat: the ledger claim is the exactly-once gate.
 */

import { type DueReminder, dueReminders, type Evaluation, evaluate } from '../../../core/index.js';
import type { RenderPng } from '../../adapters/cycle-timeline/index.js';
import { ItemNotFoundError } from '../../adapters/dynamodb/errors.js';
import type { ReminderKey } from '../../adapters/dynamodb/keys.js';
import { reminderSettingsOf, type TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type EmailMessage, RenderInputError, renderReminder } from '../../adapters/email/index.js';
import { actionRef } from '../../adapters/email/reminder-actions.js';
import {
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
  withThrottleRetry,
} from '../../adapters/ses/index.js';
import { reminderTags } from '../../adapters/ses/message-tags.js';
import { maskEmail } from '../../common/mask-email.js';
import { ledgerSortKeyOf, sentReminderKeys } from '../../record/next-reminder.js';
import { saveProfile } from '../../record/save-profile.js';
import type { ReminderRunDependencies, ReminderRunOptions } from './run-dependencies.js';
import { SES_SEND_THROTTLED_METRIC } from './send-pacing.js';

export interface TrainerOutcome {
  readonly emailsSent: 0 | 1;
  /** Reminders left PENDING (throttled, halted) or waiting on another holder's live claim. */
  readonly pending: number;
  readonly failed: number;
  /** Reminders left SENDING because SES may or may not have accepted them. */
  readonly outcomeUnknown: number;
  readonly suppressed: boolean;
  /** Rows a crashed run left SENDING that this trainer's claims met again past their lease (re-sent or given up). */
  readonly stuckSending: number;
  /** The trainer erased their data after the run read them: nothing was sent after the erasure was seen. */
  readonly erased?: boolean;
  /**
   * The run must send nothing more: SES stopped accepting mail for the account (`SendingHaltedError`), or the
   * emailed links cannot be rendered (a misconfigured BASE_URL would fail every trainer alike).
   */
  readonly halted?: RunHalt;
}

/** Why the run stopped sending; `code` is logged (never an address). */
export interface RunHalt {
  readonly code: string;
}

export interface RemindContext {
  readonly runId: string;
  readonly asOf: string;
  /** The event's time: what the email says "now" is (calendar DTSTAMP), identical on a replay. */
  readonly eventTime: Date;
}

const NOTHING: TrainerOutcome = {
  emailsSent: 0,
  pending: 0,
  failed: 0,
  outcomeUnknown: 0,
  suppressed: false,
  stuckSending: 0,
};
const ERASED: TrainerOutcome = { ...NOTHING, erased: true };

export function ledgerKeyOf(trainerId: string, reminder: DueReminder): ReminderKey {
  return {
    trainerId,
    code: reminder.evaluation.code,
    cycleExpiresOn: reminder.evaluation.expiresOn,
    milestoneId: reminder.milestone.id,
  };
}

interface Claims {
  readonly toSend: DueReminder[];
  /** Core keys already SENT (a previous run crashed before recording them on the trainer). */
  readonly sent: string[];
  /** Core keys that will never be sent (FAILED): the index must move past them. */
  readonly settled: string[];
  waiting: number;
  /** Rows this claim gave up on (re-send allowance used up): they count as failed in the run summary. */
  exhausted: number;
  /** Rows found SENDING past their lease: a run crashed between its claim and recording the send. */
  stuck: number;
}

async function claimAll(
  deps: ReminderRunDependencies,
  options: ReminderRunOptions,
  context: RemindContext,
  trainerId: string,
  due: readonly DueReminder[],
): Promise<Claims> {
  const claims: Claims = { toSend: [], sent: [], settled: [], waiting: 0, exhausted: 0, stuck: 0 };
  for (const reminder of due) {
    const key = ledgerKeyOf(trainerId, reminder);
    const now = deps.clock();
    const claim = await deps.reminderLedger.claim(key, {
      runId: context.runId,
      now,
      leaseSeconds: options.ledgerLeaseSeconds,
    });
    if (claim.claimed && claim.previous === 'SENDING') claims.stuck += 1;
    if (claim.claimed && claim.previous === 'SENDING' && claim.attempt > options.maxSendAttempts) {
      // Sent (maybe) maxSendAttempts times without ever learning the outcome: stop, never loop on it.
      await deps.reminderLedger.markFailed(key, { reason: 'ses.outcome-unknown-exhausted', now });
      claims.settled.push(reminder.key);
      claims.exhausted += 1;
    } else if (claim.claimed) {
      if (claim.previous === 'SENDING')
        deps.logger.warn('re-sending a reminder whose outcome stayed unknown', { trainerId, attempt: claim.attempt });
      claims.toSend.push(reminder);
    } else if (claim.current.status === 'SENT') claims.sent.push(reminder.key);
    else if (claim.current.status === 'FAILED') claims.settled.push(reminder.key);
    else claims.waiting += 1;
  }
  return claims;
}

function compose(
  deps: ReminderRunDependencies,
  context: RemindContext,
  trainer: TrainerRecord,
  evaluation: Evaluation,
  toSend: readonly DueReminder[],
  renderPng: RenderPng | undefined,
): EmailMessage {
  const now = deps.clock();
  return renderReminder({
    trainer: { id: trainer.trainerId, name: trainer.name },
    to: trainer.email,
    asOf: context.asOf,
    now: context.eventTime,
    evaluation,
    due: toSend.map((reminder) => ({ code: reminder.evaluation.code, milestone: reminder.milestone })),
    links: {
      statusUrl: deps.links.status(deps.tokens.issue('status', trainer.trainerId, now)),
      unsubscribeUrl: deps.links.unsubscribe(deps.tokens.issue('unsubscribe', trainer.trainerId, now)),
    },
    actionLink: (action) =>
      deps.links.reminderAction(
        deps.tokens.issue('reminder-action', trainer.trainerId, now, actionRef(action, context.asOf)),
      ),
    sender: deps.sender,
    ...(renderPng ? { renderPng } : {}),
  });
}

type SendResult =
  | { readonly kind: 'sent'; readonly keys: string[] }
  | { readonly kind: 'pending' | 'failed' | 'unknown'; readonly count: number; readonly halted?: RunHalt };

/**
 * A link the renderer refused comes from configuration (BASE_URL), not from this trainer: every trainer would fail
 * the same way, so the run must stop rather than mark them all FAILED and move the index past them.
 */
function isLinkError(error: RenderInputError): boolean {
  return error.field.startsWith('links.');
}

/** Sends the merged email for the claimed reminders and settles their ledger rows according to the outcome. */
async function sendAndSettle(
  deps: ReminderRunDependencies,
  options: ReminderRunOptions,
  context: RemindContext,
  trainer: TrainerRecord,
  evaluation: Evaluation,
  toSend: readonly DueReminder[],
): Promise<SendResult> {
  const keys = toSend.map((reminder) => ledgerKeyOf(trainer.trainerId, reminder));
  const settleAll = (settle: (key: ReminderKey, now: Date) => Promise<void>) =>
    Promise.all(keys.map((key) => settle(key, deps.clock())));
  // Loaded once per container on the first email; it never throws (without it the email goes without its picture).
  const renderPng = await deps.timelinePng?.();
  let message: EmailMessage;
  try {
    message = compose(deps, context, trainer, evaluation, toSend, renderPng);
  } catch (error) {
    if (!(error instanceof RenderInputError)) throw error;
    if (isLinkError(error)) {
      // Nothing was sent: hand the claims back (no attempt used) so a run with a fixed BASE_URL sends them.
      // The URL itself carries a token: log the field only.
      deps.logger.error('emailed links are refused by the renderer; check BASE_URL', { field: error.field });
      await settleAll((key, now) =>
        deps.reminderLedger.markPending(key, { retryAfter: now, reason: 'render.invalid-link', now }),
      );
      return { kind: 'pending', count: keys.length, halted: { code: 'render.invalid-link' } };
    }
    deps.logger.error('reminder could not be rendered', { trainerId: trainer.trainerId, error });
    await settleAll((key, now) => deps.reminderLedger.markFailed(key, { reason: 'render.invalid-input', now }));
    return { kind: 'failed', count: keys.length };
  }
  const tags = reminderTags(
    trainer.trainerId,
    toSend.map((reminder) => ledgerSortKeyOf(reminder.key)),
  );
  try {
    const { messageId } = await withThrottleRetry(() => deps.mailer.send(message, { tags }), {
      ...options.throttleRetry,
      // Paced under the quota, the run should never be throttled: each one is counted (and alarmed on).
      onThrottled: () => deps.metric(SES_SEND_THROTTLED_METRIC, 1),
    });
    await settleAll((key, now) => deps.reminderLedger.markSent(key, { messageId, now }));
    return { kind: 'sent', keys: toSend.map((reminder) => reminder.key) };
  } catch (error) {
    const to = maskEmail(trainer.email);
    if (error instanceof SendThrottledError || error instanceof SendingHaltedError) {
      const retryAfter = (now: Date) =>
        error instanceof SendThrottledError ? new Date(now.getTime() + options.pendingRetrySeconds * 1000) : now;
      await settleAll((key, now) =>
        deps.reminderLedger.markPending(key, { retryAfter: retryAfter(now), reason: error.code, now }),
      );
      deps.logger.warn('reminder left pending', { trainerId: trainer.trainerId, to, code: error.code });
      return error instanceof SendingHaltedError
        ? { kind: 'pending', count: keys.length, halted: error }
        : { kind: 'pending', count: keys.length };
    }
    if (error instanceof PermanentRejectionError) {
      await settleAll((key, now) => deps.reminderLedger.markFailed(key, { reason: error.awsErrorName, now }));
      deps.logger.warn('reminder rejected for this address', { trainerId: trainer.trainerId, to, code: error.code });
      return { kind: 'failed', count: keys.length };
    }
    if (error instanceof SendOutcomeUnknownError) {
      // Maybe accepted: leave the rows SENDING. Reconciled by an SES Send event, else re-sent once after the lease.
      deps.logger.warn('reminder outcome unknown, left SENDING', { trainerId: trainer.trainerId, to });
      return { kind: 'unknown', count: keys.length };
    }
    throw error;
  }
}

/** Records sent reminders on the trainer and moves the due index on, through the one record seam. */
async function recordOnTrainer(
  deps: ReminderRunDependencies,
  asOf: string,
  trainer: TrainerRecord,
  sentKeys: readonly string[],
  settledKeys: readonly string[],
): Promise<void> {
  await saveProfile(
    deps.trainers,
    trainer,
    () => ({ sentKeys: sentKeys.map(ledgerSortKeyOf), settledKeys }),
    deps.clock(),
    asOf,
  );
}

/** Gives back the claims of a trainer who erased their data since the run read them: nothing is sent or kept. */
async function releaseClaims(
  deps: ReminderRunDependencies,
  context: RemindContext,
  trainerId: string,
  claimed: readonly DueReminder[],
): Promise<TrainerOutcome> {
  await Promise.all(claimed.map((reminder) => deps.reminderLedger.release(ledgerKeyOf(trainerId, reminder), context)));
  deps.logger.info('trainer erased during the run: nothing sent', { trainerId });
  return ERASED;
}

/**
 * Processes one due trainer end to end. Throws only on infrastructure failures (the run then stops and resumes).
 * `fromIndex` may be minutes old (a due-index page): the trainer is read again, so an erasure or suppression since
 * then wins, and read once more after the claims, so one that lands between the two still sends nothing.
 */
export async function remindTrainer(
  deps: ReminderRunDependencies,
  options: ReminderRunOptions,
  context: RemindContext,
  fromIndex: TrainerRecord,
): Promise<TrainerOutcome> {
  const trainer = await deps.trainers.get(fromIndex.trainerId);
  if (trainer === undefined) return ERASED;
  // The index excludes suppressed trainers, but an unsubscribe can race a confirmation: check the list itself.
  if (trainer.suppressed) return { ...NOTHING, suppressed: true };
  if (await deps.suppressions.isSuppressed(trainer.email)) {
    // Flag the trainer so they leave the due index instead of being read (and skipped) on every run.
    await deps.trainers.markSuppressed(trainer.trainerId, deps.clock());
    return { ...NOTHING, suppressed: true };
  }
  const evaluation = evaluate(trainer.profile, context.asOf, reminderSettingsOf(trainer));
  const due = dueReminders(evaluation, context.asOf, sentReminderKeys(trainer.remindersSent));
  let claims: Claims;
  let result: SendResult;
  try {
    claims = await claimAll(deps, options, context, trainer.trainerId, due);
    if (claims.toSend.length > 0 && (await deps.trainers.get(trainer.trainerId)) === undefined) {
      return await releaseClaims(deps, context, trainer.trainerId, claims.toSend);
    }
    result =
      claims.toSend.length > 0
        ? await sendAndSettle(deps, options, context, trainer, evaluation, claims.toSend)
        : { kind: 'pending', count: 0 };
  } catch (error) {
    // The ledger rows vanished under the run: the trainer erased their data mid-send. The rest of the run goes on.
    if (error instanceof ItemNotFoundError && (await deps.trainers.get(trainer.trainerId)) === undefined) {
      deps.logger.warn('trainer erased while their reminder was being sent', { trainerId: trainer.trainerId });
      return ERASED;
    }
    throw error;
  }
  const sent = [...claims.sent, ...(result.kind === 'sent' ? result.keys : [])];
  const settled = [...claims.settled, ...(result.kind === 'failed' ? claims.toSend.map((r) => r.key) : [])];
  // Open reminders (pending, unknown, held elsewhere) are neither sent nor settled, so the computed date stays
  // on or before asOf and the trainer remains due for the next attempt.
  await recordOnTrainer(deps, context.asOf, trainer, sent, settled);
  return {
    emailsSent: result.kind === 'sent' ? 1 : 0,
    pending: claims.waiting + (result.kind === 'pending' ? result.count : 0),
    failed: claims.exhausted + (result.kind === 'failed' ? result.count : 0),
    outcomeUnknown: result.kind === 'unknown' ? result.count : 0,
    suppressed: false,
    stuckSending: claims.stuck,
    ...(result.kind === 'pending' && result.halted ? { halted: result.halted } : {}),
  };
}
