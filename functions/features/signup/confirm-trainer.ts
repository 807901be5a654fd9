import { withCredits } from '../../../core/index.js';
import { ItemAlreadyExistsError } from '../../adapters/dynamodb/errors.js';
import { sha256Hex } from '../../adapters/dynamodb/keys.js';
import type { PendingSignup } from '../../adapters/dynamodb/pending-signup-repository.js';
import { UnauthorizedError } from '../../common/errors.js';
import { logger } from '../../common/logger.js';
import { maskEmail } from '../../common/mask-email.js';
import { saveNewProfile } from '../../record/save-profile.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/**
 * Turns a confirm token into a trainer (docs/data-model.md "Exactly-once recipes"): check the token against the
 * pending sign-up's nonce, consume it, claim the address, create the trainer with completions attached and
 * `nextReminderOn` computed, then delete the pending sign-up. Every step is idempotent and the pending sign-up goes
 * last, so a confirmation that died half-way completes when the same link is retried (a consumed token whose pending
 * sign-up still exists is a retry, not a reuse). Returns the trainer id whose status link the caller hands out.
 * Every failure a client can cause is the same generic 401.
 */
export async function confirmTrainer(deps: Dependencies, token: string, now: Date): Promise<string> {
  const { usedTokens, pendingSignups } = deps.repositories;
  const claims = deps.tokens.verify(token, 'confirm', now);
  const pending = await pendingSignups.get(claims.subject, now);
  // Only the most recently emailed link counts; an older or a notice-only link confirms nothing.
  if (!pending || pending.nonceHash !== sha256Hex(claims.jti)) throw new UnauthorizedError();
  const consumed = await usedTokens.consume({
    tokenId: claims.jti,
    purpose: 'confirm',
    tokenExpiresAt: new Date(claims.expiresAt * 1000),
    now,
  });
  if (consumed === 'already-used') logger.info('confirm link used again before its sign-up finished; resuming');
  const trainerId = await claimAddress(deps, pending, now);
  if (trainerId === pending.trainerId) await createTrainer(deps, pending, now);
  else logger.info('confirmed address already belongs to a trainer', { email: maskEmail(pending.email) });
  await pendingSignups.delete(pending.email);
  return trainerId;
}

/**
 * Claims the address for the pending sign-up's reserved trainer id. A claim left pointing at a trainer that does not
 * exist (a confirmation that crashed before creating it, an interrupted delete) is released and taken over: it never
 * made anyone registered.
 */
async function claimAddress(deps: Dependencies, pending: PendingSignup, now: Date): Promise<string> {
  const { emailClaims, trainers } = deps.repositories;
  const claim = await emailClaims.claim(pending.email, pending.trainerId, now);
  if (claim.trainerId === pending.trainerId || (await trainers.get(claim.trainerId))) return claim.trainerId;
  logger.warn('email claim pointed at a missing trainer; taking it over', { email: maskEmail(pending.email) });
  await emailClaims.release(pending.email, claim.trainerId);
  return (await emailClaims.claim(pending.email, pending.trainerId, now)).trainerId;
}

async function createTrainer(deps: Dependencies, pending: PendingSignup, now: Date): Promise<void> {
  const { trainers, unclaimedCompletions, suppressions } = deps.repositories;
  const [completions, suppressed] = await Promise.all([
    unclaimedCompletions.listForEmail(pending.email, now),
    suppressions.isSuppressed(pending.email),
  ]);
  // Completions that arrived by webhook before the address was confirmed: the same course on the same date counts once.
  const profile = withCredits(
    pending.profile,
    completions.map(({ credit }) => credit),
  );
  try {
    await saveNewProfile(trainers, {
      trainerId: pending.trainerId,
      email: pending.email,
      name: pending.name,
      profile,
      suppressed,
      now,
    });
  } catch (error) {
    // A retried confirmation (crash after create) lands on the same reserved id: the trainer is already there.
    if (!(error instanceof ItemAlreadyExistsError)) throw error;
  }
  for (const completion of completions) await unclaimedCompletions.delete(completion);
  logger.info('trainer confirmed', { trainerId: pending.trainerId, attached: completions.length });
}
