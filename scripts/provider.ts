/**
 * `npm run provider -- <command>`: the course-provider registry (webhook senders) of the running local stack, or of
 * any DynamoDB table given with --endpoint/--table.
 *   add --id acme --name "Acme Academy"     create a provider; prints its signing secret ONCE
 *   rotate --id acme                        add a second secret (prints it once); both verify until `retire`
 *   retire --id acme                        drop every secret but the newest
 *   list                                    providers without secrets
 *   course-map --id acme --set PROV-101=NASM-PES [--set …] | --file map.json
 * Exit codes: 0 ok, 1 failed (not found, already exists, stack unreachable), 2 bad usage (names the flag and value).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { findCredential } from '../core/index.js';
import { ItemAlreadyExistsError, ItemNotFoundError } from '../functions/adapters/dynamodb/errors.js';
import type {
  CourseMapping,
  Provider,
  ProviderRepository,
} from '../functions/adapters/dynamodb/provider-repository.js';
import { createDocumentClient } from '../functions/common/clients.js';
import { generateSecret } from '../functions/edge/webhook-signature.js';
import { ActivitySchema } from '../functions/record/profile-schema.js';
import { createRepositories } from '../functions/wiring/dependencies.js';
import { LOCAL_TABLE_NAME } from './local/local-env.js';
import { stateDir } from './local/running-stack.js';

export const USAGE = `Usage: npm run provider -- <command> [flags]
  add --id ID --name NAME         register a provider and print its signing secret (shown once)
  rotate --id ID                  add a new secret (shown once); the previous one stays valid until retire
  retire --id ID                  keep only the newest secret
  list                            list providers (never their secrets)
  course-map --id ID (--set PROVIDER_COURSE=CATALOG_CODE ... | --file FILE.json)
Connection: --endpoint URL --table NAME (default: the running npm start, from .recert/endpoints.json,
else http://127.0.0.1:8000 and table ${LOCAL_TABLE_NAME}).
Exit codes: 0 ok, 1 failed, 2 bad usage.`;

export const DEMO_PROVIDER_ID = 'demo';
export const PROVIDERS_FILE = 'providers.json';
const DEFAULT_ENDPOINT = 'http://127.0.0.1:8000';
const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'cli.usage';
}

class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly code = 'cli.failed';
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

type ProviderOps = Pick<
  ProviderRepository,
  'create' | 'get' | 'list' | 'addSecret' | 'retireOldSecrets' | 'setCourseMap'
>;

export interface ProviderCliContext {
  /** Builds the repository once the connection flags are known (tests pass a fake). */
  readonly connect?: (connection: { endpoint: string; table: string }) => ProviderOps;
  readonly now?: Date;
  readonly env?: NodeJS.ProcessEnv;
  readonly readFile?: (path: string) => string;
}

interface Flags {
  id?: string;
  name?: string;
  set: string[];
  file?: string;
  endpoint?: string;
  table?: string;
}

const VALUE_FLAGS = new Set(['--id', '--name', '--set', '--file', '--endpoint', '--table']);

