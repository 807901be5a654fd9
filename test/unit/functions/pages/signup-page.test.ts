import { describe, expect, it } from 'vitest';
import { listCatalog } from '../../../../core/index.js';
import { readSignupForm } from '../../../../functions/pages/signup-form.js';
import { signupPageResponse } from '../../../../functions/pages/signup-page.js';

const CAPTCHA = { siteKey: '0x4AAAAAAAsiteKeyForTests', action: 'signup' };

/** The CSP as a map of directive → sources. */
function csp(headers: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    String(headers?.['content-security-policy'] ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = '', ...sources]) => [name, sources.join(' ')]),
  );
}

describe('the sign-up page', () => {
  it('without a site key: no widget, no third-party script, and the CSP allows no script and no frame', () => {
    const response = signupPageResponse(200, { catalog: listCatalog() });
    const policy = csp(response.headers);

    expect(response.body).not.toContain('cf-turnstile');
    expect(response.body).not.toContain('<script');
    expect(response.body).not.toContain('<noscript>');
    expect(policy['script-src']).toBe("'none'");
    expect(policy['frame-src']).toBeUndefined();
    expect(policy['default-src']).toBe("'none'");
  });

  it('with a site key: the widget inside the form, Turnstile’s loader, and a CSP that allows exactly that origin', () => {
    const response = signupPageResponse(200, { catalog: listCatalog(), captcha: CAPTCHA });
    const body = response.body ?? '';
    const policy = csp(response.headers);
    const form = body.slice(body.indexOf('<form'), body.indexOf('</form>'));

    expect(form).toContain(
      `<div class="cf-turnstile" id="captcha" aria-describedby="captcha-hint" data-sitekey="${CAPTCHA.siteKey}" data-action="signup" data-response-field-name="cf-turnstile-response" data-theme="light"></div>`,
    );
    expect(body).toContain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>');
    expect(policy['script-src']).toBe('https://challenges.cloudflare.com');
    expect(policy['frame-src']).toBe('https://challenges.cloudflare.com');
    // Everything else stays as tight as on every other page.
    expect(policy).toMatchObject({
      'default-src': "'none'",
      'form-action': "'self'",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(response.headers?.['x-frame-options']).toBe('DENY');
  });

  it('says, without JavaScript, that the check needs it (before the form and next to the widget)', () => {
    const body = signupPageResponse(200, { catalog: listCatalog(), captcha: CAPTCHA }).body ?? '';
    const notices = [...body.matchAll(/<noscript>([\s\S]*?)<\/noscript>/g)].map((match) => match[1] ?? '');

    expect(notices).toHaveLength(2);
    for (const notice of notices) expect(notice).toMatch(/needs JavaScript/);
    expect(body.indexOf('<noscript>')).toBeLessThan(body.indexOf('<form'));
  });

  it('shows a CAPTCHA error next to the widget and in the summary, linking to it', () => {
    const body =
      signupPageResponse(403, {
        catalog: listCatalog(),
        captcha: CAPTCHA,
        errors: { captcha: 'The check that you are a person failed or has expired.' },
      }).body ?? '';

    expect(body).toContain('aria-describedby="captcha-hint captcha-error"');
    expect(body).toContain(
      '<p class="error" id="captcha-error">The check that you are a person failed or has expired.</p>',
    );
    expect(body).toContain('<a href="#captcha">Check that you are a person: The check that you are a person failed');
  });

  it('escapes the site key and passes extra headers (Retry-After) through', () => {
    const response = signupPageResponse(
      503,
      { catalog: listCatalog(), captcha: { siteKey: 'a"b<c', action: 'signup' } },
      { 'retry-after': '10' },
    );

    expect(response.body).toContain('data-sitekey="a&quot;b&lt;c"');
    expect(response.headers?.['retry-after']).toBe('10');
  });
});

describe('readSignupForm and the CAPTCHA', () => {
  it('hands the widget’s cf-turnstile-response on as captchaToken, and never keeps it to re-fill the form', () => {
    const form = readSignupForm({ name: 'Sam', email: 'sam@example.com', 'cf-turnstile-response': ' tok.en-1 ' });

    expect(form.input.captchaToken).toBe('tok.en-1');
    expect(JSON.stringify(form.values)).not.toContain('tok.en-1');
  });

  it('treats an empty widget field (not solved yet) as no token', () => {
    expect(readSignupForm({ name: 'Sam', 'cf-turnstile-response': '' }).input).not.toHaveProperty('captchaToken');
  });

  it('puts a captchaToken error next to the widget', () => {
    const form = readSignupForm({});

    expect(form.errorsByField([{ path: 'captchaToken', message: 'required' }])).toEqual({ captcha: 'Required' });
  });
});
