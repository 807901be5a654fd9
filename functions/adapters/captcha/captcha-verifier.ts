/**
 * The port between the sign-up use case and a CAPTCHA provider (Cloudflare Turnstile today, ADR 0015). The use case
 * only learns "passed", "refused (and roughly why, for the log)" or "could not ask": it never sees provider codes.
 */

/** Why a token was refused. Logged, never told to the client: every refusal gets the same generic 403. */
export type CaptchaRejection = 'invalid-token' | 'expired-or-reused' | 'wrong-hostname' | 'wrong-action';

export type CaptchaVerdict = { readonly passed: true } | { readonly passed: false; readonly reason: CaptchaRejection };

export interface CaptchaCheck {
  /** What the widget put in the form; single use. */
  readonly token: string;
  /** The widget action the token must have been solved for: a token from another form of ours is refused. */
  readonly action: string;
  /** The client's address as API Gateway saw it; the provider weighs it as one more signal. */
  readonly remoteIp?: string;
}

export interface CaptchaVerifier {
  /**
   * Asks the provider about one token. Tokens are single use, so asking twice about the same token refuses the second
   * time (`expired-or-reused`). Throws `CaptchaUnavailableError` when no verdict could be had.
   */
  verify(check: CaptchaCheck): Promise<CaptchaVerdict>;
}

/**
 * No verdict: the provider was unreachable, too slow, answered 5xx or something that is not a verdict, or said our
 * own request was wrong (a bad secret). Callers fail closed: nothing is written or sent, and the client may retry.
 */
export class CaptchaUnavailableError extends Error {
  override readonly name: string = 'CaptchaUnavailableError';
  readonly code = 'captcha.unavailable';
}

/**
 * No verdict because the provider refused our secret (missing or invalid): a configuration fault, not an outage. The
 * holder of the secret may read it again (it may have been put in or rotated since it was read).
 */
export class CaptchaSecretRefusedError extends CaptchaUnavailableError {
  override readonly name = 'CaptchaSecretRefusedError';
}
