import {
  CaptchaSecretRefusedError,
  CaptchaUnavailableError,
  type CaptchaVerifier,
  createTurnstileVerifier,
  TURNSTILE_TEST_SECRET,
} from '../../adapters/captcha/index.js';
import { type Config, LOOPBACK_HOSTS, config as readConfig } from '../../common/config.js';
import { readSecretString } from '../../common/secrets.js';

/**
 * A verifier for a half or unsafe configuration: it refuses every token as "no verdict" (503 and the
 * CaptchaUnavailable alarm), naming what is wrong in the log. Half a configuration is never read as "CAPTCHA off":
 * in AWS the stack passes the secret unless deployed with `-c captcha=off`, so a forgotten site key must stop
 * sign-ups, not let every bot through.
 */
function misconfigured(problem: string): CaptchaVerifier {
  return {
    verify: async () => {
      throw new CaptchaUnavailableError(`CAPTCHA misconfigured: ${problem}`);
    },
  };
}

/**
 * The sign-up CAPTCHA's verifier (ADR 0015), or undefined when the CAPTCHA is off: no site key and no secret, as in
 * the local runtime by default. The secret comes from Secrets Manager in AWS (read at cold start; an unreadable
 * secret fails the request, fail closed) or from the environment locally.
 */
export async function buildCaptchaVerifier(cfg: Config): Promise<CaptchaVerifier | undefined> {
  const secretConfigured = cfg.TURNSTILE_SECRET_KEY !== undefined || cfg.TURNSTILE_SECRET_ARN !== undefined;
  if (cfg.TURNSTILE_SITE_KEY === undefined && !secretConfigured) return undefined;
  if (cfg.TURNSTILE_SITE_KEY === undefined) {
    return misconfigured('TURNSTILE_SITE_KEY is not set but a Turnstile secret is (CDK context captchaSiteKey)');
  }
  if (!secretConfigured)
    return misconfigured('TURNSTILE_SITE_KEY is set but no TURNSTILE_SECRET_KEY or TURNSTILE_SECRET_ARN');
  const secretKey = cfg.TURNSTILE_SECRET_KEY ?? (await readTurnstileSecret(cfg));
  if (!secretKey) return misconfigured('the Turnstile secret in Secrets Manager (TURNSTILE_SECRET_ARN) is empty');
  const { hostname } = new URL(cfg.BASE_URL);
  const isTestSecret = TURNSTILE_TEST_SECRET.test(secretKey);
  if (isTestSecret && !LOOPBACK_HOSTS.has(hostname)) {
    return misconfigured('a Cloudflare test secret judges every token alike; it is refused unless BASE_URL is local');
  }
  return createTurnstileVerifier({
    secretKey,
    // Test secrets report a fixed dummy hostname, so the check would refuse every token of a local trial.
    expectedHostname: isTestSecret ? undefined : hostname,
    ...(cfg.TURNSTILE_SITEVERIFY_URL ? { siteverifyUrl: cfg.TURNSTILE_SITEVERIFY_URL } : {}),
  });
}

async function readTurnstileSecret(cfg: Config): Promise<string | undefined> {
  if (cfg.TURNSTILE_SECRET_ARN === undefined) return undefined;
  return (await readSecretString(cfg, cfg.TURNSTILE_SECRET_ARN))?.trim() || undefined;
}

/**
 * Forgets the verifier when Turnstile refuses its secret, so the next sign-up reads the secret again: the stack
 * starts with a placeholder the operator replaces after the first deploy, and a rotated secret replaces the old one.
 * Without this, warm functions would refuse sign-ups until they happened to be recycled.
 */
function rereadSecretWhenRefused(verifier: CaptchaVerifier, forget: () => void): CaptchaVerifier {
  return {
    async verify(check) {
      try {
        return await verifier.verify(check);
      } catch (error) {
        if (error instanceof CaptchaSecretRefusedError) forget();
        throw error;
      }
    },
  };
}

let cached: Promise<CaptchaVerifier | undefined> | undefined;

/** The process-wide verifier (built at the first sign-up of a cold start); a failed build is not cached. */
export function captchaVerifier(): Promise<CaptchaVerifier | undefined> {
  if (cached) return cached;
  const building = buildCaptchaVerifier(readConfig()).then(
    (verifier) =>
      verifier &&
      rereadSecretWhenRefused(verifier, () => {
        if (cached === building) cached = undefined;
      }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  cached = building;
  return building;
}
