import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The form fields one siteverify call carried, as the fake received them. */
export interface SiteverifyCall {
  readonly secret: string | null;
  readonly response: string | null;
  readonly remoteip: string | null;
  readonly contentType: string | undefined;
}

/** How the fake answers every call: like Turnstile, with an HTTP error, or by dropping the connection. */
export type FakeTurnstileMode = 'turnstile' | { readonly httpStatus: number } | 'drop-connection';

export interface IssueOptions {
  /** Where the widget was solved; `localhost` (the tests' BASE_URL host) by default. */
  readonly hostname?: string;
  /** The widget's action; `signup` by default. */
  readonly action?: string;
  /** How long ago the widget produced it; tokens live 300 s. */
  readonly ageSeconds?: number;
}

export interface FakeTurnstile {
  /** The siteverify URL to put in TURNSTILE_SITEVERIFY_URL. */
  readonly url: string;
  readonly calls: SiteverifyCall[];
  /** A token as the widget would hand it to the browser after a solved challenge. */
  issue(options?: IssueOptions): string;
  setMode(mode: FakeTurnstileMode): void;
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 300;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A stand-in for Cloudflare's siteverify on loopback (real HTTP), answering as Turnstile's server-side validation
 * does: tokens are single use and valid 300 s (`timeout-or-duplicate` after), unknown ones are
 * `invalid-input-response`, a wrong secret is `invalid-input-secret`, a missing token `missing-input-response`; a
 * success reports the hostname and action the token was issued for.
 */
export async function startFakeTurnstile(secret: string): Promise<FakeTurnstile> {
  const issued = new Map<string, { hostname: string; action: string; issuedAt: number }>();
  const spent = new Set<string>();
  const calls: SiteverifyCall[] = [];
  let mode: FakeTurnstileMode = 'turnstile';

  const verdict = (form: URLSearchParams): Record<string, unknown> => {
    const failure = (code: string) => ({ success: false, 'error-codes': [code], messages: [] });
    if (!form.get('secret')) return failure('missing-input-secret');
    if (form.get('secret') !== secret) return failure('invalid-input-secret');
    const token = form.get('response');
    if (!token) return failure('missing-input-response');
    const solved = issued.get(token);
    if (!solved) return failure('invalid-input-response');
    if (spent.has(token) || Date.now() - solved.issuedAt > TOKEN_LIFETIME_SECONDS * 1000) {
      return failure('timeout-or-duplicate');
    }
    spent.add(token);
    return {
      success: true,
      'error-codes': [],
      challenge_ts: new Date(solved.issuedAt).toISOString(),
      hostname: solved.hostname,
      action: solved.action,
      cdata: '',
      metadata: { interactive: false },
    };
  };

  const server = createServer(async (req, res) => {
    const form = new URLSearchParams(await readBody(req));
    calls.push({
      secret: form.get('secret'),
      response: form.get('response'),
      remoteip: form.get('remoteip'),
      contentType: req.headers['content-type'],
    });
    if (mode === 'drop-connection') {
      req.socket.destroy();
      return;
    }
    if (typeof mode === 'object') {
      res.writeHead(mode.httpStatus, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(verdict(form)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/turnstile/v0/siteverify`,
    calls,
    issue({ hostname = 'localhost', action = 'signup', ageSeconds = 0 } = {}) {
      // Real tokens are long opaque strings with dots and dashes; the shape does not matter to the server.
      const token = `0.${randomBytes(48).toString('base64url')}.${randomBytes(16).toString('hex')}`;
      issued.set(token, { hostname, action, issuedAt: Date.now() - ageSeconds * 1000 });
      return token;
    },
    setMode(next) {
      mode = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
