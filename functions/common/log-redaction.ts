import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { maskEmailsIn } from './mask-email.js';

/** Keys whose values are secrets or capabilities: never logged, whatever the caller passes. */
const SECRET_KEYS = /token|secret|signature|authorization|password|key$/i;

/**
 * Powertools' standard log shape (level first, then message, timestamp, service and the Lambda context the
 * `injectLambdaContext` middleware adds), with every value the caller supplied passed through `redact` on the way
 * out: email addresses are masked and secret-looking keys replaced, at any depth, in errors (message, stack, cause)
 * too. Every line the logger prints is built here (persistent keys, extra arguments and Powertools' own warnings
 * alike), so a careless call site cannot leak a full address, a token or a webhook secret.
 */
export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: maskEmailsIn(String(attributes.message ?? '')),
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(this.redact(additionalLogAttributes, '', new WeakSet()) as LogAttributes);
  }

  /** Also reached by Powertools' JSON replacer for an error it meets on its own. */
  override formatError(error: Error): LogAttributes {
    return this.redact(super.formatError(error), '', new WeakSet()) as LogAttributes;
  }

  private redact(value: unknown, key: string, seen: WeakSet<object>): unknown {
    if (SECRET_KEYS.test(key)) return '[redacted]';
    if (typeof value === 'string') return maskEmailsIn(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    if (value instanceof Error) return this.redact(super.formatError(value), key, seen);
    if (Array.isArray(value)) return value.map((item) => this.redact(item, '', seen));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redact(v, k, seen)]));
  }
}
