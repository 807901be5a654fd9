import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const scan = (env: Record<string, string>) => runCli('scripts/scan.ts', ['--today', '2026-11-21'], env);

describe('npm run scan with a bad PORT', () => {
  it.each(['abc', '70000', '3000.5'])(
    'PORT=%s prints one line naming PORT and the value, exit 2, no stack trace',
    async (port) => {
      const { code, stdout, stderr } = await scan({ PORT: port });

      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(`PORT must be a port number between 0 and 65535, got ${JSON.stringify(port)}\n`);
    },
  );
});
