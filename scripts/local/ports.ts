import { createServer, type Server } from 'node:http';

/** A port someone else holds; its message is the one line `npm start` prints. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  readonly code = 'local.port-in-use';

  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(`Port ${port} is already in use; set ${variable} to another port.`);
  }
}

/** Listens and resolves once bound; EADDRINUSE becomes a PortInUseError naming the variable to change. */
export function listen(server: Server, port: number, host: string, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Closes a server and its open connections, so stopping never waits for a client to hang up. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive clients (a mailbox tab, the SDK's agents) would otherwise hold close() open.
    server.closeAllConnections();
  });
}

/** Parses PORT-style variables: an integer 0–65535 (0 = any free port), or the default when unset. */
export function portFromEnv(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidPortError(`${variable} must be a port number between 0 and 65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

export class InvalidPortError extends Error {
  override readonly name = 'InvalidPortError';
  readonly code = 'local.invalid-port';
}

/** Fails fast, before anything else starts, when a fixed port is taken (0 means any port and always succeeds). */
export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host, variable);
  await close(probe);
}
