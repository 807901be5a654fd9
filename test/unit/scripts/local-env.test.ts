import { describe, expect, it } from 'vitest';
import {
  applyEnvironment,
  captchaFromEnv,
  InvalidLocalCaptchaError,
  localEnvironment,
} from '../../../scripts/local/local-env.js';

const ENDPOINTS = {
  baseUrl: 'http://localhost:3000',
  tableName: 'recert-local',
  dynamodbEndpoint: 'http://127.0.0.1:1',
  sesEndpoint: 'http://127.0.0.1:2',
};

describe('the local runtime and the sign-up CAPTCHA', () => {
  it('keeps it off by default', () => {
    expect(captchaFromEnv({})).toBeUndefined();
    expect(
      Object.keys(localEnvironment(ENDPOINTS, 'k'.repeat(64))).filter((name) => name.startsWith('TURNSTILE')),
    ).toEqual([]);
  });

  it("turns it on with both keys (Cloudflare's public test keys work on localhost)", () => {
    const captcha = captchaFromEnv({
      TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
      TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
    });

    expect(captcha).toEqual({ siteKey: '1x00000000000000000000AA', secretKey: '1x0000000000000000000000000000000AA' });
    expect(localEnvironment(ENDPOINTS, 'k'.repeat(64), captcha)).toMatchObject({
      TURNSTILE_SITE_KEY: '1x00000000000000000000AA',
      TURNSTILE_SECRET_KEY: '1x0000000000000000000000000000000AA',
    });
  });

  it.each([
    [{ TURNSTILE_SITE_KEY: '1x00000000000000000000AA' }, /both TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY/],
    [{ TURNSTILE_SECRET_KEY: 'secret' }, /both TURNSTILE_SITE_KEY and TURNSTILE_SECRET_KEY/],
    [{ TURNSTILE_SITE_KEY: 'no good', TURNSTILE_SECRET_KEY: 'secret' }, /not a Turnstile site key: "no good"/],
  ])('refuses half a configuration at start: %j', (env, message) => {
    expect(() => captchaFromEnv(env)).toThrow(InvalidLocalCaptchaError);
    expect(() => captchaFromEnv(env)).toThrow(message);
  });

  it('clears CAPTCHA variables a shell left behind when it applies an environment without them', () => {
    const target: NodeJS.ProcessEnv = { TURNSTILE_SITE_KEY: 'left-over-key', TURNSTILE_SECRET_ARN: 'arn', KEEP: '1' };

    applyEnvironment(localEnvironment(ENDPOINTS, 'k'.repeat(64)), target);

    expect(target.TURNSTILE_SITE_KEY).toBeUndefined();
    expect(target.TURNSTILE_SECRET_ARN).toBeUndefined();
    expect(target.KEEP).toBe('1');
  });
});
