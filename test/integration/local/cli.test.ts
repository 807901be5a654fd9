import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../../scripts/local/local-stack.js';
import { REPOSITORY_ROOT as root, runCli as run, TSX as tsx } from '../../helpers/run-cli.js';

describe('npm start / scan CLIs', () => {
  let dataDir: string;
  let stack: LocalStack;
  let occupied: Server;
  let occupiedPort: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'recert-cli-'));
    stack = await startLocalStack({
      memory: true,
      port: 0,
      mailboxPort: 0,
      dataDir,
      setProcessEnv: false,
      log: () => {},
      scheduledRun: { id: 'SendDueReminders', entry: 'fake.ts' },
      loadHandler: async () => async (event) => ({ asOf: (event as { time: string }).time.slice(0, 10), sent: 0 }),
    });
    occupied = createServer();
    await new Promise<void>((done) => occupied.listen(0, '127.0.0.1', done));
    occupiedPort = (occupied.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await stack.stop();
    await new Promise((done) => occupied.close(done));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('npm start prints one line naming the taken port and PORT, exit 1, no stack trace', async () => {
    const result = await run('scripts/start.ts', ['--memory'], {
      PORT: String(occupiedPort),
      RECERT_DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Port ${occupiedPort} is already in use; set PORT to another port.\n`);
  });

  it('npm start prints the ready line, then stops cleanly on SIGTERM', async () => {
    const child = spawn(tsx, [join(root, 'scripts/start.ts'), '--memory'], {
      cwd: root,
      env: { ...process.env, RECERT_LOG_LEVEL: 'silent', PORT: '0', MAILBOX_PORT: '0', RECERT_DATA_DIR: dataDir },
    });
    let stdout = '';
    const ready = new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('ready in')) done();
      });
    });
    await ready;
    const today = new Date().toISOString().slice(0, 10);
    expect(stdout).toMatch(
      new RegExp(
        `^Recert is running: form http://localhost:\\d+ · mailbox http://localhost:\\d+ · run a reminder scan: npm run scan -- --today ${today}\\n`,
      ),
    );
    expect(stdout).toMatch(/ready in \d+ ms/);
    const exited = new Promise<number | null>((done) => child.on('close', done));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('npm start --memory leaves the state directory exactly as it was: demo secret, token key, no endpoints file', async () => {
    const state = mkdtempSync(join(tmpdir(), 'recert-state-'));
    const before = {
      'providers.json': `${JSON.stringify({ demo: { secret: 'whsec_the-persistent-stacks-own' } }, null, 2)}\n`,
      'token-key': 'persistent-token-key\n',
    };
    for (const [file, text] of Object.entries(before)) writeFileSync(join(state, file), text);
    const child = spawn(tsx, [join(root, 'scripts/start.ts'), '--memory'], {
      cwd: root,
      env: { ...process.env, RECERT_LOG_LEVEL: 'silent', PORT: '0', MAILBOX_PORT: '0', RECERT_DATA_DIR: state },
    });
    let stdout = '';
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.includes('ready in')) done();
      });
    });
    const scratch = /data in memory \(lost on exit\); this run's state files in (\S+) until then/.exec(stdout)?.[1];
    try {
      expect(scratch, stdout).toBeDefined();
      expect(scratch).not.toBe(state);
      // The throw-away run has its own demo provider; its secret is where the printed line says.
      expect(JSON.parse(readFileSync(join(String(scratch), 'providers.json'), 'utf8')).demo.secret).toMatch(/^whsec_/);
      expect(readdirSync(state).sort()).toEqual(Object.keys(before).sort());
    } finally {
      const exited = new Promise<number | null>((done) => child.on('close', done));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(
      Object.fromEntries(readdirSync(state).map((file) => [file, readFileSync(join(state, file), 'utf8')])),
    ).toEqual(before);
    expect(existsSync(String(scratch))).toBe(false);
    rmSync(state, { recursive: true, force: true });
  });

  it('npm run scan fires the run on the running stack and prints its result JSON', async () => {
    const port = new URL(stack.urls.control).port;
    const result = await run('scripts/scan.ts', ['--today', '2026-11-21'], { PORT: port, RECERT_DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ asOf: '2026-11-21', sent: 0 });
    expect(result.code).toBe(0);
  });

  it.each([
    ['2026-13-01', 'month 13'],
    ['21/11/2026', 'wrong format'],
  ])('npm run scan rejects --today %s (%s) with exit 2, naming the flag and value', async (value) => {
    const port = new URL(stack.urls.control).port;
    const result = await run('scripts/scan.ts', ['--today', value], { PORT: port, RECERT_DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`--today must be a calendar date YYYY-MM-DD, got "${value}"\n`);
  });

  it('npm run scan says Recert is not running, and how to start it, when nothing listens', async () => {
    const free = createServer();
    await new Promise<void>((done) => free.listen(0, '127.0.0.1', done));
    const port = (free.address() as AddressInfo).port;
    await new Promise((done) => free.close(done));
    const result = await run('scripts/scan.ts', ['--today', '2026-11-21'], {
      PORT: String(port),
      RECERT_DATA_DIR: dataDir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`Recert is not running on http://localhost:${port}: start it with npm start\n`);
  });
});
