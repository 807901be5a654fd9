import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger, logLevelFrom } from '../../../../functions/common/logger.js';
import { recordLoggerLines } from '../../../helpers/log-guard.js';

/** What `write` made the logger print, each line parsed. */
function logged(write: () => void): Array<Record<string, unknown>> {
  const recording = recordLoggerLines();
  try {
    write();
  } finally {
    recording.stop();
  }
  return recording.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const ADDRESS = 'sam.lee@example.com';
const MASKED = 's***@example.com';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the logger masks addresses and redacts secrets, whatever the call site passes', () => {
  it('masks an address in the message, in fields, in lists and in nested objects', () => {
    const [line] = logged(() =>
      logger.info(`sent to ${ADDRESS}`, { to: ADDRESS, cc: [ADDRESS], trainer: { contact: { email: ADDRESS } } }),
    );
    expect(line).toMatchObject({
      level: 'INFO',
      message: `sent to ${MASKED}`,
      to: MASKED,
      cc: [MASKED],
      trainer: { contact: { email: MASKED } },
    });
    expect(JSON.stringify(line)).not.toContain(ADDRESS);
  });

  it('redacts secret-looking keys at any depth, and keys appended for every later line', () => {
    const token = `${'A'.repeat(30)}.${'B'.repeat(43)}`;
    logger.appendKeys({ sessionToken: token });
    try {
      const [line] = logged(() =>
        logger.warn('webhook', { headers: { authorization: 'Bearer x', 'webhook-signature': 'v1,abc' }, apiKey: 'k' }),
      );
      expect(line).toMatchObject({
        sessionToken: '[redacted]',
        headers: { authorization: '[redacted]', 'webhook-signature': '[redacted]' },
        apiKey: '[redacted]',
      });
      expect(JSON.stringify(line)).not.toContain(token);
    } finally {
      logger.removeKeys(['sessionToken']);
    }
  });

  it('masks an error: its message, its stack and its cause', () => {
    const cause = new Error(`no mailbox for ${ADDRESS}`);
    const error = new Error(`could not email ${ADDRESS}`, { cause });
    const [asField, asArgument] = logged(() => {
      logger.error('unhandled error', { error });
      logger.error('unhandled error', error);
    });
    for (const line of [asField, asArgument]) {
      expect(line?.error).toMatchObject({
        name: 'Error',
        message: `could not email ${MASKED}`,
        cause: { message: `no mailbox for ${MASKED}` },
      });
      expect(String((line?.error as { stack?: unknown } | undefined)?.stack)).toContain(
        `Error: could not email ${MASKED}`,
      );
      expect(JSON.stringify(line)).not.toContain(ADDRESS);
    }
  });

  it('masks a bare string argument and survives a cycle', () => {
    const cyclic: Record<string, unknown> = { to: ADDRESS };
    cyclic.self = cyclic;
    const [extra, withCycle] = logged(() => {
      logger.info('note', `ask ${ADDRESS}`);
      logger.info('cycle', { cyclic });
    });
    expect(extra?.extra).toBe(`ask ${MASKED}`);
    expect(withCycle?.cyclic).toEqual({ to: MASKED, self: '[circular]' });
  });
});

describe('log level', () => {
  it('reads RECERT_LOG_LEVEL in any case, and leaves anything else to POWERTOOLS_LOG_LEVEL', () => {
    expect(logLevelFrom({ RECERT_LOG_LEVEL: 'silent' })).toBe('SILENT');
    expect(logLevelFrom({ RECERT_LOG_LEVEL: 'debug' })).toBe('DEBUG');
    expect(logLevelFrom({ RECERT_LOG_LEVEL: 'loud' })).toBeUndefined();
    expect(logLevelFrom({ POWERTOOLS_LOG_LEVEL: 'WARN' })).toBeUndefined();
  });

  it('RECERT_LOG_LEVEL=silent silences the logger and the metrics of a process that starts with it', async () => {
    vi.stubEnv('RECERT_LOG_LEVEL', 'silent');
    vi.resetModules();
    const fresh = await import('../../../../functions/common/logger.js');
    const { metrics, MetricUnit } = await import('../../../../functions/common/metrics.js');
    const lines = logged(() => {
      fresh.logger.error('not printed', { to: ADDRESS });
      metrics.addMetric('NotPrinted', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    });
    expect(lines).toEqual([]);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('POWERTOOLS_LOG_LEVEL applies when RECERT_LOG_LEVEL is not set', async () => {
    vi.stubEnv('RECERT_LOG_LEVEL', undefined);
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    vi.resetModules();
    const fresh = await import('../../../../functions/common/logger.js');
    const lines = logged(() => {
      fresh.logger.info('below the level');
      fresh.logger.warn('at the level');
    });
    expect(lines.map((line) => line.message)).toEqual(['at the level']);
  });
});
