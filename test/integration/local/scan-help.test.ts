import { describe, expect, it } from 'vitest';
import { SCAN_USAGE } from '../../../scripts/local/scan-cli.js';
import { runCli } from '../../helpers/run-cli.js';

// As a user runs it; no stack is started: help and bad usage answer before the CLI looks for one.
describe('npm run scan --help and bad usage, as a process', () => {
  it.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', async (flag) => {
    expect(await runCli('scripts/scan.ts', [flag])).toEqual({ code: 0, stdout: `${SCAN_USAGE}\n`, stderr: '' });
  });

  it('exits 2 on an unknown flag, naming it on stderr', async () => {
    const result = await runCli('scripts/scan.ts', ['--froce']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Unknown option '--froce'.*usage: npm run scan -- /);
  });
});
