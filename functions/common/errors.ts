/**
 * Errors that become HTTP responses. Each has a stable dotted `code`; the one error mapper
 * (functions/edge/map-errors.ts) turns them into a status and a JSON body. Anything else is a 500.
 */
export interface FieldIssue {
  /** The field path as a trainer would write it: `credentials[1].expiresOn`. */
  readonly path: string;
  readonly message: string;
}

export abstract class HttpError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  /** Sent as `Retry-After` (seconds) with a 503 the client may simply repeat later. */
  readonly retryAfterSeconds?: number;
}

export class InvalidRequestError extends HttpError {
  override readonly name = 'InvalidRequestError';
  readonly statusCode = 400;
  readonly code = 'request.invalid';
  constructor(readonly issues: readonly FieldIssue[]) {
    super(issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; '));
  }
}

export class UnauthorizedError extends HttpError {
  override readonly name = 'UnauthorizedError';
  readonly statusCode = 401;
  readonly code = 'auth.invalid-token';
  constructor(message = 'This link is invalid or has expired.') {
    super(message);
  }
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
  readonly code = 'resource.not-found';
}

export class PayloadTooLargeError extends HttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
  readonly code = 'request.too-large';
}

export class UnsupportedMediaTypeError extends HttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
  readonly code = 'request.unsupported-media-type';
}

export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
