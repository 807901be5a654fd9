import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Provider } from '../../../../functions/adapters/dynamodb/provider-repository.js';
import type { Config } from '../../../../functions/common/config.js';
import { PROVIDER_SECRETS_REFRESH_MS } from '../../../../functions/edge/provider-secrets.js';
import { createCourseCompletedHandler } from '../../../../functions/webhooks/course-completed.js';
import type { MailingDependencies } from '../../../../functions/wiring/mailing-dependencies.js';
import { recordLoggerLines } from '../../../helpers/log-guard.js';
import {
  completionBody,
  DEMO_SECRET,
  deliver,
  OTHER_SECRET,
  signedEvent,
} from '../../../integration/webhooks/webhook-fixtures.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ProviderSecrets-AbCdEf';
/** The secret the table item still carries; in AWS it must no longer verify anything. */
const TABLE_SECRET = `whsec_${Buffer.from('table-item-secret-never-used-in-aws').toString('base64')}`;
const NEW_SECRET = `whsec_${Buffer.from('rotated-in-secret-of-thirty-two-bytes').toString('base64')}`;
const BODY = completionBody({});
const WALL_CLOCK = new Date('2026-11-20T10:00:00Z');

const secretsManager = mockClient(SecretsManagerClient);

function registry(value: unknown) {
  return { SecretString: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** The table knows `demo` and `acme`; every write a delivery could make is a spy, none touches a store. */
function harness(env: Partial<Config> = { PROVIDER_SECRETS_ARN: ARN }) {
  const provider = (providerId: string): Provider => ({
    providerId,
    name: providerId,
    secrets: [TABLE_SECRET],
    courseMap: {},
    revision: 1,
    createdAt: WALL_CLOCK.toISOString(),
    updatedAt: WALL_CLOCK.toISOString(),
  });
  const providers = {
    get: vi.fn(async (id: string) => (['demo', 'acme'].includes(id) ? provider(id) : undefined)),
  };
  // A verified delivery reaches the claim; answering "already applied" ends it there with a 200.
  const deliveries = {
    claim: vi.fn(async () => ({
      outcome: 'duplicate' as const,
      status: 'APPLIED' as const,
      record: { outcome: 'applied' as const },
    })),
    release: vi.fn(),
    markApplied: vi.fn(),
  };
  const writes = [deliveries.claim, deliveries.markApplied, deliveries.release];
  const deps = {
    config: { AWS_REGION: 'us-east-1', ...env },
    repositories: { providers, deliveries, quarantine: { add: vi.fn() } },
  } as unknown as MailingDependencies;
  const handler = createCourseCompletedHandler(async () => deps);
  const post = (input: { secret: string; providerId?: string; webhookId?: string }) =>
    deliver(
      handler,
      signedEvent({
        body: BODY,
        webhookId: input.webhookId ?? 'msg_1',
        secret: input.secret,
        providerId: input.providerId ?? 'demo',
      }),
    );
  return { post, providers, deliveries, writes };
}

let recording: ReturnType<typeof recordLoggerLines> | undefined;

/** The logger lines (logs and EMF metrics) the rest of the test writes. */
function captureLogs(): readonly string[] {
  recording = recordLoggerLines();
  return recording.lines;
}

beforeEach(() => {
  secretsManager.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(WALL_CLOCK);
});

afterEach(() => {
  recording?.stop();
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('webhook secrets from Secrets Manager (PROVIDER_SECRETS_ARN set)', () => {
  it("verifies with the secret's entry for the provider and no longer with the table item's secret", async () => {
    secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [DEMO_SECRET], acme: [OTHER_SECRET] }));
    const { post, deliveries } = harness();

    expect((await post({ secret: DEMO_SECRET })).status).toBe(200);
    expect((await post({ secret: OTHER_SECRET, providerId: 'acme' })).status).toBe(200);
    expect((await post({ secret: OTHER_SECRET })).status).toBe(401); // acme's secret is not demo's
    expect((await post({ secret: TABLE_SECRET })).status).toBe(401);

    expect(secretsManager).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ARN });
    // Read once at cold start, then served from the cache.
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(deliveries.claim).toHaveBeenCalledTimes(2);
  });

  it('accepts both secrets during a rotation and drops the old one within 5 minutes, without a redeploy', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [DEMO_SECRET, NEW_SECRET] }));
    const { post } = harness();

    expect((await post({ secret: DEMO_SECRET, webhookId: 'msg_old' })).status).toBe(200);
    expect((await post({ secret: NEW_SECRET, webhookId: 'msg_new' })).status).toBe(200);

    // The operator ends the rotation; a warm instance keeps its cached copy until the refresh interval is up.
    secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [NEW_SECRET] }));
    vi.setSystemTime(WALL_CLOCK.getTime() + PROVIDER_SECRETS_REFRESH_MS - 1000);
    expect((await post({ secret: DEMO_SECRET, webhookId: 'msg_old_2' })).status).toBe(200);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);

    vi.setSystemTime(WALL_CLOCK.getTime() + PROVIDER_SECRETS_REFRESH_MS);
    expect((await post({ secret: DEMO_SECRET, webhookId: 'msg_old_3' })).status).toBe(401);
    expect((await post({ secret: NEW_SECRET, webhookId: 'msg_new_2' })).status).toBe(200);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it.each([
    ['GetSecretValue is denied', () => secretsManager.on(GetSecretValueCommand).rejects(accessDenied())],
    ['the secret has no string value', () => secretsManager.on(GetSecretValueCommand).resolves({})],
    [
      'the secret is not JSON',
      () => secretsManager.on(GetSecretValueCommand).resolves(registry(`{demo:${DEMO_SECRET}`)),
    ],
    ['the secret is a JSON array', () => secretsManager.on(GetSecretValueCommand).resolves(registry([DEMO_SECRET]))],
    [
      "the provider's entry is a string, not a list",
      () => secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: DEMO_SECRET })),
    ],
    [
      "the provider's entry holds a malformed secret",
      () => secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [DEMO_SECRET, 'whsec_short'] })),
    ],
    [
      "the provider's entry holds three secrets",
      () =>
        secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [TABLE_SECRET, DEMO_SECRET, NEW_SECRET] })),
    ],
  ])('fails closed when %s: 500, nothing written, alarmed, no secret logged', async (_case, arrange) => {
    arrange();
    const { post, writes } = harness();
    const lines = captureLogs();

    const response = await post({ secret: DEMO_SECRET });

    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: expect.objectContaining({ code: 'internal' }) });
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    const metrics = lines.filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(metrics).toContainEqual(expect.objectContaining({ ProviderSecretsUnavailable: 1 }));
    const logged = lines.join('\n');
    expect(logged).toContain('provider secrets');
    for (const secret of [DEMO_SECRET, NEW_SECRET, TABLE_SECRET]) {
      expect(logged).not.toContain(secret.slice('whsec_'.length, 20));
    }
  });

  it('does not keep a failed read: the next delivery reads the secret again and succeeds', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(accessDenied())
      .resolves(registry({ demo: [DEMO_SECRET] }));
    const { post } = harness();

    expect((await post({ secret: DEMO_SECRET })).status).toBe(500);
    expect((await post({ secret: DEMO_SECRET })).status).toBe(200);
  });

  it('refuses a provider that is in the table but absent from the secret (401, nothing written)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [DEMO_SECRET] }));
    const { post, providers, writes } = harness();

    const response = await post({ secret: OTHER_SECRET, providerId: 'acme' });

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: expect.objectContaining({ code: 'webhook.unauthenticated' }) });
    expect(providers.get).toHaveBeenCalledWith('acme');
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });

  it('refuses a provider in the secret but not in the table (its name and course map live there)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(registry({ ghost: [DEMO_SECRET] }));
    const { post, writes } = harness();

    expect((await post({ secret: DEMO_SECRET, providerId: 'ghost' })).status).toBe(401);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });

  it.each(['constructor', 'toString'])('does not find the provider id "%s" on the JSON prototype', async (id) => {
    secretsManager.on(GetSecretValueCommand).resolves(registry({ demo: [DEMO_SECRET] }));
    const { post, providers, writes } = harness();
    providers.get.mockResolvedValue({
      providerId: id,
      name: id,
      secrets: [DEMO_SECRET],
      courseMap: {},
      revision: 1,
      createdAt: '',
      updatedAt: '',
    });

    expect((await post({ secret: DEMO_SECRET, providerId: id })).status).toBe(401);
    for (const write of writes) expect(write).not.toHaveBeenCalled();
  });
});

describe('webhook secrets locally (no PROVIDER_SECRETS_ARN)', () => {
  it("verifies with the table item's secrets and never calls Secrets Manager", async () => {
    const { post } = harness({});

    expect((await post({ secret: TABLE_SECRET })).status).toBe(200);
    expect((await post({ secret: DEMO_SECRET })).status).toBe(401);
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });
});

function accessDenied(): Error {
  return Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), {
    name: 'AccessDeniedException',
  });
}
