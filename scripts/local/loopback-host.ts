/**
 * DNS rebinding guard for every server `npm start` runs on loopback (the form and API, its `/__local/*` control
 * actions, the SES emulator with the mailbox page, dynalite). A web page on any site can point its own host name at
 * 127.0.0.1 and then talk to these servers as a same-origin page: reading the mailbox (status links and all),
 * firing a scan, writing to DynamoDB. The one thing it cannot change is the Host header, which names its own site, so
 * only requests naming this machine by a loopback name and the server's own port are answered.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a browser or client on this machine may call the stack. Any other name could be an attacker's. */
export const LOOPBACK_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/** 421 Misdirected Request: this server does not answer for the authority the request names (RFC 9110 §15.5.20). */
export const MISDIRECTED_STATUS = 421;

/** True when `host` (a Host header) is a loopback name with `port`; the port may be left out only when it is 80. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const authority = host.trim().toLowerCase();
  return LOOPBACK_HOST_NAMES.some((name) => authority === `${name}:${port}` || (port === 80 && authority === name));
}

/** The one sentence a refused request gets: what it sent, what works, and why. */
export function foreignHostMessage(host: string | undefined, port: number): string {
  const sent = host === undefined ? 'no Host header' : `Host ${JSON.stringify(host.slice(0, 100))}`;
  return (
    `This local Recert server answers only to http://localhost:${port} (or 127.0.0.1:${port}, [::1]:${port}); ` +
    `the request named ${sent}. Other names are refused so that no web page can reach it through DNS rebinding.`
  );
}

/**
 * Refuses the request with 421 when its Host header is not this server's loopback authority; returns whether it did.
 * `port` is the port the server listens on.
 */
export function refuseForeignHost(req: IncomingMessage, res: ServerResponse, port: number): boolean {
  if (isLoopbackHost(req.headers.host, port)) return false;
  const body = `${foreignHostMessage(req.headers.host, port)}\n`;
  res.writeHead(MISDIRECTED_STATUS, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
  // Unread request bodies would otherwise keep the connection busy.
  req.resume();
  return true;
}

/**
 * Puts the guard in front of every request listener `server` has now (an emulator's own handler), so a server this
 * repository did not write answers only to loopback names too. Install it after any other wrapper, and once.
 */
export function acceptLoopbackHostsOnly(server: Server): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const { port } = server.address() as AddressInfo;
    if (refuseForeignHost(req, res, port)) return;
    for (const listener of listeners) listener.call(server, req, res);
  });
}
