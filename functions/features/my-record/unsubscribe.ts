import { logger } from '../../common/logger.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/** Suppresses the token's trainer at once (idempotent); a deleted trainer has nothing left to suppress. */
export async function unsubscribe(deps: Dependencies, token: string, now: Date): Promise<void> {
  const { subject } = deps.tokens.verify(token, 'unsubscribe', now);
  const trainer = await deps.repositories.trainers.get(subject);
  if (trainer) await deps.repositories.suppressions.add(trainer.email, 'unsubscribed', now);
  logger.info('unsubscribe', { trainerId: subject, found: trainer !== undefined });
}
