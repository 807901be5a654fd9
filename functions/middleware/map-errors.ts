import { HttpError, InvalidRequestError } from '../shared/errors.js';
import { type HttpResponse, json } from '../shared/http.js';
import { logger } from '../shared/logger.js';
import { TokenError } from '../shared/tokens.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly issues?: readonly unknown[] };
}

/** The one place errors become responses: 4xx bodies are specific, 5xx bodies say nothing. */
export function errorResponse(error: unknown): { statusCode: number; body: ErrorBody } {
  if (error instanceof InvalidRequestError) {
    return { statusCode: 400, body: { error: { code: error.code, message: error.message, issues: error.issues } } };
  }
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof TokenError) {
    return { statusCode: 401, body: { error: { code: error.code, message: error.message } } };
  }
  logger.error('unhandled error', { error });
  return {
    statusCode: 500,
    body: {
      error: { code: 'internal', message: 'Something went wrong on our side; nothing was saved. Please try again.' },
    },
  };
}

export function jsonErrorResponse(error: unknown): HttpResponse {
  const { statusCode, body } = errorResponse(error);
  return json(statusCode, body);
}
