import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { renderResubscribe } from '../../adapters/email/index.js';
import { SendOutcomeUnknownError } from '../../adapters/ses/index.js';
import { HttpError, UnauthorizedError } from '../../common/errors.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { saveProfile } from '../../record/save-profile.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';

export class ResubscribeEmailNotSentError extends HttpError {
  override readonly name = 'ResubscribeEmailNotSentError';
  readonly statusCode = 503;
  readonly code = 'email.not-sent';
  override readonly retryAfterSeconds = 120;
  constructor() {
    super('We could not send the email just now. Nothing changed; please try again in a few minutes.');
  }
}

/**
 * "Turn reminders back on" from the status page: a fresh confirmed opt-in. Emails the trainer a link that turns
 * reminders on; nothing changes until it is used. Returns false when reminders are already on (nothing sent).
 */
export async function requestResubscribe(
  deps: MailingDependencies,
  trainer: TrainerRecord,
  now: Date,
): Promise<boolean> {
  if (!trainer.suppressed) return false;
  const resubscribeUrl = deps.links.resubscribe(deps.tokens.issue('resubscribe', trainer.trainerId, now));
  const message = renderResubscribe({ name: trainer.name, to: trainer.email, resubscribeUrl, sender: deps.sender });
  try {
    await deps.mailer.send(message, { tags: { purpose: 'resubscribe' } });
  } catch (error) {
    // Maybe sent: answering "sent" is right, and the trainer can ask again if nothing arrives.
    if (error instanceof SendOutcomeUnknownError) return true;
    logger.warn('resubscribe email not sent', { email: maskEmail(trainer.email), error });
    throw new ResubscribeEmailNotSentError();
  }
  logger.info('resubscribe email sent', { trainerId: trainer.trainerId });
  return true;
}

/**
 * The link from that email, posted from its confirmation page: the address leaves the suppression list and the
 * trainer goes back into the due index with their next reminder computed. Idempotent; a deleted trainer gets the
 * expired-link answer. Returns the trainer's id.
 */
export async function resubscribe(deps: Dependencies, token: string, now: Date): Promise<string> {
  const { subject } = deps.tokens.verify(token, 'resubscribe', now);
  const trainer = await deps.repositories.trainers.get(subject);
  if (!trainer) throw new UnauthorizedError();
  await deps.repositories.suppressions.remove(trainer.email);
  const saved = await saveProfile(deps.repositories.trainers, trainer, () => ({ resubscribed: true }), now);
  if (saved.kind === 'missing') throw new UnauthorizedError();
  logger.info('reminders turned back on', { trainerId: trainer.trainerId });
  return trainer.trainerId;
}
