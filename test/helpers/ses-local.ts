import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';

/** One email as aws-ses-v2-local keeps it (`GET /store`); raw emails are parsed by the emulator. */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: string[]; readonly cc: string[]; readonly bcc: string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: readonly {
    readonly content: string;
    readonly contentType: string;
    readonly filename?: string;
    readonly size: number;
  }[];
  readonly at: number;
}

export interface SesLocal {
  /** `http://127.0.0.1:<port>`, for `createSesClient({ endpoint })`. */
  readonly endpoint: string;
  stored(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

/**
 * Starts aws-ses-v2-local in this process on a free loopback port. The package is CommonJS with `exports.default`:
 * under plain Node ESM the default import is the exports object, under vitest's interop it is the function.
 */
export async function startSesLocal(): Promise<SesLocal> {
  const moduleValue = sesLocalModule as unknown as StartServer | { default: StartServer };
  const start = typeof moduleValue === 'function' ? moduleValue : moduleValue.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { address, port } = server.address() as AddressInfo;
  if (address !== '127.0.0.1') throw new Error(`aws-ses-v2-local bound to ${address}, expected loopback`);
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    async stored() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      const body = (await response.json()) as { emails: StoredEmail[] };
      return body.emails;
    },
    async clear() {
      const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
      if (!response.ok) throw new Error(`POST /clear-store answered ${response.status}`);
    },
    async stop() {
      // SDK clients keep sockets alive; close them or `close` waits for their idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
