/**
 * What a failed SES send means for the caller. SES has no idempotency key, so the one question that matters is
 * "may this message have gone out?" — the classes answer it, and the reminder run acts on the class alone.
 */

interface SendErrorDetails {
  /** The SDK error name (`Throttling`, `MessageRejected` …) or the Node error code for network failures. */
  readonly awsErrorName: string;
  readonly httpStatusCode?: number;
  readonly cause: unknown;
}

abstract class SendError extends Error {
  abstract readonly code: string;
  /** True only when a later attempt of the same message is safe and may succeed. */
  abstract readonly retryable: boolean;
  readonly awsErrorName: string;
  readonly httpStatusCode: number | undefined;

  constructor(message: string, details: SendErrorDetails) {
    super(message, { cause: details.cause });
    this.awsErrorName = details.awsErrorName;
    this.httpStatusCode = details.httpStatusCode;
  }
}

/** "Maximum sending rate exceeded": nothing was sent; retry this message after a back-off. */
export class SendThrottledError extends SendError {
  override readonly name = 'SendThrottledError';
  readonly code = 'ses.throttled';
  readonly retryable = true;
}

/**
 * Daily quota exceeded, sending paused or the account suspended/misconfigured: nothing was sent and no further
 * send in this run can succeed. Stop the run, leave the rest PENDING, raise the alarm metric.
 */
export class SendingHaltedError extends SendError {
  override readonly name = 'SendingHaltedError';
  readonly retryable = false;
  constructor(
    readonly code:
      | 'ses.daily-quota-exceeded'
      | 'ses.sending-paused'
      | 'ses.account-suspended'
      | 'ses.misconfigured'
      | 'ses.unreachable',
    message: string,
    details: SendErrorDetails,
  ) {
    super(message, details);
  }
}

/** SES refused this one message (bad address, unverified sender domain …): mark it FAILED; others go on. */
export class PermanentRejectionError extends SendError {
  override readonly name = 'PermanentRejectionError';
  readonly code = 'ses.rejected';
  readonly retryable = false;
}

/**
 * A 5xx or a broken connection after the request may have reached SES: the message may or may not have gone out.
 * Never resend blindly; reconcile (SES send events by message tag) or resend only after the grace period.
 */
export class SendOutcomeUnknownError extends SendError {
  override readonly name = 'SendOutcomeUnknownError';
  readonly code = 'ses.outcome-unknown';
  readonly retryable = false;
}

export type ClassifiedSendError =
  | SendThrottledError
  | SendingHaltedError
  | PermanentRejectionError
  | SendOutcomeUnknownError;

const PAUSED = new Set([
  'SendingPausedException',
  'AccountSendingPausedException',
  'ConfigurationSetSendingPausedException',
]);
const SUSPENDED = new Set(['AccountSuspendedException']);
const MISCONFIGURED = new Set([
  'ConfigurationSetDoesNotExistException',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
const REJECTED = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'FromEmailAddressNotVerifiedException',
  'InvalidParameterValue',
  'BadRequestException',
]);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);
// The connection was never made, so the request cannot have been accepted.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function fields(err: unknown): {
  name: string;
  message: string;
  status: number | undefined;
  netCode: string | undefined;
} {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = e.$metadata?.httpStatusCode;
  return {
    name: typeof e.name === 'string' ? e.name : 'Unknown',
    message: typeof e.message === 'string' ? e.message : String(err),
    status: typeof status === 'number' ? status : undefined,
    netCode: typeof e.code === 'string' ? e.code : undefined,
  };
}

/** Maps any error thrown by an SES send (SDK service error, network error, anything) to one of the four classes. */
export function classifySendError(err: unknown): ClassifiedSendError {
  if (
    err instanceof SendThrottledError ||
    err instanceof SendingHaltedError ||
    err instanceof PermanentRejectionError ||
    err instanceof SendOutcomeUnknownError
  ) {
    return err;
  }
  const { name, message, status, netCode } = fields(err);
  const details = {
    awsErrorName: netCode ?? name,
    cause: err,
    ...(status !== undefined && { httpStatusCode: status }),
  };

  if (THROTTLED.has(name) || (status === 429 && !/quota/i.test(message))) {
    // SES reports both limits as Throttling; only the message tells the daily quota from the per-second rate.
    if (/daily message quota/i.test(message)) {
      return new SendingHaltedError(
        'ses.daily-quota-exceeded',
        `SES daily sending quota exceeded: ${message}`,
        details,
      );
    }
    return new SendThrottledError(`SES sending rate exceeded: ${message}`, details);
  }
  if (/daily message quota/i.test(message)) {
    return new SendingHaltedError('ses.daily-quota-exceeded', `SES daily sending quota exceeded: ${message}`, details);
  }
  if (PAUSED.has(name))
    return new SendingHaltedError('ses.sending-paused', `SES sending is paused: ${message}`, details);
  if (SUSPENDED.has(name)) {
    return new SendingHaltedError('ses.account-suspended', `SES account suspended: ${message}`, details);
  }
  if (MISCONFIGURED.has(name)) {
    return new SendingHaltedError('ses.misconfigured', `SES refused the sender configuration: ${name}`, details);
  }
  if (REJECTED.has(name)) return new PermanentRejectionError(`SES rejected the message: ${name}`, details);
  if (status !== undefined && status >= 500) {
    return new SendOutcomeUnknownError(`SES answered ${status}; the message may have been sent`, details);
  }
  if (netCode && NEVER_CONNECTED.has(netCode)) {
    return new SendingHaltedError('ses.unreachable', `SES endpoint unreachable (${netCode})`, details);
  }
  if (status !== undefined && status >= 400) {
    // An unknown 4xx means SES refused the request, but we cannot tell whether the address or the account is at
    // fault: stop the run rather than mark a trainer FAILED or hammer SES.
    return new SendingHaltedError('ses.misconfigured', `SES refused the request: ${name} (${status})`, details);
  }
  return new SendOutcomeUnknownError(
    `SES send failed without an answer (${netCode ?? name}); it may have been sent`,
    details,
  );
}
