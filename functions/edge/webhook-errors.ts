import { HttpError } from '../common/errors.js';

/**
 * Every reason a delivery is not authentic gets the same 401 body, so a caller learns nothing about which check
 * failed or whether the provider id exists; the reason is logged instead.
 */
export class WebhookAuthenticationError extends HttpError {
  override readonly name = 'WebhookAuthenticationError';
  readonly statusCode = 401;
  readonly code = 'webhook.unauthenticated';
  constructor(readonly reason: string) {
    super('The webhook signature could not be verified.');
  }
}
