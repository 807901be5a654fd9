import { SESClient } from '@aws-sdk/client-ses';

/** Bounds on one SDK HTTP call; without them a hung connection never returns and the run's 60-s checkpoint is moot. */
export interface HttpTimeouts {
  /** Abandon a connection attempt after this long. */
  readonly connectionTimeoutMs: number;
  /** Abandon a request (sent, no complete answer) after this long. */
  readonly requestTimeoutMs: number;
}

export const SES_HTTP_TIMEOUTS: HttpTimeouts = { connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 };

export interface SesClientOptions {
  readonly region: string;
  /** A local emulator (aws-ses-v2-local); dummy credentials are used with it. */
  readonly endpoint?: string;
  /** Defaults to `SES_HTTP_TIMEOUTS`. */
  readonly timeouts?: HttpTimeouts;
  /**
   * Total SDK attempts per call. 1 (the default) for sends, which SES cannot deduplicate; only a client making
   * idempotent calls (setting a value, e.g. turning a configuration set's sending off) may allow more.
   */
  readonly maxAttempts?: number;
}

/**
 * An SES v1 client that, unless `maxAttempts` says otherwise, never retries on its own. SES has no idempotency key,
 * so an SDK retry after a lost response would send the email twice; throttling is retried by the caller
 * (`withThrottleRetry`) behind the ledger. A request that times out may have been accepted: it surfaces as
 * `ETIMEDOUT`, classified as outcome-unknown.
 */
export function createSesClient(options: SesClientOptions): SESClient {
  const timeouts = options.timeouts ?? SES_HTTP_TIMEOUTS;
  return new SESClient({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 1,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Without it this SDK version only logs a warning when requestTimeout passes, and the call keeps hanging.
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint && {
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
}
