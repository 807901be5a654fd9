import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..', '..');
export const TSX = join(REPOSITORY_ROOT, 'node_modules', '.bin', 'tsx');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one of the npm scripts' CLIs as a user would (through tsx, from the repository root). */
export function runCli(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, [join(REPOSITORY_ROOT, script), ...args], {
      cwd: REPOSITORY_ROOT,
      // Silent unless a test asks: the tests parse these CLIs' stdout.
      env: { ...process.env, RECERT_LOG_LEVEL: 'silent', ...env },
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
