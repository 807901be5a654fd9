import { describe, expect, it } from 'vitest';
import { scanOutcome } from '../../../scripts/local/scan-outcome.js';

describe('npm run scan: what the result means to its user (issue 12, case 4)', () => {
  it('fails, saying why, when another run holds the day and this scan sent nothing', () => {
    const outcome = scanOutcome({ status: 'held-elsewhere', emailsSent: 0 }, '2026-11-21');
    expect(outcome.exitCode).toBe(1);
    expect(outcome.message).toContain('Another reminder run holds 2026-11-21');
  });

  it.each(['completed', 'continued'])('succeeds on %s', (status) => {
    expect(scanOutcome({ status }, '2026-11-21')).toEqual({ exitCode: 0 });
  });

  it('succeeds on already-completed, with a note that nothing was sent and how to run the day again', () => {
    expect(scanOutcome({ status: 'already-completed' }, '2026-11-21')).toEqual({
      exitCode: 0,
      note:
        'The run of 2026-11-21 had already completed: this scan sent nothing. To run the day again locally: ' +
        'npm run scan -- --today 2026-11-21 --force',
    });
  });
});
