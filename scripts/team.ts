/**
 * `npm run team -- <command>`: the team rosters (ADR 0033, docs/teams.md), against the running local stack or, with
 * --table and --region, a stage in AWS.
 *   add --name "Northside Fitness" --email manager@example.com   set a team up; emails the manager a link to its page
 *   link --team tm_…                                               emails the manager a fresh link
 *   list                                                           every team
 *   webhook add --team tm_… --url https://…                        a status-change endpoint; prints its secret once
 *   webhook list --team tm_… | rotate|remove|enable --endpoint we_…  (ADR 0035, docs/teams.md)
 * Exit codes: 0 ok, 1 failed (stack unreachable, email not sent, no such team), 2 bad usage (one line naming the flag).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLongDate } from '../core/index.js';
import { TEAM_ID_PATTERN, type Team } from '../functions/adapters/dynamodb/team-repository.js';
import { ENDPOINT_ID_PATTERN, SECRET_OVERLAP_MS } from '../functions/adapters/dynamodb/team-webhook-repository.js';
import { ConfigurationError, parseConfig } from '../functions/common/config.js';
import { logger } from '../functions/common/logger.js';
import {
  addTeam,
  type ManagerLinkOutcome,
  managerLinkValidUntil,
  sendManagerLink,
} from '../functions/features/teams/manager-link.js';
import { surelyNotSent } from '../functions/features/teams/send-outcome.js';
import { checkEmail, checkTeamName } from '../functions/features/teams/team-inputs.js';
import { checkEndpointUrl } from '../functions/features/teams/webhook-address.js';
import {
  addWebhookEndpoint,
  enableWebhookEndpoint,
  removeWebhookEndpoint,
  rotateWebhookSecret,
} from '../functions/features/teams/webhook-endpoints.js';
import { buildDependencies } from '../functions/wiring/dependencies.js';
import { buildMailingDependencies, type MailingDependencies } from '../functions/wiring/mailing-dependencies.js';
import { localEnvironment } from './local/local-env.js';
import type { EndpointsFile } from './local/local-stack.js';
import { stateDir } from './local/running-stack.js';

export const USAGE = `Usage: npm run team -- <command> [flags]
  add --name NAME --email ADDRESS   set up a team and email its manager a link to the team page
  link --team ID                    email the team's manager a fresh link to the team page
  list                              every team: id, name, manager's address, when it was set up
  webhook add --team ID --url URL   register a status-change webhook endpoint; prints its signing secret once
  webhook list --team ID            the team's endpoints: id, on or off, URL, when added
  webhook rotate --endpoint ID      a new signing secret (printed once); the old one keeps signing for 24 hours
  webhook remove --endpoint ID      stop sending to the endpoint and forget it
  webhook enable --endpoint ID      turn an endpoint that was turned off after failing back on
Connection: the running npm start (its .recert/endpoints.json; for a --memory run set RECERT_DATA_DIR to the folder
it prints). In AWS: --table NAME --region REGION, with BASE_URL, SENDER_ADDRESS, POSTAL_ADDRESS,
TOKEN_KEY_SECRET_ARN and SES_CONFIGURATION_SET set as the stage's functions have them (docs/teams.md).
Exit codes: 0 ok, 1 failed, 2 bad usage.`;

const COMMANDS = ['add', 'link', 'list', 'webhook'] as const;
type Command = (typeof COMMANDS)[number];
const WEBHOOK_COMMANDS = ['add', 'list', 'rotate', 'remove', 'enable'] as const;
type WebhookCommand = (typeof WEBHOOK_COMMANDS)[number];

/** The flags each command reads; any other is a mistake worth saying. */
const FLAGS_OF: Readonly<Record<Exclude<Command, 'webhook'>, readonly string[]>> = {
  add: ['--name', '--email'],
  link: ['--team'],
  list: [],
};
const WEBHOOK_FLAGS_OF: Readonly<Record<WebhookCommand, readonly string[]>> = {
  add: ['--team', '--url'],
  list: ['--team'],
  rotate: ['--endpoint'],
  remove: ['--endpoint'],
  enable: ['--endpoint'],
};
const EVERY_FLAG = [...Object.values(FLAGS_OF), ...Object.values(WEBHOOK_FLAGS_OF)].flat();
const CONNECTION_FLAGS = ['--table', '--region'];

/** Bad usage: exit 2 with this one line. */
export class TeamUsageError extends Error {
  override readonly name = 'TeamUsageError';
  readonly code = 'cli.usage';
}

