import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CaptchaSecretRefusedError,
  CaptchaUnavailableError,
  createTurnstileVerifier,
  SITEVERIFY_TIMEOUT_MS,
  SITEVERIFY_URL,
} from '../../../../../functions/adapters/captcha/index.js';
import { type FakeTurnstile, startFakeTurnstile } from '../../../../helpers/fake-turnstile.js';

const SECRET = 'fake-widget-secret-0x4AAAAAAA';

describe('the Turnstile verifier against a siteverify on loopback', () => {
  let turnstile: FakeTurnstile;
  const verifier = (options: { secretKey?: string; expectedHostname?: string | undefined } = {}) =>
    createTurnstileVerifier({
      secretKey: options.secretKey ?? SECRET,
      expectedHostname: 'expectedHostname' in options ? options.expectedHostname : 'recert.example.com',
      siteverifyUrl: turnstile.url,
    });
  const check = (token: string) => ({ token, action: 'signup', remoteIp: '192.0.2.7' });

  beforeAll(async () => {
    turnstile = await startFakeTurnstile(SECRET);
  });
  afterEach(() => {
    turnstile.setMode('turnstile');
  });
  afterAll(async () => {
    await turnstile.stop();
  });

  it('posts the secret, the token and the client address form-encoded, and passes a good token', async () => {
    const token = turnstile.issue({ hostname: 'recert.example.com' });

    await expect(verifier().verify(check(token))).resolves.toEqual({ passed: true });
    expect(turnstile.calls.at(-1)).toEqual({
      secret: SECRET,
      response: token,
      remoteip: '192.0.2.7',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    });
  });

  it('refuses the same token the second time (tokens are single use)', async () => {
    const token = turnstile.issue({ hostname: 'recert.example.com' });

    await expect(verifier().verify(check(token))).resolves.toEqual({ passed: true });
    await expect(verifier().verify(check(token))).resolves.toEqual({ passed: false, reason: 'expired-or-reused' });
  });

  it('refuses an expired token, an unknown one, and one from another host or form', async () => {
    const v = verifier();
    await expect(
      v.verify(check(turnstile.issue({ hostname: 'recert.example.com', ageSeconds: 301 }))),
    ).resolves.toEqual({ passed: false, reason: 'expired-or-reused' });
    await expect(v.verify(check('XXXX.DUMMY.TOKEN.XXXX'))).resolves.toEqual({ passed: false, reason: 'invalid-token' });
    await expect(v.verify(check(turnstile.issue({ hostname: 'evil.example' })))).resolves.toEqual({
      passed: false,
      reason: 'wrong-hostname',
    });
    await expect(
      v.verify(check(turnstile.issue({ hostname: 'recert.example.com', action: 'newsletter' }))),
    ).resolves.toEqual({ passed: false, reason: 'wrong-action' });
  });

  it('compares hostnames without regard to case, and skips the check only when told to (test secrets)', async () => {
    await expect(verifier().verify(check(turnstile.issue({ hostname: 'Recert.Example.COM' })))).resolves.toEqual({
      passed: true,
    });
    await expect(
      verifier({ expectedHostname: undefined }).verify(check(turnstile.issue({ hostname: 'example.com' }))),
    ).resolves.toEqual({ passed: true });
  });

  it('gives no verdict when our own secret is wrong: that is not the visitor failing the check', async () => {
    const token = turnstile.issue({ hostname: 'recert.example.com' });

    const error = await verifier({ secretKey: 'not-the-secret' })
      .verify(check(token))
      .catch((caught: unknown) => caught);
    // A kind of "no verdict" the secret's holder can act on: read the secret again.
    expect(error).toBeInstanceOf(CaptchaSecretRefusedError);
    expect(error).toBeInstanceOf(CaptchaUnavailableError);
    expect((error as Error).message).toBe('siteverify could not judge: invalid-input-secret');
  });

  it.each([
    [{ httpStatus: 500 }, 'siteverify answered HTTP 500'],
    [{ httpStatus: 429 }, 'siteverify answered HTTP 429'],
    ['drop-connection' as const, 'siteverify unreachable or unreadable (TypeError)'],
  ])('gives no verdict when siteverify answers %j', async (mode, message) => {
    turnstile.setMode(mode);

    const error = await verifier()
      .verify(check(turnstile.issue()))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CaptchaUnavailableError);
    expect((error as Error).message).toBe(message);
  });

  it('never puts the secret in an error message', async () => {
    turnstile.setMode({ httpStatus: 502 });

    const error = (await verifier()
      .verify(check(turnstile.issue()))
      .catch((caught: unknown) => caught)) as Error;
    expect(`${error.message} ${String(error.cause ?? '')}`).not.toContain(SECRET);
  });
});

describe('the Turnstile verifier when siteverify cannot be reached in time', () => {
  let silent: Server;
  let silentUrl: string;

  beforeAll(async () => {
    // Accepts the connection, reads the request, never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/siteverify`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('uses Cloudflare siteverify with a 3-second budget by default', () => {
    expect(SITEVERIFY_URL).toBe('https://challenges.cloudflare.com/turnstile/v0/siteverify');
    expect(SITEVERIFY_TIMEOUT_MS).toBe(3_000);
  });

  it('gives up after its timeout instead of waiting for the function to time out', async () => {
    const verifier = createTurnstileVerifier({
      secretKey: SECRET,
      expectedHostname: 'recert.example.com',
      siteverifyUrl: silentUrl,
      timeoutMs: 150,
    });

    await expect(verifier.verify({ token: 't', action: 'signup' })).rejects.toThrow(
      new CaptchaUnavailableError('siteverify unreachable or unreadable (TimeoutError)'),
    );
  });

  it('gives no verdict when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/siteverify`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const verifier = createTurnstileVerifier({ secretKey: SECRET, expectedHostname: 'x', siteverifyUrl: url });
    await expect(verifier.verify({ token: 't', action: 'signup' })).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });

  it.each([
    ['not JSON', () => new Response('<html>captive portal</html>', { status: 200 })],
    ['JSON without a verdict', () => Response.json({ ok: true })],
    ['success as a string', () => Response.json({ success: 'true' })],
  ])('gives no verdict for an answer that is %s', async (_label, answer) => {
    const verifier = createTurnstileVerifier({
      secretKey: SECRET,
      expectedHostname: 'x',
      fetch: async () => answer(),
    });

    await expect(verifier.verify({ token: 't', action: 'signup' })).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });

  it.each([['internal-error'], ['bad-request'], ['missing-input-secret']])(
    'gives no verdict when Turnstile reports %s',
    async (code) => {
      const verifier = createTurnstileVerifier({
        secretKey: SECRET,
        expectedHostname: 'x',
        fetch: async () => Response.json({ success: false, 'error-codes': [code] }),
      });

      await expect(verifier.verify({ token: 't', action: 'signup' })).rejects.toBeInstanceOf(CaptchaUnavailableError);
    },
  );

  it('accepts a success that reports no hostname or action (checked only when present)', async () => {
    const verifier = createTurnstileVerifier({
      secretKey: SECRET,
      expectedHostname: 'recert.example.com',
      fetch: async () => Response.json({ success: true, 'error-codes': [], hostname: '', action: '' }),
    });

    await expect(verifier.verify({ token: 't', action: 'signup' })).resolves.toEqual({ passed: true });
  });
});