function parseFlags(args: readonly string[]): Flags {
  const flags: Flags = { set: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const [flag, inline] =
      arg.includes('=') && arg.startsWith('--')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (!VALUE_FLAGS.has(flag)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = inline ?? args[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag}: missing value`);
    if (flag === '--set') flags.set.push(value);
    else flags[flag.slice(2) as Exclude<keyof Flags, 'set'>] = value;
  }
  return flags;
}

function requireId(flags: Flags): string {
  if (flags.id === undefined) throw new UsageError('--id: required');
  if (!PROVIDER_ID.test(flags.id)) {
    throw new UsageError(
      `--id: must be 1-63 of a-z, 0-9 and "-", starting alphanumeric (got ${JSON.stringify(flags.id)})`,
    );
  }
  return flags.id;
}

function requireName(flags: Flags): string {
  const name = flags.name?.trim();
  if (!name) throw new UsageError('--name: required');
  if (name.length > 100) throw new UsageError(`--name: at most 100 characters (got ${name.length})`);
  return name;
}

const CourseMapSchema = z.record(
  z.string().min(1).max(100),
  z.union([
    z.string().refine((code) => findCredential(code) !== undefined, { message: 'unknown catalog code' }),
    z.strictObject({
      title: z.string().trim().min(1).max(200),
      units: ActivitySchema.shape.units,
      category: ActivitySchema.shape.category,
    }),
  ]),
);

function courseMapFrom(flags: Flags, readFile: (path: string) => string): Record<string, CourseMapping> {
  if (flags.file !== undefined && flags.set.length > 0) throw new UsageError('--file and --set: use one or the other');
  if (flags.file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFile(flags.file));
    } catch (error) {
      throw new UsageError(`--file: cannot read JSON from ${JSON.stringify(flags.file)} (${(error as Error).message})`);
    }
    const parsed = CourseMapSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`--file: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data as Record<string, CourseMapping>;
  }
  if (flags.set.length === 0) throw new UsageError('--set or --file: required');
  const map: Record<string, CourseMapping> = {};
  for (const pair of flags.set) {
    const match = /^([^=]{1,100})=(.+)$/.exec(pair);
    if (!match) throw new UsageError(`--set: expected PROVIDER_COURSE=CATALOG_CODE (got ${JSON.stringify(pair)})`);
    const [, courseId, code] = match as unknown as [string, string, string];
    if (!findCredential(code))
      throw new UsageError(`--set: unknown catalog code ${JSON.stringify(code)} in ${JSON.stringify(pair)}`);
    map[courseId] = code;
  }
  return map;
}

/** --endpoint/--table, else what the running `npm start` recorded, else the documented defaults. */
export function resolveConnection(flags: Pick<Flags, 'endpoint' | 'table'>, env: NodeJS.ProcessEnv = process.env) {
  let recorded: { dynamodbEndpoint?: string; tableName?: string } = {};
  try {
    recorded = JSON.parse(readFileSync(join(stateDir(env), 'endpoints.json'), 'utf8'));
  } catch {
    // No running stack recorded: fall back to the defaults.
  }
  const endpoint = flags.endpoint ?? recorded.dynamodbEndpoint ?? DEFAULT_ENDPOINT;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError(`--endpoint: not an http(s) URL (got ${JSON.stringify(endpoint)})`);
  }
  return { endpoint, table: flags.table ?? recorded.tableName ?? LOCAL_TABLE_NAME };
}

function defaultConnect(connection: { endpoint: string; table: string }): ProviderOps {
  const client = createDocumentClient({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: connection.endpoint });
  return createRepositories({ client, tableName: connection.table }).providers;
}

function describeProvider(provider: Omit<Provider, 'secrets'> & { secretCount: number }): string {
  const courses = Object.keys(provider.courseMap).length;
  return `${provider.providerId}\t${provider.name}\tsecrets: ${provider.secretCount}\tcourses mapped: ${courses}\tupdated ${provider.updatedAt}`;
}