/** The command ran and failed: exit 1 with this line. */
class TeamCommandError extends Error {
  override readonly name = 'TeamCommandError';
  readonly code = 'cli.failed';
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type Connection =
  | { readonly kind: 'local'; readonly stateDir: string }
  | { readonly kind: 'aws'; readonly table: string; readonly region: string };

export interface TeamCliContext {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  /** Builds the dependencies once the connection is known; tests pass their own emulators'. */
  readonly connect?: (connection: Connection, env: NodeJS.ProcessEnv) => Promise<MailingDependencies>;
}

/** `--flag value` or `--flag=value`, each at most once, no stray words. */
function parseFlags(command: string, own: readonly string[], args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  const known = [...own, ...CONNECTION_FLAGS];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const split = arg.startsWith('--') && arg.includes('=') ? arg.indexOf('=') : -1;
    const flag = split >= 0 ? arg.slice(0, split) : arg;
    if (!flag.startsWith('--'))
      throw new TeamUsageError(`unexpected word ${JSON.stringify(arg)} (flags start with --)`);
    if (!known.includes(flag)) {
      throw new TeamUsageError(
        EVERY_FLAG.includes(flag) ? `${flag} is not a flag of ${command}` : `unknown flag ${JSON.stringify(flag)}`,
      );
    }
    const value = split >= 0 ? arg.slice(split + 1) : args[++index];
    if (value === undefined || value.startsWith('--')) throw new TeamUsageError(`${flag}: the value is missing`);
    if (flags.has(flag)) throw new TeamUsageError(`${flag}: given twice`);
    flags.set(flag, value);
  }
  return flags;
}

function connectionOf(flags: Map<string, string>, env: NodeJS.ProcessEnv): Connection {
  const table = flags.get('--table');
  const region = flags.get('--region') ?? env.AWS_REGION;
  if (table === undefined) {
    if (flags.has('--region')) throw new TeamUsageError('--region: only with --table (a stage in AWS)');
    return { kind: 'local', stateDir: stateDir(env) };
  }
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new TeamUsageError(`--table: not a DynamoDB table name (got ${JSON.stringify(table)})`);
  }
  if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new TeamUsageError(`--region: the AWS region is missing or not one (got ${JSON.stringify(region ?? '')})`);
  }
  return { kind: 'aws', table, region };
}

function readRunningStack(dir: string): { readonly endpoints: EndpointsFile; readonly tokenKey: string } {
  try {
    return {
      endpoints: JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as EndpointsFile,
      tokenKey: readFileSync(join(dir, 'token-key'), 'utf8').trim(),
    };
  } catch {
    throw new TeamCommandError(
      `Recert is not running locally (nothing in ${dir}): start it with npm start, set RECERT_DATA_DIR for a ` +
        '--memory run, or pass --table and --region for a stage in AWS',
    );
  }
}

