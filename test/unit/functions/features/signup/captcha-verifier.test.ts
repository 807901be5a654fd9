import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CaptchaSecretRefusedError, CaptchaUnavailableError } from '../../../../../functions/adapters/captcha/index.js';
import { ConfigurationError, parseConfig } from '../../../../../functions/common/config.js';
import { buildCaptchaVerifier, captchaVerifier } from '../../../../../functions/features/signup/captcha-verifier.js';
import { type FakeTurnstile, startFakeTurnstile } from '../../../../helpers/fake-turnstile.js';

const SECRET = 'real-looking-widget-secret';
const TEST_SECRET = '1x0000000000000000000000000000000AA';
const SITE_KEY = '0x4AAAAAAAsiteKeyForTests';
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:TurnstileSecretKey-AbCdEf';
const base = {
  TABLE_NAME: 'recert',
  BASE_URL: 'https://recert.example.com',
  SENDER_ADDRESS: 'Recert <reminders@example.com>',
  POSTAL_ADDRESS: 'Recert, 1 Main St, Springfield, IL 62701, USA',
};
const secretsManager = mockClient(SecretsManagerClient);

describe('buildCaptchaVerifier', () => {
  let turnstile: FakeTurnstile;
  const build = (env: Record<string, string>) =>
    buildCaptchaVerifier(parseConfig({ ...base, TURNSTILE_SITEVERIFY_URL: turnstile.url, ...env }));
  const verifyWith = async (env: Record<string, string>, token: string) => {
    const verifier = await build(env);
    if (!verifier) throw new Error('expected the CAPTCHA to be on');
    return verifier.verify({ token, action: 'signup' });
  };

  beforeAll(async () => {
    turnstile = await startFakeTurnstile(SECRET);
  });
  beforeEach(() => {
    secretsManager.reset();
  });
  afterAll(async () => {
    await turnstile.stop();
  });

  it('leaves the CAPTCHA off when neither a site key nor a secret is configured', async () => {
    await expect(build({})).resolves.toBeUndefined();
  });

  it('checks tokens against the host of BASE_URL with the secret from the environment', async () => {
    await expect(
      verifyWith(
        { TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_KEY: SECRET },
        turnstile.issue({ hostname: 'recert.example.com' }),
      ),
    ).resolves.toEqual({ passed: true });
    await expect(
      verifyWith(
        { TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_KEY: SECRET },
        turnstile.issue({ hostname: 'localhost' }),
      ),
    ).resolves.toEqual({ passed: false, reason: 'wrong-hostname' });
  });

  it('reads the secret from Secrets Manager in AWS, at build (cold start)', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: `${SECRET}\n` });

    await expect(
      verifyWith(
        { TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_ARN: ARN },
        turnstile.issue({ hostname: 'recert.example.com' }),
      ),
    ).resolves.toEqual({ passed: true });
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('fails closed when the secret cannot be read: the build throws and nothing is cached as "off"', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(Object.assign(new Error('down'), { name: 'InternalServiceError' }));

    await expect(build({ TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_ARN: ARN })).rejects.toThrow('down');
  });

  it.each([
    [
      'a secret without a site key (a deploy without -c captchaSiteKey)',
      { TURNSTILE_SECRET_ARN: ARN },
      /TURNSTILE_SITE_KEY is not set/,
    ],
    [
      'a site key without a secret',
      { TURNSTILE_SITE_KEY: SITE_KEY },
      /no TURNSTILE_SECRET_KEY or TURNSTILE_SECRET_ARN/,
    ],
    ['an empty secret in Secrets Manager', { TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_ARN: ARN }, /is empty/],
    [
      "Cloudflare's always-passes test secret on a public BASE_URL",
      { TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_KEY: TEST_SECRET },
      /test secret/,
    ],
  ])('refuses every token (503, never "off") for %s', async (_label, env, message) => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: ' ' });

    const verifier = await build(env);
    expect(verifier).toBeDefined();
    const error = await verifier
      ?.verify({ token: turnstile.issue(), action: 'signup' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptchaUnavailableError);
    expect((error as Error).message).toMatch(message);
  });

  it("accepts Cloudflare's test secret on localhost, where its dummy hostname is not checked", async () => {
    const calls = turnstile.calls.length;
    const verifier = await buildCaptchaVerifier(
      parseConfig({
        ...base,
        BASE_URL: 'http://localhost:3000',
        TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
        TURNSTILE_SECRET_KEY: TEST_SECRET,
        TURNSTILE_SITEVERIFY_URL: turnstile.url,
      }),
    );
    // The fake only knows its own secret, so it answers invalid-input-secret: what matters is that it was asked.
    await expect(verifier?.verify({ token: 'XXXX.DUMMY.TOKEN.XXXX', action: 'signup' })).rejects.toBeInstanceOf(
      CaptchaUnavailableError,
    );
    expect(turnstile.calls.slice(calls).map((call) => call.secret)).toEqual([TEST_SECRET]);
  });

  it('names a malformed site key at cold start (it is public, so the value is shown)', () => {
    expect(() => parseConfig({ ...base, TURNSTILE_SITE_KEY: '<script>' })).toThrow(ConfigurationError);
    expect(() => parseConfig({ ...base, TURNSTILE_SITE_KEY: '<script>' })).toThrow(
      /TURNSTILE_SITE_KEY: must be a Turnstile site key/,
    );
  });

  it('reads the secret again after Turnstile refuses it (placeholder replaced or secret rotated), not on every call', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'generatedPlaceholderFromTheStack' })
      .resolves({ SecretString: SECRET });
    Object.assign(process.env, {
      ...base,
      TURNSTILE_SITE_KEY: SITE_KEY,
      TURNSTILE_SECRET_ARN: ARN,
      TURNSTILE_SITEVERIFY_URL: turnstile.url,
    });
    const verify = async () =>
      (await captchaVerifier())?.verify({
        token: turnstile.issue({ hostname: 'recert.example.com' }),
        action: 'signup',
      });

    await expect(verify()).rejects.toBeInstanceOf(CaptchaSecretRefusedError);
    await expect(verify()).resolves.toEqual({ passed: true });
    await expect(verify()).resolves.toEqual({ passed: true });
    expect(secretsManager).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });
});
