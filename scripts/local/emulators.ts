import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { listen, PortInUseError } from './ports.js';

/** Thrown when the DynamoDB data directory is held by another process (LevelDB allows one). */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  readonly code = 'local.data-dir-in-use';
}

/**
 * Opens and closes the LevelDB store once before dynalite does: dynalite turns a locked store into an uncaught
 * exception on the first request, so the common case (a second `npm start`) is caught here with a clear message.
 */
async function assertStoreFree(path: string): Promise<void> {
  const require = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = require('level') as {
    Level: new (path: string) => { open(): Promise<void>; close(): Promise<void> };
  };
  const db = new Level(path);
  try {
    await db.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new DataDirInUseError(
        `The local data in ${path} is in use by another process (is Recert already running?); stop it or use --memory.`,
      );
    }
    throw error;
  }
  await db.close();
}

export interface RunningEmulator {
  readonly server: Server;
  readonly endpoint: string;
}

/**
 * Starts dynalite in this process on a free loopback port. With `path` the data lives in LevelDB under it (and
 * survives a restart); without, in memory.
 */
export async function startDynalite(options: {
  readonly path?: string;
  readonly host: string;
}): Promise<RunningEmulator> {
  const { default: dynalite } = await import('dynalite');
  if (options.path) {
    mkdirSync(options.path, { recursive: true });
    await assertStoreFree(options.path);
  }
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  const port = await listen(server, 0, options.host, 'the DynamoDB emulator port');
  return { server, endpoint: `http://${options.host}:${port}` };
}

type SesServerFactory = (config: { host: string; port: number }) => Promise<Server>;

/**
 * Starts aws-ses-v2-local in this process. It is CommonJS with `exports.default`, so it is required (no ESM
 * interop guessing). Its express `listen` resolves even when the port is taken, hence the `listening` check.
 */
export async function startSesEmulator(options: {
  readonly port: number;
  readonly host: string;
}): Promise<RunningEmulator> {
  const require = createRequire(import.meta.url);
  const module = require('aws-ses-v2-local') as { default: SesServerFactory };
  const server = await module.default({ host: options.host, port: options.port });
  if (!server.listening) throw new PortInUseError(options.port, 'MAILBOX_PORT');
  const { port } = server.address() as AddressInfo;
  return { server, endpoint: `http://${options.host}:${port}` };
}
