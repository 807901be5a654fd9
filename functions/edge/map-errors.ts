import { HttpError, InvalidRequestError } from '../common/errors.js';
import { type HttpResponse, json } from '../common/http.js';
import { logger } from '../common/logger.js';
import { MetricUnit, metrics } from '../common/metrics.js';
import { TokenError } from '../common/tokens.js';

/**
 * Counted once per unexpected exception turned into a 500. The function returned a response, so Lambda's `Errors`
 * metric never sees these; the stateless stack alarms on this one (`HANDLER_ERRORS_METRIC` there).
 */
export const HANDLER_ERRORS_METRIC = 'UnhandledHttpErrors';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly unknown[] };
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly body: ErrorBody;
  /** Extra response headers the error asks for (`retry-after`); empty for most. */
  readonly headers: Readonly<Record<string, string>>;
}

/** `Retry-After` for an error that says when to come back, else nothing. */
export function retryAfterHeaders(error: HttpError): Record<string, string> {
  return error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
}

/** The one place errors become responses: 4xx bodies are specific, 5xx bodies say nothing. */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof InvalidRequestError) {
    return {
      statusCode: 400,
      body: { error: { code: error.code, message: error.message, issues: error.issues } },
      headers: {},
    };
  }
  if (error instanceof HttpError) {
    return {
      statusCode: error.statusCode,
      body: { error: { code: error.code, message: error.message } },
      headers: retryAfterHeaders(error),
    };
  }
  if (error instanceof TokenError) {
    return { statusCode: 401, body: { error: { code: error.code, message: error.message } }, headers: {} };
  }
  logger.error('unhandled error', { error });
  metrics.addMetric(HANDLER_ERRORS_METRIC, MetricUnit.Count, 1);
  return {
    statusCode: 500,
    body: {
      error: { code: 'internal', message: 'Something went wrong on our side; nothing was saved. Please try again.' },
    },
    headers: {},
  };
}

export function jsonErrorResponse(error: unknown): HttpResponse {
  const { statusCode, body, headers } = errorResponse(error);
  return json(statusCode, body, headers);
}