async function run(command: string, flags: Flags, providers: ProviderOps, now: Date, readFile: (p: string) => string) {
  switch (command) {
    case 'add': {
      const providerId = requireId(flags);
      const name = requireName(flags);
      const secret = generateSecret();
      await providers.create({ providerId, name, secret, now });
      return `Created provider ${providerId} (${name}).\nSigning secret (shown once; store it now):\n${secret}\nEndpoint: POST /webhooks/${providerId}\n`;
    }
    case 'rotate': {
      const providerId = requireId(flags);
      const secret = generateSecret();
      const provider = await providers.addSecret(providerId, secret, now);
      return `New signing secret for ${providerId} (shown once; ${provider.secrets.length} valid until "retire"):\n${secret}\n`;
    }
    case 'retire': {
      const providerId = requireId(flags);
      const provider = await providers.retireOldSecrets(providerId, now);
      return `Retired older secrets of ${providerId}; ${provider.secrets.length} valid.\n`;
    }
    case 'list': {
      const all = await providers.list();
      return all.length === 0 ? 'No providers.\n' : `${all.map(describeProvider).join('\n')}\n`;
    }
    case 'course-map': {
      const providerId = requireId(flags);
      const map = courseMapFrom(flags, readFile);
      const current = await providers.get(providerId);
      if (!current) throw new CommandError(`provider ${JSON.stringify(providerId)} does not exist`);
      const merged = flags.file !== undefined ? map : { ...current.courseMap, ...map };
      const provider = await providers.setCourseMap(providerId, merged, now);
      return `${JSON.stringify(provider.courseMap, null, 2)}\n`;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

/** Runs the CLI without touching process state. */
export async function runProviderCli(args: readonly string[], context: ProviderCliContext = {}): Promise<CliResult> {
  const [command, ...rest] = args;
  try {
    if (command === undefined) throw new UsageError('missing command');
    if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
      return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    }
    if (!['add', 'rotate', 'retire', 'list', 'course-map'].includes(command)) {
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
    const flags = parseFlags(rest);
    const connection = resolveConnection(flags, context.env);
    const providers = (context.connect ?? defaultConnect)(connection);
    const stdout = await run(
      command,
      flags,
      providers,
      context.now ?? new Date(),
      context.readFile ?? ((p) => readFileSync(p, 'utf8')),
    );
    return { exitCode: 0, stdout, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: 2, stdout: '', stderr: `provider: ${error.message}\n\n${USAGE}\n` };
    if (error instanceof CommandError) return { exitCode: 1, stdout: '', stderr: `provider: ${error.message}\n` };
    if (error instanceof ItemAlreadyExistsError) {
      return {
        exitCode: 1,
        stdout: '',
        stderr: `provider: ${JSON.stringify(args[args.indexOf('--id') + 1] ?? '')} already exists\n`,
      };
    }
    if (error instanceof ItemNotFoundError) return { exitCode: 1, stdout: '', stderr: 'provider: no such provider\n' };
    const message = error instanceof Error ? error.message : String(error);
    return {
      exitCode: 1,
      stdout: '',
      stderr: `provider: ${message} (is npm start running? or pass --endpoint/--table)\n`,
    };
  }
}

/** Demo course map, so `npm start` users can try both `course.code` and `course.providerCourseId`. */
export const DEMO_COURSE_MAP: Readonly<Record<string, CourseMapping>> = {
  'DEMO-PES': 'NASM-PES',
  'DEMO-MOBILITY': { title: 'Demo Academy: Mobility for Lifters', units: { NASM: 0.5 } },
};

/**
 * Called by the local runtime at `npm start`: makes sure provider `demo` exists and writes its newest secret to
 * `<stateDir>/providers.json` (git-ignored, mode 0600) so `scripts/sign-webhook.ts` can sign test deliveries.
 */
export async function ensureDemoProvider(
  repositories: { readonly providers: ProviderOps },
  now: Date,
  options: { readonly stateDir?: string } = {},
): Promise<{ providerId: string; secret: string; created: boolean }> {
  const { providers } = repositories;
  let created = false;
  let provider = await providers.get(DEMO_PROVIDER_ID);
  if (!provider) {
    try {
      provider = await providers.create({
        providerId: DEMO_PROVIDER_ID,
        name: 'Demo Academy (local)',
        secret: generateSecret(),
        courseMap: DEMO_COURSE_MAP,
        now,
      });
      created = true;
    } catch (error) {
      if (!(error instanceof ItemAlreadyExistsError)) throw error;
      provider = await providers.get(DEMO_PROVIDER_ID);
    }
  }
  const secret = provider?.secrets.at(-1);
  if (!secret) throw new Error('provider demo has no signing secret');
  const dir = options.stateDir ?? stateDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, PROVIDERS_FILE);
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // First start: no file yet.
  }
  writeFileSync(file, `${JSON.stringify({ ...existing, [DEMO_PROVIDER_ID]: { secret } }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { providerId: DEMO_PROVIDER_ID, secret, created };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  const result = await runProviderCli(process.argv.slice(2));
  if (result.stdout !== '') process.stdout.write(result.stdout);
  if (result.stderr !== '') process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
