import { describe, expect, it } from 'vitest';
import { parseScanArgs, SCAN_USAGE } from '../../../scripts/local/scan-cli.js';

const NOW = new Date('2026-12-05T06:00:00Z');

function usageError(args: string[]): { message: string; exitCode: unknown } {
  try {
    parseScanArgs(args, NOW);
  } catch (error) {
    return { message: (error as Error).message, exitCode: (error as { exitCode?: unknown }).exitCode };
  }
  throw new Error(`parseScanArgs accepted ${JSON.stringify(args)}`);
}

describe('npm run scan arguments', () => {
  it('runs today (UTC) without --today, and the given day with it; --force is off unless asked', () => {
    expect(parseScanArgs([], NOW)).toEqual({ kind: 'scan', today: '2026-12-05', force: false });
    expect(parseScanArgs(['--today', '2026-11-21'], NOW)).toEqual({ kind: 'scan', today: '2026-11-21', force: false });
    expect(parseScanArgs(['--today', '2026-11-21', '--force'], NOW)).toEqual({
      kind: 'scan',
      today: '2026-11-21',
      force: true,
    });
  });

  it.each([['--help'], ['-h'], ['--today', '2026-11-21', '--help']])('%s asks for the usage', (...args) => {
    expect(parseScanArgs(args, NOW)).toEqual({ kind: 'help' });
  });

  it.each([
    [['--tody', '2026-11-21'], "'--tody'"],
    [['--force=yes'], '--force'],
    [['--today'], '--today'],
    [['2026-11-21'], "'2026-11-21'"],
  ])('rejects %j with exit 2, naming what is wrong', (args, named) => {
    const error = usageError(args);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(named);
    expect(error.message).toContain('usage: npm run scan --');
  });

  it('rejects a date that is not on the calendar with exit 2, naming --today and the value', () => {
    expect(usageError(['--today', '2026-02-30'])).toEqual({
      message: '--today must be a calendar date YYYY-MM-DD, got "2026-02-30"',
      exitCode: 2,
    });
  });

  it('documents every flag, and that --force is local only and re-sends nothing already sent', () => {
    for (const flag of ['--today YYYY-MM-DD', '--force', '-h, --help']) expect(SCAN_USAGE).toContain(flag);
    expect(SCAN_USAGE).toMatch(/^Usage: npm run scan -- \[--today YYYY-MM-DD\] \[--force\]/);
    expect(SCAN_USAGE).toContain('Local only');
    expect(SCAN_USAGE).toContain('Reminders the ledger holds as sent are not sent again');
  });
});
