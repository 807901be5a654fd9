import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPOSITORY_ROOT } from './handler-loader.js';
import { DEFAULT_STATE_DIR } from './local-env.js';
import type { EndpointsFile, LocalStackUrls } from './local-stack.js';
import { InvalidPortError, portFromEnv } from './ports.js';

export interface RunningStackAddress {
  /** Loopback URL of the control actions. */
  readonly controlUrl: string;
  /** What to show a user: `http://localhost:<port>`. */
  readonly displayUrl: string;
}

/** A one-line, user-facing failure of a CLI; `exitCode` 2 means bad usage. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code = 'local.cli';

  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** The state directory the CLIs share: RECERT_DATA_DIR, default `.recert` in the repository. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, root: string = REPOSITORY_ROOT): string {
  const configured = env.RECERT_DATA_DIR?.trim();
  return resolve(root, configured ? configured : DEFAULT_STATE_DIR);
}

/**
 * Where the running `npm start` listens: PORT when set, else the port recorded in `.recert/endpoints.json` by the
 * last start, else 3000.
 */
export function locateRunningStack(
  env: NodeJS.ProcessEnv = process.env,
  root: string = REPOSITORY_ROOT,
): RunningStackAddress {
  let port = portFromEnv(env, 'PORT', 3000);
  if (env.PORT === undefined || env.PORT.trim() === '') {
    try {
      const file = JSON.parse(readFileSync(join(stateDir(env, root), 'endpoints.json'), 'utf8')) as EndpointsFile;
      port = Number(new URL(file.controlUrl).port) || port;
    } catch {
      // No record of a running stack: try the default port.
    }
  }
  return { controlUrl: `http://127.0.0.1:${port}`, displayUrl: `http://localhost:${port}` };
}

/** Calls a control action of the running stack; a refused connection becomes the "not running" message. */
export async function callControl(
  address: RunningStackAddress,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${address.controlUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  } catch {
    throw new CliError(`Recert is not running on ${address.displayUrl}: start it with npm start`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  if (response.status === 404 && path.startsWith('/__local/')) {
    throw new CliError(`Something other than Recert answers on ${address.displayUrl}: set PORT to Recert's port`);
  }
  return { status: response.status, body: parsed };
}

/** The endpoints the running stack reports (`GET /__local/endpoints`). */
export async function runningEndpoints(address: RunningStackAddress): Promise<LocalStackUrls & { tableName: string }> {
  const response = await callControl(address, 'GET', '/__local/endpoints');
  if (response.status !== 200) throw new CliError(`Recert on ${address.displayUrl} did not report its endpoints`);
  return response.body as LocalStackUrls & { tableName: string };
}

/** Prints a CLI failure as one line and exits; anything unexpected keeps its stack. */
export function exitWith(error: unknown): never {
  if (error instanceof InvalidPortError) {
    // Bad input, not a crash: one line naming the variable and the value, exit 2 like any other usage error.
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
