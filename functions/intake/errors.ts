import { HttpError } from '../shared/errors.js';

/**
 * The confirmation email could not be sent and SES certainly did not send it (throttled, sending halted, rejected):
 * the 24-hour slot was given back, so the trainer may simply try again. New and known addresses fail alike, so
 * this reveals nothing about whether an address is known.
 */
export class EmailNotSentError extends HttpError {
  override readonly name = 'EmailNotSentError';
  readonly statusCode = 503;
  readonly code = 'email.not-sent';
  constructor() {
    super('We could not send your confirmation email just now. Nothing was lost; please try again in a few minutes.');
  }
}

/** PUT /api/me kept colliding with concurrent writers; the client may retry. */
export const CONCURRENT_UPDATE_MESSAGE = 'Your record changed while we were saving it; please try again.';
