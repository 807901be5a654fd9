import {
  type CertificationEvaluation,
  type CompletionCredit,
  type Evaluation,
  findCredential,
} from '../../../core/index.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { renderCreditRecorded } from '../../adapters/email/index.js';
import { logger } from '../../common/logger.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { creditSummary } from './completion-payload.js';

/** The certifications a credit counts toward, in evaluation order: what the email reports progress on. */
export function certificationsFor(credit: CompletionCredit, evaluation: Evaluation): CertificationEvaluation[] {
  if (credit.kind === 'specialization') {
    const entry = findCredential(credit.credential.code, credit.credential.earnedOn);
    const targets = entry?.kind === 'specialization' ? entry.countsToward : [];
    return evaluation.certifications.filter((cert) => targets.includes(cert.code));
  }
  const units = credit.activity.units;
  return evaluation.certifications.filter((cert) => units[cert.body] !== undefined);
}

export type CreditEmailOutcome = 'sent' | 'suppressed' | 'nothing-to-report' | 'failed';

/**
 * One short "credit recorded" email, unless the address is suppressed (unsubscribed, bounced, complained).
 * A failed send is logged, not thrown: the credit is on the record either way, and a provider retry must not
 * re-apply it to get a second chance at the email.
 */
export async function sendCreditRecorded(
  deps: Pick<MailingDependencies, 'repositories' | 'tokens' | 'links' | 'mailer' | 'sender'>,
  trainer: TrainerRecord,
  credit: CompletionCredit,
  evaluation: Evaluation,
  now: Date,
): Promise<CreditEmailOutcome> {
  if (trainer.suppressed || (await deps.repositories.suppressions.isSuppressed(trainer.email))) return 'suppressed';
  const certifications = certificationsFor(credit, evaluation);
  if (certifications.length === 0) return 'nothing-to-report';
  const summary = creditSummary(credit);
  const message = renderCreditRecorded({
    name: trainer.name,
    to: trainer.email,
    credit: summary,
    certifications,
    statusUrl: deps.links.status(deps.tokens.issue('status', trainer.trainerId, now)),
    unsubscribeUrl: deps.links.unsubscribe(deps.tokens.issue('unsubscribe', trainer.trainerId, now)),
    sender: deps.sender,
  });
  try {
    await deps.mailer.send(message, { tags: { messageType: 'credit-recorded' } });
    return 'sent';
  } catch (error) {
    logger.warn('credit email not sent', { trainerId: trainer.trainerId, error });
    return 'failed';
  }
}
