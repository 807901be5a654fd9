import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { RedactingLogFormatter } from './log-redaction.js';

const LEVELS: readonly string[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/**
 * `RECERT_LOG_LEVEL` (any Powertools level, any case) wins over `POWERTOOLS_LOG_LEVEL`: the CLI, tests' child
 * processes and the local stack set `RECERT_LOG_LEVEL=silent` so their stdout stays parseable. Read once, when the
 * logger is built. Unset, Powertools reads `POWERTOOLS_LOG_LEVEL` (default INFO; Lambda's own log-level control, when
 * set on the function, wins over both).
 */
export function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel | undefined {
  const level = env.RECERT_LOG_LEVEL?.toUpperCase();
  return level !== undefined && LEVELS.includes(level) ? (level as LogLevel) : undefined;
}

const level = logLevelFrom(process.env);

/**
 * The one logger of every function: AWS Lambda Powertools' structured JSON logs (service name from
 * `POWERTOOLS_SERVICE_NAME`, request id and cold start from the `injectLambdaContext` middleware every entry uses,
 * X-Ray trace id), written through the redacting formatter (ADR 0028).
 */
export const logger = new Logger({
  logFormatter: new RedactingLogFormatter(),
  ...(level === undefined ? {} : { logLevel: level }),
});
