import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, expect } from 'vitest';
import { installLogGuard } from './helpers/log-guard.js';

process.env.TZ = 'UTC';
// Every log line the code under test writes is produced and checked (reliability item 40), never printed: see
// log-guard.ts. Child processes started by tests get 'silent' (run-cli.ts) so their stdout stays parseable.
process.env.RECERT_LOG_LEVEL ??= 'info';

const logGuard = installLogGuard();

afterEach(() => {
  expect(logGuard.takeLeaks(), 'log lines leaking an address, a token or a secret').toEqual([]);
});
