import { PermanentRejectionError, SendingHaltedError, SendThrottledError } from '../../adapters/ses/index.js';

/** The SES answers that mean nothing went out (send-errors.ts): a claim or a record may be given back. */
export function surelyNotSent(error: unknown): boolean {
  return (
    error instanceof SendThrottledError ||
    error instanceof SendingHaltedError ||
    error instanceof PermanentRejectionError
  );
}
