import { maskEmailsIn } from './mask-email.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Readonly<Record<string, unknown>>;

/** Keys whose values are secrets or capabilities: never logged, whatever the caller passes. */
const SECRET_KEYS = /token|secret|signature|authorization|password|key$/i;

function redact(value: unknown, key = ''): unknown {
  if (SECRET_KEYS.test(key)) return '[redacted]';
  if (typeof value === 'string') return maskEmailsIn(value);
  if (value instanceof Error) return { name: value.name, message: maskEmailsIn(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (process.env.RECERT_LOG_LEVEL === 'silent') return;
  const line = JSON.stringify({ level, message: maskEmailsIn(message), ...(redact(fields) as Fields) });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

/**
 * Structured JSON logs. Email addresses are masked and secret-looking keys redacted on the way out, so a
 * careless call site cannot leak a full address, a token or a webhook secret.
 */
export const logger = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};

/** One CloudWatch Embedded Metric Format line: a metric without a CloudWatch client or extra latency. */
export function emitMetric(name: string, value: number, unit: 'Count' | 'Milliseconds' = 'Count'): void {
  if (process.env.RECERT_LOG_LEVEL === 'silent') return;
  console.log(
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [{ Namespace: 'Recert', Dimensions: [[]], Metrics: [{ Name: name, Unit: unit }] }],
      },
      [name]: value,
    }),
  );
}
