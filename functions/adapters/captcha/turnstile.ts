import * as z from '../../common/zod.js';
import {
  type CaptchaCheck,
  CaptchaSecretRefusedError,
  CaptchaUnavailableError,
  type CaptchaVerdict,
  type CaptchaVerifier,
} from './captcha-verifier.js';
import { TURNSTILE_ORIGIN } from './turnstile-widget.js';

/**
 * Cloudflare's server-side validation endpoint:
 * https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
 */
export const SITEVERIFY_URL = `${TURNSTILE_ORIGIN}/turnstile/v0/siteverify`;

/**
 * One siteverify call may take this long, connection included. Cloudflare usually answers in well under a second;
 * a sign-up that waited longer would hold the function (10 s timeout) for nothing, so it fails closed with a 503.
 */
export const SITEVERIFY_TIMEOUT_MS = 3_000;

/**
 * Cloudflare's documented dummy secret keys (always passes, always fails, "token already spent"). They judge every
 * token the same whatever page it came from, so they must never guard a real deployment.
 */
export const TURNSTILE_TEST_SECRET = /^[123]x0{31}AA$/;

/**
 * Codes that say nothing about the visitor: our secret or request is wrong, or Cloudflare failed. The token may
 * still be good, so the answer is "try again later" (and an alarm), not "you failed the check".
 */
const SECRET_REFUSED = new Set(['missing-input-secret', 'invalid-input-secret']);
const NOT_THE_VISITORS_FAULT = new Set([...SECRET_REFUSED, 'bad-request', 'internal-error']);

/** The part of the siteverify reply that decides; other fields (`challenge_ts`, `cdata`, `metadata`) are ignored. */
const SiteverifyReply = z.object({
  success: z.boolean(),
  'error-codes': z.optional(z.array(z.string())),
  hostname: z.optional(z.string()),
  action: z.optional(z.string()),
});

export interface TurnstileVerifierOptions {
  readonly secretKey: string;
  /**
   * The host that serves the sign-up page (BASE_URL's). A token solved on another host that shares the site key is
   * refused. Undefined skips the check: only for Cloudflare's test secrets, which report a fixed dummy host.
   */
  readonly expectedHostname: string | undefined;
  readonly siteverifyUrl?: string;
  readonly timeoutMs?: number;
  /** Injectable for tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Turnstile behind the CaptchaVerifier port: one POST to siteverify per token, no retry (tokens are single use). */
export function createTurnstileVerifier(options: TurnstileVerifierOptions): CaptchaVerifier {
  const url = options.siteverifyUrl ?? SITEVERIFY_URL;
  const timeoutMs = options.timeoutMs ?? SITEVERIFY_TIMEOUT_MS;
  const send = options.fetch ?? fetch;
  const expectedHostname = options.expectedHostname?.toLowerCase();

  async function ask({ token, remoteIp }: CaptchaCheck): Promise<unknown> {
    // Form-encoded, as in Cloudflare's examples; the secret travels in the body, never in the URL (which errors show).
    const form = new URLSearchParams({ secret: options.secretKey, response: token });
    if (remoteIp) form.set('remoteip', remoteIp);
    try {
      const response = await send(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        throw new CaptchaUnavailableError(`siteverify answered HTTP ${response.status}`);
      }
      return await response.json();
    } catch (error) {
      if (error instanceof CaptchaUnavailableError) throw error;
      throw new CaptchaUnavailableError(`siteverify unreachable or unreadable (${errorName(error)})`, { cause: error });
    }
  }

  return {
    async verify(check): Promise<CaptchaVerdict> {
      const parsed = SiteverifyReply.safeParse(await ask(check));
      if (!parsed.success) throw new CaptchaUnavailableError('siteverify answered something that is not a verdict');
      const { success, hostname, action } = parsed.data;
      const codes = parsed.data['error-codes'] ?? [];
      if (!success) {
        const faults = codes.filter((code) => NOT_THE_VISITORS_FAULT.has(code));
        const message = `siteverify could not judge: ${faults.join(', ')}`;
        if (faults.some((code) => SECRET_REFUSED.has(code))) throw new CaptchaSecretRefusedError(message);
        if (faults.length > 0) throw new CaptchaUnavailableError(message);
        return {
          passed: false,
          reason: codes.includes('timeout-or-duplicate') ? 'expired-or-reused' : 'invalid-token',
        };
      }
      // Both are checked only when Turnstile reports them, as its validation guide advises.
      if (expectedHostname !== undefined && hostname && hostname.toLowerCase() !== expectedHostname) {
        return { passed: false, reason: 'wrong-hostname' };
      }
      if (action && action !== check.action) return { passed: false, reason: 'wrong-action' };
      return { passed: true };
    },
  };
}
