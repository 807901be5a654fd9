import type { TrainerProfile } from '../../core/index.js';
import { ItemAlreadyExistsError } from '../adapters/dynamodb/errors.js';
import { sha256Hex } from '../adapters/dynamodb/keys.js';
import type { UnclaimedCompletion } from '../adapters/dynamodb/unclaimed-completion-repository.js';
import type { Dependencies } from '../shared/dependencies.js';
import { UnauthorizedError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { maskEmail } from '../shared/mask-email.js';
import { calendarDateAt, evaluateWithSent } from '../shared/next-reminder.js';

/** Adds completions that arrived (by webhook) before the address was confirmed. */
export function withCompletions(profile: TrainerProfile, completions: readonly UnclaimedCompletion[]): TrainerProfile {
  const credentials = [...profile.credentials];
  const activities = [...profile.activities];
  for (const { credit } of completions) {
    if (credit.kind === 'activity') activities.push(credit.activity);
    else if (!credentials.some((held) => held.code === credit.credential.code)) credentials.push(credit.credential);
  }
  return { credentials, activities };
}

/**
 * Turns a confirm token into a trainer, exactly once (docs/data-model.md "Exactly-once recipes"): consume the token,
 * read the pending sign-up, claim the address, create the trainer with completions attached and `nextReminderOn`
 * computed, then clean up. Returns the trainer id whose status link the caller should hand out.
 * Every failure a client can cause is the same generic 401.
 */
export async function confirmTrainer(deps: Dependencies, token: string, now: Date): Promise<string> {
  const { usedTokens, pendingSignups, emailClaims } = deps.repositories;
  const claims = deps.tokens.verify(token, 'confirm', now);
  const consumed = await usedTokens.consume({
    tokenId: claims.jti,
    purpose: 'confirm',
    tokenExpiresAt: new Date(claims.expiresAt * 1000),
    now,
  });
  if (consumed === 'already-used') throw new UnauthorizedError();
  const pending = await pendingSignups.get(claims.subject, now);
  // Only the most recently emailed link counts; an older or a notice-only link confirms nothing.
  if (!pending || pending.nonceHash !== sha256Hex(claims.jti)) throw new UnauthorizedError();
  const claim = await emailClaims.claim(pending.email, pending.trainerId, now);
  if (claim.trainerId === pending.trainerId) await createTrainer(deps, pending, now);
  else logger.info('confirmed address already belongs to a trainer', { email: maskEmail(pending.email) });
  await pendingSignups.delete(pending.email);
  return claim.trainerId;
}

async function createTrainer(
  deps: Dependencies,
  pending: NonNullable<Awaited<ReturnType<Dependencies['repositories']['pendingSignups']['get']>>>,
  now: Date,
): Promise<void> {
  const { trainers, unclaimedCompletions, suppressions } = deps.repositories;
  const [completions, suppressed] = await Promise.all([
    unclaimedCompletions.listForEmail(pending.email, now),
    suppressions.isSuppressed(pending.email),
  ]);
  const profile = withCompletions(pending.profile, completions);
  const evaluation = evaluateWithSent(profile, calendarDateAt(now), []);
  try {
    await trainers.create({
      trainerId: pending.trainerId,
      email: pending.email,
      name: pending.name,
      profile,
      nextReminderOn: evaluation.nextReminderOn,
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
