/**
 * `recert`: the engine from the command line. A stable contract others test against:
 *   recert evaluate --today YYYY-MM-DD FILE   (FILE `-` reads stdin) → evaluation JSON on stdout
 *   recert catalog                            → catalog JSON on stdout
 * Bad input exits 2 with messages naming the field path and the bad value on stderr, and prints nothing on stdout.
 * One operator command rides along: `recert backfill-ledger-ttl` (scripts/backfill-ledger-ttl.ts, docs/deploy.md).
 */
import { readFileSync } from 'node:fs';
import { evaluate, isCalendarDate, listCatalog } from '../core/index.js';
import { parseTrainerProfile } from '../functions/record/profile-schema.js';

export const USAGE = `Usage:
  recert evaluate --today YYYY-MM-DD FILE   evaluate a trainer profile (FILE "-" reads stdin)
  recert catalog                            list the certification catalog
  recert backfill-ledger-ttl --table NAME   operator: give old reminder-ledger rows their TTL (--help for more)
  recert --help                             show this help

Prints JSON on stdout. Exit codes: 0 ok, 2 bad input or usage.`;

export class UsageError extends Error {
  readonly code = 'cli.usage';

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fail(lines: readonly string[]): CliResult {
  return { exitCode: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
}

function parseEvaluateArgs(args: readonly string[]): { today: string; file: string } {
  let today: string | undefined;
  let file: string | undefined;
  const setToday = (value: string): void => {
    // Two dates are ambiguous: refuse rather than silently keep one.
    if (today !== undefined) throw new UsageError(`--today: given more than once (got ${JSON.stringify(value)})`);
    today = value;
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--today') {
      const value = args[++index];
      if (value === undefined) throw new UsageError('--today: missing value (expected YYYY-MM-DD)');
      setToday(value);
    } else if (arg.startsWith('--today=')) {
      setToday(arg.slice('--today='.length));
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown flag ${JSON.stringify(arg)}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (today === undefined) throw new UsageError('--today: required (YYYY-MM-DD)');
  if (!isCalendarDate(today)) throw new UsageError(`--today: not a calendar date (got ${JSON.stringify(today)})`);
  if (file === undefined) throw new UsageError('FILE: required (a path, or - for stdin)');
  return { today, file };
}

/** Editors on Windows save JSON with a UTF-8 byte-order mark, which JSON.parse rejects. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readInput(file: string, readStdin: () => string): string {
  if (file === '-') return withoutBom(readStdin());
  try {
    return withoutBom(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read file';
    throw new UsageError(`FILE: ${reason} (got ${JSON.stringify(file)})`);
  }
}

/** Runs the CLI without touching process state, so tests and callers can use it directly. */
export function runCli(args: readonly string[], readStdin: () => string = () => readFileSync(0, 'utf8')): CliResult {
  const [command, ...rest] = args;
  try {
    if (command === undefined) throw new UsageError('missing command');
    if (command === '--help' || command === '-h' || command === 'help') {
      return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    }
    if (command === 'catalog') {
      if (rest.includes('--help')) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
      if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
      return { exitCode: 0, stdout: `${JSON.stringify(listCatalog(), null, 2)}\n`, stderr: '' };
    }
    if (command !== 'evaluate') throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    if (rest.includes('--help')) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    const { today, file } = parseEvaluateArgs(rest);
    const text = readInput(file, readStdin);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`FILE: invalid JSON (${(error as Error).message})`);
    }
    const parsed = parseTrainerProfile(json);
    if (!parsed.success) return fail(parsed.issues.map((issue) => `recert: ${issue}`));
    return { exitCode: 0, stdout: `${JSON.stringify(evaluate(parsed.profile, today), null, 2)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return fail([`recert: ${error.message}`, '', USAGE]);
    throw error;
  }
}

/** The one command that talks to DynamoDB: loaded only when asked for, so `evaluate` starts without the AWS SDK. */
export const BACKFILL_LEDGER_TTL = 'backfill-ledger-ttl';

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  const [command, ...rest] = process.argv.slice(2);
  const result =
    command === BACKFILL_LEDGER_TTL
      ? await (await import('./backfill-ledger-ttl.js')).runBackfillLedgerTtlCli(rest)
      : runCli(process.argv.slice(2));
  if (result.stdout !== '') process.stdout.write(result.stdout);
  if (result.stderr !== '') process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
