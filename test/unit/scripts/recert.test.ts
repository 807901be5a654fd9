import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../scripts/recert.js';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** The CLI in this process (a `tsx` process per case was most of the unit run's time); one test below spawns it. */
function recert(args: string[], stdin?: string) {
  const result = runCli(args, () => stdin ?? '');
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function recertProcess(args: string[]) {
  const result = spawnSync(tsx, ['scripts/recert.ts', ...args], {
    cwd: root,
    input: '',
    encoding: 'utf8',
    env: { ...process.env, RECERT_LOG_LEVEL: 'silent' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** events/profiles/new-cpt.json saved with a byte-order mark, in a temporary directory. */
function withBom(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'recert-bom-')), 'profile.json');
  writeFileSync(file, `\uFEFF${readFileSync(join(root, 'events', 'profiles', 'new-cpt.json'), 'utf8')}`);
  return file;
}

const GOOD = JSON.stringify({ credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }] });

describe('recert as a process', () => {
  it('writes the evaluation to stdout and exits 0, and exits 2 with the reason on stderr for a bad date', () => {
    const good = recertProcess(['evaluate', '--today', '2026-11-21', 'events/profiles/new-cpt.json']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).asOf).toBe('2026-11-21');
    const bad = recertProcess(['evaluate', '--today', '21/11/2026', 'events/profiles/new-cpt.json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--today/);
  });
});

describe('recert evaluate', () => {
  it('prints the contract evaluation for events/profiles/new-cpt.json', () => {
    const { code, stdout, stderr } = recert(['evaluate', '--today', '2026-11-21', 'events/profiles/new-cpt.json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const evaluation = JSON.parse(stdout);
    expect(evaluation.asOf).toBe('2026-11-21');
    expect(evaluation.certifications[0]).toMatchObject({
      code: 'NASM-CPT',
      unitsRequired: 2,
      unitsEarned: 0.1,
      unitsRemaining: 1.9,
      recommendations: [{ code: 'NASM-CES', units: 1.9 }],
      reminderPace: 'behind',
      nextReminderOn: '2026-11-21',
    });
  });

  it('reads the profile from stdin with -', () => {
    const { code, stdout } = recert(['evaluate', '--today', '2026-11-21', '-'], GOOD);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).certifications[0].code).toBe('NASM-CPT');
  });

  it.each([
    ['stdin', ['-'], `\uFEFF${GOOD}`],
    ['a file', [withBom()], undefined],
  ])('accepts a UTF-8 byte-order mark at the start of %s (as Windows editors save JSON)', (_from, fileArgs, stdin) => {
    const { code, stdout, stderr } = recert(['evaluate', '--today', '2026-11-21', ...fileArgs], stdin);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).certifications[0].code).toBe('NASM-CPT');
  });

  it.each([
    [
      'an impossible date',
      ['-'],
      JSON.stringify({ credentials: [{ code: 'NASM-CPT', expiresOn: '2027-02-30' }] }),
      'credentials[0].expiresOn: not a calendar date (got "2027-02-30")',
    ],
    [
      'an unknown code',
      ['-'],
      JSON.stringify({ credentials: [{ code: 'NASM-XYZ', expiresOn: '2027-06-30' }] }),
      'credentials[0].code: unknown credential code (got "NASM-XYZ")',
    ],
    [
      'negative units',
      ['-'],
      JSON.stringify({
        credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }],
        activities: [{ title: 'x', completedOn: '2026-01-01', units: { NASM: -1 } }],
      }),
      'activities[0].units.NASM: must be 0 or more (got -1)',
    ],
    [
      'expiry before earned',
      ['-'],
      JSON.stringify({ credentials: [{ code: 'NASM-CPT', earnedOn: '2027-07-01', expiresOn: '2027-06-30' }] }),
      'credentials[0].expiresOn: before earnedOn 2027-07-01 (got "2027-06-30")',
    ],
    ['invalid JSON', ['-'], '{ nope', 'FILE: invalid JSON'],
    [
      'a missing file',
      ['events/profiles/missing.json'],
      undefined,
      'FILE: no such file (got "events/profiles/missing.json")',
    ],
  ])('exits 2 on %s, naming the field and value, with nothing on stdout', (_case, fileArgs, stdin, message) => {
    const { code, stdout, stderr } = recert(['evaluate', '--today', '2026-11-21', ...fileArgs], stdin);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it.each([
    ['a bad --today', ['evaluate', '--today', '2026-02-30', '-'], '--today: not a calendar date (got "2026-02-30")'],
    ['no --today', ['evaluate', '-'], '--today: required'],
    ['an unknown flag', ['evaluate', '--today', '2026-11-21', '--verbose', '-'], 'unknown flag "--verbose"'],
    ['an unknown command', ['judge'], 'unknown command "judge"'],
    ['no file', ['evaluate', '--today', '2026-11-21'], 'FILE: required'],
    [
      'a repeated --today',
      ['evaluate', '--today', '2026-11-21', '--today', '2027-01-01', '-'],
      '--today: given more than once (got "2027-01-01")',
    ],
    [
      'a repeated --today=',
      ['evaluate', '--today=2026-11-21', '--today=2026-11-21', '-'],
      '--today: given more than once (got "2026-11-21")',
    ],
  ])('exits 2 on %s', (_case, args, message) => {
    const { code, stdout, stderr } = recert(args, GOOD);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});

describe('recert catalog and --help', () => {
  it('lists the catalog as JSON', () => {
    const { code, stdout } = recert(['catalog']);
    expect(code).toBe(0);
    const codes = JSON.parse(stdout).map((row: { code: string }) => row.code);
    expect(codes).toContain('NSCA-CSCS');
    expect(codes).toContain('CPR-AED');
  });

  it('prints usage', () => {
    const { code, stdout } = recert(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('recert evaluate --today YYYY-MM-DD FILE');
  });
});