/** The running stack's DynamoDB, SES, base URL and token key; or a stage's, from the environment its functions use. */
async function defaultConnect(connection: Connection, env: NodeJS.ProcessEnv): Promise<MailingDependencies> {
  let config: ReturnType<typeof parseConfig>;
  try {
    if (connection.kind === 'local') {
      const { endpoints, tokenKey } = readRunningStack(connection.stateDir);
      config = parseConfig(localEnvironment(endpoints, tokenKey));
    } else {
      config = parseConfig({ ...env, TABLE_NAME: connection.table, AWS_REGION: connection.region });
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw new TeamUsageError(error.message);
    throw error;
  }
  return buildMailingDependencies(await buildDependencies(config));
}

type Input =
  | { readonly command: 'add'; readonly name: string; readonly managerEmail: string }
  | { readonly command: 'link'; readonly teamId: string }
  | { readonly command: 'list' }
  | { readonly command: 'webhook add'; readonly teamId: string; readonly url: string }
  | { readonly command: 'webhook list'; readonly teamId: string }
  | { readonly command: 'webhook rotate' | 'webhook remove' | 'webhook enable'; readonly endpointId: string };

function required(flags: Map<string, string>, flag: string): string {
  const value = flags.get(flag);
  if (value === undefined) throw new TeamUsageError(`${flag}: required`);
  return value;
}

function teamIdFlag(flags: Map<string, string>): string {
  const teamId = required(flags, '--team');
  if (!TEAM_ID_PATTERN.test(teamId)) {
    throw new TeamUsageError('--team: not a team id, which is tm_ and 20 characters as add and list print it');
  }
  return teamId;
}

/** A webhook command's input; the URL's own rules here, its addresses once connected (the stage decides loopback). */
function webhookInputOf(command: WebhookCommand, flags: Map<string, string>): Input {
  if (command === 'add') {
    const url = required(flags, '--url');
    const shape = checkEndpointUrl(url, { allowLoopback: true });
    if (typeof shape === 'string') throw new TeamUsageError(`--url: ${shape}`);
    return { command: 'webhook add', teamId: teamIdFlag(flags), url };
  }
  if (command === 'list') return { command: 'webhook list', teamId: teamIdFlag(flags) };
  const endpointId = required(flags, '--endpoint');
  if (!ENDPOINT_ID_PATTERN.test(endpointId)) {
    throw new TeamUsageError('--endpoint: not an endpoint id, which is we_ and 16 characters as webhook add prints it');
  }
  return { command: `webhook ${command}`, endpointId };
}

/** What was typed, checked before connecting, so a typo never waits on a network. */
function inputOf(command: Exclude<Command, 'webhook'>, flags: Map<string, string>): Input {
  if (command === 'add') {
    const name = checkTeamName(required(flags, '--name'));
    if (!name.ok) throw new TeamUsageError(`--name: ${name.problem}`);
    const email = checkEmail(required(flags, '--email'));
    if (!email.ok) throw new TeamUsageError(`--email: ${email.problem}`);
    return { command, name: name.value, managerEmail: email.value };
  }
  if (command === 'link') return { command, teamId: teamIdFlag(flags) };
  return { command };
}

interface Outcome {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Emails the manager a link and says what became of it; the team id is in every retry hint. */
async function emailManager(deps: MailingDependencies, team: Team, now: Date): Promise<Outcome> {
  const retry = `npm run team -- link --team ${team.teamId}`;
  let outcome: ManagerLinkOutcome;
  try {
    outcome = await sendManagerLink(deps, team, now);
  } catch (error) {
    if (!surelyNotSent(error)) throw error;
    const reason = error instanceof Error ? error.name : 'SES refused it';
    return { ok: false, stdout: '', stderr: `team: the email was not sent (${reason}); to try again: ${retry}\n` };
  }
  switch (outcome) {
    case 'sent':
      return {
        ok: true,
        stdout: `Emailed ${team.managerEmail} a link to the team page (it works until ${formatLongDate(managerLinkValidUntil(now))}).\n`,
        stderr: '',
      };
    case 'outcome-unknown':
      return {
        ok: true,
        stdout: `The email to ${team.managerEmail} may not have gone out (SES did not answer); if it does not arrive: ${retry}\n`,
        stderr: '',
      };
    case 'refused':
      return {
        ok: false,
        stdout: '',
        stderr: `team: not emailed: ${team.managerEmail} bounced or complained before. Once it takes mail again: ${retry}\n`,
      };
  }
}

async function runWebhook(input: Input, deps: MailingDependencies, now: Date): Promise<Outcome> {
  const missing = (endpointId: string) =>
    new TeamCommandError(
      `there is no webhook endpoint ${endpointId} (npm run team -- webhook list --team … shows them)`,
    );
  switch (input.command) {
    case 'webhook add': {
      const added = await addWebhookEndpoint(deps, { teamId: input.teamId, url: input.url }, now);
      if (!added.ok) {
        if (added.kind === 'url') throw new TeamUsageError(`--url: ${added.problem}`);
        throw new TeamCommandError(added.problem);
      }
      return {
        ok: true,
        stdout:
          `Added webhook endpoint ${added.endpoint.endpointId}: ${added.endpoint.url}\n` +
          `Signing secret (shown this once; put it in the receiver's settings): ${added.secret}\n`,
        stderr: '',
      };
    }
    case 'webhook list': {
      if (!(await deps.repositories.teams.get(input.teamId)))
        throw new TeamCommandError(`there is no team ${input.teamId}`);
      const endpoints = await deps.repositories.teamWebhooks.endpointsOf(input.teamId);
      const lines = endpoints.map(
        (endpoint) =>
          `${endpoint.endpointId}\t${endpoint.state === 'active' ? 'on' : `off since ${endpoint.disabledAt ?? '?'}`}\t${endpoint.url}\tadded ${endpoint.createdAt}`,
      );
      return { ok: true, stdout: lines.length === 0 ? 'No webhook endpoints.\n' : `${lines.join('\n')}\n`, stderr: '' };
    }
    case 'webhook rotate': {
      const rotated = await rotateWebhookSecret(deps, input.endpointId, now);
      if (!rotated) throw missing(input.endpointId);
      const until = new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString();
      return {
        ok: true,
        stdout:
          `New signing secret for ${input.endpointId} (shown this once): ${rotated.secret}\n` +
          `Until ${until} each delivery is signed with both the old and the new secret.\n`,
        stderr: '',
      };
    }
    case 'webhook remove': {
      const removed = await removeWebhookEndpoint(deps, input.endpointId);
      if (!removed) throw missing(input.endpointId);
      return { ok: true, stdout: `Removed webhook endpoint ${input.endpointId} (${removed.url}).\n`, stderr: '' };
    }
    case 'webhook enable': {
      const enabled = await enableWebhookEndpoint(deps, input.endpointId);
      if (enabled.outcome === 'missing') throw missing(input.endpointId);
      if (enabled.outcome === 'refused') {
        throw new TeamCommandError(`not turned on: its address is not allowed now (${enabled.problem})`);
      }
      const said = enabled.outcome === 'enabled' ? 'is on again' : 'was already on';
      return { ok: true, stdout: `Webhook endpoint ${input.endpointId} ${said}.\n`, stderr: '' };
    }
    default:
      throw new TeamCommandError(`not a webhook command: ${input.command}`);
  }
}

async function run(input: Input, deps: MailingDependencies, now: Date): Promise<Outcome> {
  if (input.command.startsWith('webhook ')) return runWebhook(input, deps, now);
  if (input.command === 'list') {
    const teams = await deps.repositories.teams.list();
    const lines = teams.map((team) => `${team.teamId}\t${team.name}\t${team.managerEmail}\tset up ${team.createdAt}`);
    return { ok: true, stdout: teams.length === 0 ? 'No teams.\n' : `${lines.join('\n')}\n`, stderr: '' };
  }
  if (input.command === 'add') {
    const team = await addTeam(deps, { name: input.name, managerEmail: input.managerEmail }, now);
    const emailed = await emailManager(deps, team, now);
    return { ...emailed, stdout: `Set up ${team.name} (team id ${team.teamId}).\n${emailed.stdout}` };
  }
  if (input.command !== 'link') throw new TeamCommandError(`not a command: ${input.command}`);
  const team = await deps.repositories.teams.get(input.teamId);
  if (!team) throw new TeamCommandError(`there is no team ${input.teamId} (npm run team -- list shows them)`);
  return emailManager(deps, team, now);
}

/** Runs the CLI without touching process state. */
export async function runTeamCli(args: readonly string[], context: TeamCliContext = {}): Promise<CliResult> {
  const env = context.env ?? process.env;
  const [command, ...rest] = args;
  try {
    if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
      return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    }
    if (command === undefined) throw new TeamUsageError('the command is missing: add, link, list or webhook');
    if (!(COMMANDS as readonly string[]).includes(command)) {
      throw new TeamUsageError(`unknown command ${JSON.stringify(command)}: add, link, list or webhook`);
    }
    let flags: Map<string, string>;
    let input: Input;
    if (command === 'webhook') {
      const [sub, ...webhookArgs] = rest;
      if (sub === undefined || !(WEBHOOK_COMMANDS as readonly string[]).includes(sub)) {
        throw new TeamUsageError(
          `${sub === undefined ? 'the webhook command is missing' : `unknown webhook command ${JSON.stringify(sub)}`}: add, list, rotate, remove or enable`,
        );
      }
      flags = parseFlags(`webhook ${sub}`, WEBHOOK_FLAGS_OF[sub as WebhookCommand], webhookArgs);
      input = webhookInputOf(sub as WebhookCommand, flags);
    } else {
      flags = parseFlags(command, FLAGS_OF[command as Exclude<Command, 'webhook'>], rest);
      input = inputOf(command as Exclude<Command, 'webhook'>, flags);
    }
    const connection = connectionOf(flags, env);
    const deps = await (context.connect ?? defaultConnect)(connection, env);
    const result = await run(input, deps, context.now ?? new Date());
    return { exitCode: result.ok ? 0 : 1, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    if (error instanceof TeamUsageError) {
      return { exitCode: 2, stdout: '', stderr: `team: ${error.message} (npm run team -- --help)\n` };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { exitCode: 1, stdout: '', stderr: `team: ${message}\n` };
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  // The functions' JSON log lines would bury the CLI's own lines; RECERT_LOG_LEVEL brings them back.
  if (process.env.RECERT_LOG_LEVEL === undefined) logger.setLogLevel('SILENT');
  const result = await runTeamCli(process.argv.slice(2));
  if (result.stdout !== '') process.stdout.write(result.stdout);
  if (result.stderr !== '') process.stderr.write(result.stderr);
  // SDK clients keep sockets alive; the command is over.
  process.exit(result.exitCode);
}
