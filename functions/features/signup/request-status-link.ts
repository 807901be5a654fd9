import { stopsAllMail } from '../../adapters/dynamodb/suppression-repository.js';
import { renderStatusLink } from '../../adapters/email/index.js';
import {
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from '../../adapters/ses/index.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { TOKEN_LIFETIME_SECONDS } from '../../common/tokens.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { withIntakeFloor } from './response-floor.js';

/** What happened, for the log and the tests only: the HTTP answer never depends on it. */
export type StatusLinkOutcome =
  | 'sent'
  | 'unknown-address'
  | 'suppressed'
  | 'rate-limited'
  /** SES may or may not have sent it: the hour's hold stays, so a blind resend cannot become a second email. */
  | 'send-outcome-unknown'
  /** SES certainly sent nothing (throttled, sending paused, rejected): the hold was given back. */
  | 'not-sent';

/** A trainer id that is never issued (`newTrainerId` ids start with `t_` and are longer): reading it finds nothing. */
const NO_TRAINER = 't_none';

const SECONDS_PER_DAY = 86_400;
const STATUS_LINK_DAYS = TOKEN_LIFETIME_SECONDS.status / SECONDS_PER_DAY;

/**
 * The trainer who owns the address, if they really exist, and whether its mailbox refuses mail (a bounce or a
 * complaint under any spelling of it; an unsubscribe stops reminders, not the answer to a trainer's own request). The same reads happen for
 * every address, known or not (a key that never exists for unknown ones).
 */
async function ownerOf(deps: MailingDependencies, email: string) {
  const { emailClaims, trainers, suppressions } = deps.repositories;
  const [ownerId, suppression] = await Promise.all([emailClaims.find(email), suppressions.get(email)]);
  const owner = await trainers.get(ownerId ?? NO_TRAINER);
  return {
    owner: owner && { trainerId: owner.trainerId, email: owner.email },
    refusesMail: suppression !== undefined && stopsAllMail(suppression),
  };
}

/**
 * "Email me my link": sends one email with a fresh status link to the confirmed trainer holding `email`, unless the
 * address bounced or complained, or a link already went to its mailbox in the last hour under any spelling (`+tag`,
 * Gmail dots; a conditional write, so two requests racing each other send one email). Anything else sends nothing.
 * Never throws for an SES failure: the caller must answer alike for every address. Only known addresses reach SES,
 * so every path answers no sooner than the intake floor (ADR 0024) and the send's time does not give them away.
 */
export function requestStatusLink(deps: MailingDependencies, email: string, now: Date): Promise<StatusLinkOutcome> {
  return withIntakeFloor(deps.intakeFloor, () => request(deps, email, now));
}

async function request(deps: MailingDependencies, email: string, now: Date): Promise<StatusLinkOutcome> {
  const { owner, refusesMail } = await ownerOf(deps, email);
  let outcome: StatusLinkOutcome;
  if (owner === undefined) outcome = 'unknown-address';
  else if (refusesMail) outcome = 'suppressed';
  else if (!(await deps.repositories.statusLinkRequests.claim(email, now))) outcome = 'rate-limited';
  else outcome = await sendLink(deps, owner, now);
  logger.info('status link requested', { email: maskEmail(email), outcome });
  return outcome;
}

/** Sends to the address the trainer confirmed (as they spelled it then), not to what was typed in the form. */
async function sendLink(
  deps: MailingDependencies,
  { trainerId, email }: { readonly trainerId: string; readonly email: string },
  now: Date,
): Promise<StatusLinkOutcome> {
  const statusUrl = deps.links.status(deps.tokens.issue('status', trainerId, now));
  const validUntil = new Date(now.getTime() + TOKEN_LIFETIME_SECONDS.status * 1000).toISOString().slice(0, 10);
  const message = renderStatusLink({
    to: email,
    statusUrl,
    validDays: STATUS_LINK_DAYS,
    validUntil,
    sender: deps.sender,
  });
  try {
    await deps.mailer.send(message, { tags: { purpose: 'status-link' } });
    return 'sent';
  } catch (error) {
    // Turning an adapter outcome into a domain outcome. If the email may have gone out, keep the hour's hold (a
    // second link within the hour is what the hold exists to prevent); if it surely did not, give the hold back so
    // the trainer can ask again at once. Either way the caller answers as if sent: an error here would only ever
    // happen for known addresses.
    if (error instanceof SendOutcomeUnknownError) {
      logger.warn('status link email outcome unknown; address held for the hour', { email: maskEmail(email), error });
      return 'send-outcome-unknown';
    }
    await deps.repositories.statusLinkRequests.release(email, now);
    // Anything but an SES answer is a bug, not an outcome: let it fail loudly like anywhere else.
    if (!surelyNotSent(error)) throw error;
    logger.warn('status link email not sent; hold released', { email: maskEmail(email), error });
    return 'not-sent';
  }
}

/** The SES answers that mean nothing went out (see send-errors.ts). */
function surelyNotSent(error: unknown): boolean {
  return (
    error instanceof SendThrottledError ||
    error instanceof SendingHaltedError ||
    error instanceof PermanentRejectionError
  );
}
