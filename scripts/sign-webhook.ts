/**
 * `npx tsx scripts/sign-webhook.ts FILE [flags]`: signs a webhook payload file the way a course provider would
 * (Standard Webhooks) and prints a ready-to-run curl command, posts it (--send), or prints a signed API Gateway v2
 * event (--event, for `npm run invoke` and events/webhooks/).
 *   --provider ID     provider id in the URL (default demo)
 *   --secret whsec_…  signing secret (default: the provider's entry in .recert/providers.json, written by npm start)
 *   --id ID           webhook-id (default msg_<random>); reuse it to test idempotency
 *   --timestamp N     webhook-timestamp, Unix seconds (default now)
 *   --url URL         base URL (default: the running npm start)
 * Exit codes: 0 ok, 1 failed (e.g. --send got a non-2xx), 2 bad usage.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isValidSecret, signPayload } from '../functions/edge/webhook-signature.js';
import { locateRunningStack, stateDir } from './local/running-stack.js';
import { DEMO_PROVIDER_ID, PROVIDERS_FILE } from './provider.js';

export const USAGE = `Usage: npx tsx scripts/sign-webhook.ts FILE [--provider ID] [--secret whsec_...] [--id ID]
       [--timestamp UNIX_SECONDS] [--url BASE_URL] [--send | --event]
Prints a curl command (default), posts the delivery (--send), or prints a signed API Gateway v2 event (--event).
Exit codes: 0 ok, 1 failed, 2 bad usage.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'cli.usage';
}

export interface SignedDelivery {
  readonly url: string;
  readonly headers: Readonly<Record<'content-type' | 'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>>;
  readonly body: Buffer;
}

/** Headers for one delivery of `body`, signed with `secret`. */
export function signDelivery(input: {
  readonly baseUrl: string;
  readonly providerId: string;
  readonly secret: string;
  readonly body: Buffer;
  readonly webhookId: string;
  readonly timestamp: number;
}): SignedDelivery {
  return {
    url: `${input.baseUrl.replace(/\/+$/, '')}/webhooks/${encodeURIComponent(input.providerId)}`,
    headers: {
      'content-type': 'application/json',
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(input.timestamp),
      'webhook-signature': signPayload(input.secret, input.webhookId, input.timestamp, input.body),
    },
    body: input.body,
  };
}

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

export function curlCommand(delivery: SignedDelivery, file: string): string {
  const headers = Object.entries(delivery.headers).map(([name, value]) => `  -H ${shellQuote(`${name}: ${value}`)} \\`);
  return [
    'curl -sS -i -X POST \\',
    ...headers,
    `  --data-binary @${shellQuote(file)} \\`,
    `  ${shellQuote(delivery.url)}`,
  ].join('\n');
}

/** The event API Gateway (HTTP API, payload v2) hands the Lambda for this delivery. */
export function apiGatewayEvent(
  delivery: SignedDelivery,
  providerId: string,
  timeEpochMs: number,
): APIGatewayProxyEventV2 {
  const path = `/webhooks/${providerId}`;
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{providerId}',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost:3000', 'user-agent': 'sign-webhook', ...delivery.headers },
    pathParameters: { providerId },
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'sign-webhook' },
      requestId: `req-${delivery.headers['webhook-id']}`,
      routeKey: 'POST /webhooks/{providerId}',
      stage: '$default',
      time: new Date(timeEpochMs).toISOString(),
      timeEpoch: timeEpochMs,
    },
    body: delivery.body.toString('utf8'),
    isBase64Encoded: false,
  };
}

interface Options {
  file: string;
  provider: string;
  secret?: string;
  id?: string;
  timestamp?: string;
  url?: string;
  mode: 'curl' | 'send' | 'event';
}

function parseArgs(args: readonly string[]): Options {
  const options: Partial<Options> & { mode: Options['mode'] } = { provider: DEMO_PROVIDER_ID, mode: 'curl' };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--send' || arg === '--event') {
      if (options.mode !== 'curl') throw new UsageError('--send and --event: use one or the other');
      options.mode = arg === '--send' ? 'send' : 'event';
    } else if (['--provider', '--secret', '--id', '--timestamp', '--url'].includes(arg)) {
      const value = args[++index];
      if (value === undefined || value === '') throw new UsageError(`${arg}: missing value`);
      (options as Record<string, string>)[arg.slice(2)] = value;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown flag ${JSON.stringify(arg)}`);
    } else if (options.file === undefined) {
      options.file = arg;
    } else {
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (options.file === undefined) throw new UsageError('FILE: required (the JSON payload to sign)');
  if (options.timestamp !== undefined && !/^[0-9]{1,12}$/.test(options.timestamp)) {
    throw new UsageError(`--timestamp: not Unix seconds (got ${JSON.stringify(options.timestamp)})`);
  }
  if (options.secret !== undefined && !isValidSecret(options.secret)) {
    throw new UsageError('--secret: not a whsec_ secret of at least 24 bytes');
  }
  return options as Options;
}

function secretFromStateDir(providerId: string, env: NodeJS.ProcessEnv): string {
  const file = join(stateDir(env), PROVIDERS_FILE);
  try {
    const entry = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { secret?: string }>)[providerId];
    if (entry?.secret) return entry.secret;
  } catch {
    // Fall through to the usage message.
  }
  throw new UsageError(
    `--secret: required (no secret for ${JSON.stringify(providerId)} in ${file}; start npm start first)`,
  );
}

export interface SignCliContext {
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: Date;
  readonly fetch?: typeof fetch;
}

export async function runSignCli(args: readonly string[], context: SignCliContext = {}) {
  const env = context.env ?? process.env;
  try {
    if (args.includes('--help') || args.includes('-h')) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
    const options = parseArgs(args);
    let body: Buffer;
    try {
      body = readFileSync(options.file);
    } catch {
      throw new UsageError(`FILE: cannot read ${JSON.stringify(options.file)}`);
    }
    const now = context.now ?? new Date();
    const delivery = signDelivery({
      baseUrl: options.url ?? locateRunningStack(env).displayUrl,
      providerId: options.provider,
      secret: options.secret ?? secretFromStateDir(options.provider, env),
      body,
      webhookId: options.id ?? `msg_${randomBytes(12).toString('hex')}`,
      timestamp: options.timestamp !== undefined ? Number(options.timestamp) : Math.floor(now.getTime() / 1000),
    });
    if (options.mode === 'curl') return { exitCode: 0, stdout: `${curlCommand(delivery, options.file)}\n`, stderr: '' };
    if (options.mode === 'event') {
      const event = apiGatewayEvent(delivery, options.provider, Number(delivery.headers['webhook-timestamp']) * 1000);
      return { exitCode: 0, stdout: `${JSON.stringify(event, null, 2)}\n`, stderr: '' };
    }
    const response = await (context.fetch ?? fetch)(delivery.url, {
      method: 'POST',
      headers: delivery.headers,
      body: new Uint8Array(delivery.body),
    });
    const text = await response.text();
    return { exitCode: response.ok ? 0 : 1, stdout: `${response.status} ${text}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError)
      return { exitCode: 2, stdout: '', stderr: `sign-webhook: ${error.message}\n\n${USAGE}\n` };
    return {
      exitCode: 1,
      stdout: '',
      stderr: `sign-webhook: ${error instanceof Error ? error.message : String(error)}\n`,
    };
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  const result = await runSignCli(process.argv.slice(2));
  if (result.stdout !== '') process.stdout.write(result.stdout);
  if (result.stderr !== '') process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
