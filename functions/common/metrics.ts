import { Metrics } from '@aws-lambda-powertools/metrics';
import { logger, logLevelFrom } from './logger.js';

/** Every Recert metric's CloudWatch namespace; the stateless stack's alarms read the same one. */
export const RECERT_METRICS_NAMESPACE = 'Recert';

/**
 * Powertools' EMF metrics with two local rules on flushing:
 * - nothing stored, nothing published: Powertools would print a warning on every invocation that counted nothing,
 *   which is almost all of ours (aws-powertools/powertools-lambda-typescript#2036);
 * - silent with the logger (`RECERT_LOG_LEVEL=silent`): stored metrics are dropped, so a CLI's stdout stays
 *   parseable.
 */
class RecertMetrics extends Metrics {
  readonly #silent = logLevelFrom(process.env) === 'SILENT';

  override publishStoredMetrics(): this {
    if (!this.hasStoredMetrics()) return this;
    if (this.#silent) {
      this.clearMetrics();
      return this;
    }
    return super.publishStoredMetrics();
  }
}

/**
 * The one metrics buffer of every function: namespace `Recert`, dimension `service` = the function's entry-point id
 * (`POWERTOOLS_SERVICE_NAME`, set by RecertFunction). Count with `metrics.addMetric(NAME, MetricUnit.Count, n)`; the
 * `logMetrics` middleware every entry uses flushes it as one EMF line when the invocation ends, error or not.
 * Powertools' own warnings (a bad dimension …) go through the redacting logger.
 */
export const metrics = new RecertMetrics({ namespace: RECERT_METRICS_NAMESPACE, logger });

export { MetricUnit } from '@aws-lambda-powertools/metrics';
