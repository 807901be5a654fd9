import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '../common/logger.js';
import { metrics } from '../common/metrics.js';

/**
 * What every Lambda entry wears outermost (ADR 0028): each log line of the invocation carries its request id,
 * function name and cold-start flag, and the metrics it counted leave as one EMF line when it ends, error or not.
 * Used first in the chain, so its `before` runs before anything can log and its `onError` after the error mapper
 * has counted an unexpected error.
 */
export function lambdaObservability() {
  return [injectLambdaContext(logger), logMetrics(metrics)];
}

/** A handler that needs no route grammar (the 404 fallback) with the same observability as every other entry. */
export function observed<TEvent, TResult>(handler: (event: TEvent, context: Context) => Promise<TResult>) {
  return middy<TEvent, TResult>().use(lambdaObservability()).handler(handler);
}
