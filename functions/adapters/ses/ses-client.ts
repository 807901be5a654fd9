import { SESClient } from '@aws-sdk/client-ses';

export interface SesClientOptions {
  readonly region: string;
  /** A local emulator (aws-ses-v2-local); dummy credentials are used with it. */
  readonly endpoint?: string;
}

/**
 * An SES v1 client that never retries on its own. SES has no idempotency key, so an SDK retry after a lost
 * response would send the email twice; throttling is retried by the caller (`withThrottleRetry`) behind the ledger.
 */
export function createSesClient(options: SesClientOptions): SESClient {
  return new SESClient({
    region: options.region,
    maxAttempts: 1,
    ...(options.endpoint && {
      endpoint: options.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
}
