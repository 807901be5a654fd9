import { HttpError } from '../../common/errors.js';

/**
 * The confirmation email could not be sent and SES certainly did not send it (throttled, sending halted, rejected):
 * the 24-hour slot was given back, so the trainer may simply try again. New and known addresses fail alike, so
 * this reveals nothing about whether an address is known.
 */
export class EmailNotSentError extends HttpError {
  override readonly name = 'EmailNotSentError';
  readonly statusCode = 503;
  readonly code = 'email.not-sent';
  /** "A few minutes": SES throttling clears within seconds, a paused account does not, and clients should not hammer. */
  override readonly retryAfterSeconds = 120;
  constructor() {
    super('We could not send your confirmation email just now. Nothing was lost; please try again in a few minutes.');
  }
}

/** PUT /api/me kept colliding with concurrent writers; the client may retry. */

/** The CAPTCHA token was refused: invalid, expired, already used, or solved on another host or form. One message for all. */
export class CaptchaRejectedError extends HttpError {
  override readonly name = 'CaptchaRejectedError';
  readonly statusCode = 403;
  readonly code = 'captcha.rejected';
  constructor() {
    super('The check that you are a person failed or has expired. Please complete it again and resubmit.');
  }
}

/**
 * The CAPTCHA provider gave no verdict (unreachable, slow, failing, or our secret is wrong). Fail closed: nothing
 * was stored or sent; the visitor may retry shortly (with a fresh check: the token may have been spent).
 */
export class SignupCaptchaUnavailableError extends HttpError {
  override readonly name = 'SignupCaptchaUnavailableError';
  readonly statusCode = 503;
  readonly code = 'captcha.unavailable';
  override readonly retryAfterSeconds = 10;
  constructor() {
    super('We could not check that you are a person just now. Nothing was saved; please try again in a moment.');
  }
}

/**
 * Too many sign-ups and link requests from one network in the current window (ADR 0024). Nothing was read, written
 * or sent for this request; the answer says nothing about any address, and when to come back.
 */
export class IntakeRateLimitedError extends HttpError {
  override readonly name = 'IntakeRateLimitedError';
  readonly statusCode = 429;
  readonly code = 'request.rate-limited';
  override readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      'Too many sign-ups and link requests came from your network in the last few minutes, so we did not send ' +
        `anything. Please try again in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}.`,
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
