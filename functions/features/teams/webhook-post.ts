/**
 * One POST of a signed event to an endpoint, to the addresses checked just before (webhook-address.ts): the request's
 * `lookup` answers with them, so the name is never resolved again between the check and the connection.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ResolvedAddress } from './webhook-address.js';

/** A receiver answers within this, or the attempt counts as failed ("timed out"). */
export const DELIVERY_TIMEOUT_MS = 5_000;

export type PostOutcome =
  | { readonly delivered: true; readonly status: number }
  | { readonly delivered: false; readonly error: string };

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` that answers with the checked addresses only. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]) {
  return (_host: string, options: LookupOptions, callback: LookupCallback): void => {
    const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
    const usable = addresses.filter((entry) => wanted === undefined || entry.family === wanted);
    const first = usable[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address of that family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, first.address, first.family);
  };
}

/** The network failure in the manager's words. */
function wordsFor(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEDOUT' || code === 'ABORT_ERR') {
    return 'timed out';
  }
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection closed before an answer';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return 'secure connection failed';
  return 'could not connect';
}

export async function postSigned(input: {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs?: number;
}): Promise<PostOutcome> {
  const send = input.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const bytes = Buffer.from(input.body, 'utf8');
  return new Promise<PostOutcome>((resolve) => {
    const request = send(
      input.url,
      {
        method: 'POST',
        headers: {
          ...input.headers,
          'content-type': 'application/json',
          'content-length': String(bytes.length),
          'user-agent': 'Recert-Webhooks/1',
        },
        lookup: pinnedLookup(input.addresses),
        signal: AbortSignal.timeout(input.timeoutMs ?? DELIVERY_TIMEOUT_MS),
        // One connection per attempt: a kept-alive socket would skip the address check of the next one.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // The answer's body is not read: a receiver cannot make the delivery wait on it or fill memory with it.
        response.destroy();
        if (status >= 200 && status < 300) resolve({ delivered: true, status });
        else if (status >= 300 && status < 400)
          resolve({ delivered: false, error: `answered ${status} (redirects are not followed)` });
        else resolve({ delivered: false, error: `answered ${status}` });
      },
    );
    request.on('error', (error) => resolve({ delivered: false, error: wordsFor(error) }));
    request.end(bytes);
  });
}
