import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function scan(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, [join(root, 'scripts/scan.ts'), '--today', '2026-11-21'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

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
