import type { TrainerProfile } from '../../../core/index.js';
import { sha256Hex } from '../../adapters/dynamodb/keys.js';
import { renderAlreadyRegistered, renderConfirmation } from '../../adapters/email/index.js';
import { SendOutcomeUnknownError } from '../../adapters/ses/index.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { EmailNotSentError } from './errors.js';
import { withIntakeFloor } from './response-floor.js';

export interface SignupRequest {
  readonly email: string;
  readonly name: string;
  readonly profile: TrainerProfile;
}

/** What every sign-up answers, whatever the address: new, pending, confirmed, suppressed or a honeypot hit. */
export const SIGNUP_ACCEPTED = {
  status: 'accepted',
  message: 'Thanks! If this address can receive email from us, a confirmation link is on its way. Check your inbox.',
} as const;

const EMPTY_PROFILE: TrainerProfile = { credentials: [], activities: [] };

/** A trainer id that is never issued (`newTrainerId` ids start with `t_` and are longer): reading it finds nothing. */
const NO_TRAINER = 't_none';

/**
 * The trainer who owns the address, if it really exists. A claim whose trainer is missing (a confirmation that died
 * before creating it) counts as not registered, so the address gets a confirmation link that heals it. The second
 * read happens for every address (a key that never exists for new ones), so the timing tells nothing either.
 */
async function registeredOwner(deps: MailingDependencies, email: string): Promise<string | undefined> {
  const ownerId = await deps.repositories.emailClaims.find(email);
  const owner = await deps.repositories.trainers.get(ownerId ?? NO_TRAINER);
  return owner?.trainerId;
}

/**
 * Stores the pending sign-up and sends at most one email per mailbox per 24 h. New and confirmed addresses take
 * the same path (three reads, three writes, one send) so neither the answer nor its timing tells them apart: a new
 * or pending address gets the confirmation link, a confirmed one a "you are already signed up" notice with a
 * status link (its trainer record is never touched; the pending item keeps no profile). Suppressed addresses
 * (bounced, complained, unsubscribed) get nothing, and so does an address whose mailbox got a sign-up email in the
 * last 24 h under any spelling (`+tag`, Gmail dots). Every path answers no sooner than the intake floor (ADR 0024),
 * so the time a send takes does not tell a suppressed or already-emailed address from the others. The name and
 * profile are bound to the emailed link: they are stored with the email slot, so a submission that sends nothing
 * (slot taken) cannot change what a live link confirms.
 */
export function registerSignup(deps: MailingDependencies, signup: SignupRequest, now: Date): Promise<void> {
  return withIntakeFloor(deps.intakeFloor, () => register(deps, signup, now));
}

async function register(deps: MailingDependencies, signup: SignupRequest, now: Date): Promise<void> {
  const { suppressions, pendingSignups } = deps.repositories;
  const [ownerId, suppressed] = await Promise.all([
    registeredOwner(deps, signup.email),
    suppressions.isSuppressed(signup.email),
  ]);
  const known = ownerId !== undefined;
  const content = { name: known ? '' : signup.name, profile: known ? EMPTY_PROFILE : signup.profile };
  await pendingSignups.save({ email: signup.email, ...content, now });
  const confirmToken = deps.tokens.issue('confirm', signup.email, now);
  const nonceHash = sha256Hex(deps.tokens.verify(confirmToken, 'confirm', now).jti);
  const message = known
    ? renderAlreadyRegistered({
        to: signup.email,
        statusUrl: deps.links.status(deps.tokens.issue('status', ownerId, now)),
        sender: deps.sender,
      })
    : renderConfirmation({
        name: signup.name,
        to: signup.email,
        confirmUrl: deps.links.confirm(confirmToken),
        sender: deps.sender,
      });
  if (suppressed || !(await claimEmailSlots(deps, signup.email, nonceHash, now, content))) {
    logger.info('sign-up stored, no email', { email: maskEmail(signup.email), suppressed });
    return;
  }
  await sendOrRelease(deps, message, signup.email, nonceHash, now);
  logger.info('sign-up email sent', { email: maskEmail(signup.email) });
}

/**
 * Both 24-h slots, the mailbox's (shared by its variants) first: when the address's own slot then says no (only
 * for a slot taken before the mailbox hold existed), the mailbox hold is given back. In this order a refusal never
 * touches the pending sign-up, so a live link keeps confirming what it was sent with.
 */
async function claimEmailSlots(
  deps: MailingDependencies,
  email: string,
  nonceHash: string,
  now: Date,
  content: { readonly name: string; readonly profile: TrainerProfile },
): Promise<boolean> {
  const { signupEmailHolds, pendingSignups } = deps.repositories;
  if (!(await signupEmailHolds.claim(email, nonceHash, now))) return false;
  if (await pendingSignups.claimConfirmationEmail(email, nonceHash, now, content)) return true;
  await signupEmailHolds.release(email, nonceHash, now);
  return false;
}

async function sendOrRelease(
  deps: MailingDependencies,
  message: Parameters<MailingDependencies['mailer']['send']>[0],
  email: string,
  nonceHash: string,
  now: Date,
): Promise<void> {
  try {
    await deps.mailer.send(message, { tags: { purpose: 'confirmation' } });
  } catch (error) {
    // Turning an adapter outcome into a domain outcome: if the email may have gone out, hold the address for a
    // quarter of an hour (a blind resend could be a second email), not a day, and answer as if sent; if it surely
    // did not go out, give the slot back.
    if (error instanceof SendOutcomeUnknownError) {
      await deps.repositories.pendingSignups.shortenConfirmationHold(email, nonceHash, now);
      await deps.repositories.signupEmailHolds.shorten(email, nonceHash, now);
      logger.warn('confirmation email outcome unknown; address held 15 minutes', { email: maskEmail(email), error });
      return;
    }
    await deps.repositories.pendingSignups.releaseConfirmationEmail(email, nonceHash);
    await deps.repositories.signupEmailHolds.release(email, nonceHash, now);
    logger.warn('confirmation email not sent; slot released', { email: maskEmail(email), error });
    throw new EmailNotSentError();
  }
}
