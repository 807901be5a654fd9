import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { UnauthorizedError } from '../../common/errors.js';
import { bearerToken } from '../../edge/http-route.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/**
 * The trainer a status token speaks for. The token's subject IS the trainer id and no route takes an id from the
 * path, query or body, so a token for trainer A can only ever reach A. A deleted trainer's token stops working.
 */
export async function trainerForToken(
  deps: Dependencies,
  token: string | undefined,
  now: Date,
): Promise<TrainerRecord> {
  if (token === undefined)
    throw new UnauthorizedError('Send your status link token as "Authorization: Bearer <token>".');
  const { subject } = deps.tokens.verify(token, 'status', now);
  const trainer = await deps.repositories.trainers.get(subject);
  if (!trainer) throw new UnauthorizedError();
  return trainer;
}

/** `Authorization: Bearer <status token>` → the trainer. */
export function authenticate(
  deps: Dependencies,
  headers: Readonly<Record<string, string | undefined>>,
  now: Date,
): Promise<TrainerRecord> {
  return trainerForToken(deps, bearerToken(headers), now);
}
