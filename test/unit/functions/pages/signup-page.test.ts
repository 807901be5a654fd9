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

describe('the sign-up form, short by default', () => {
  const page = (input: Partial<Parameters<typeof signupPageResponse>[1]> = {}) =>
    signupPageResponse(200, { catalog: listCatalog(), ...input }).body ?? '';
  const openLists = (body: string) =>
    [...body.matchAll(/<details class="optional" open><summary>([^<]+)<\/summary>/g)].map((m) => m[1]);

  it('shows one certification row, and folds specializations and courses away', () => {
    const body = page();

    expect(body).toContain('id="cert-0-code"');
    expect(body).not.toContain('id="cert-1-code"');
    expect(body).toContain('id="spec-0-code"');
    expect(body).not.toContain('id="spec-1-code"');
    expect(openLists(body)).toEqual([]);
  });

  it('opens a folded list that holds what the trainer typed or an error, and only that one', () => {
    expect(openLists(page({ values: { 'activity-0-title': 'Kettlebell basics' } }))).toEqual([
      'Courses you completed this cycle (optional)',
    ]);
    expect(openLists(page({ errors: { 'spec-0-earnedOn': 'Enter a real date' } }))).toEqual([
      'Specializations you hold (optional)',
    ]);
  });

  it('adds rows by a form post that lands on the new row, up to a limit', () => {
    const two = page({ rows: { cert: 2, spec: 1, activity: 1 } });
    expect(two).toContain('id="cert-1-code"');
    expect(two).toContain('name="add" value="cert" formaction="/api/signups#cert-2-code" formnovalidate');

    const full = page({ rows: { cert: 10, spec: 1, activity: 1 } });
    expect(full).toContain('id="cert-9-code"');
    expect(full).not.toContain('value="cert"');
  });

  it('signs up, not adds a row, when Enter is pressed: the first submit button in the form is the real one', () => {
    const body = page();
    const form = body.slice(body.indexOf('<form'));
    const firstButton = /<button[^>]*>([^<]*)<\/button>/.exec(form);

    expect(firstButton?.[0]).not.toContain('name="add"');
    expect(firstButton?.[1]).toBe('Send my confirmation email');
  });

  it('marks the required fields, and says what the mark means', () => {
    const body = page();

    expect(body).toContain('Fields marked * are required.');
    for (const id of ['name', 'email', 'cert-0-code']) {
      expect(body).toMatch(new RegExp(`<label for="${id}">[^<]+ <span class="required" aria-hidden="true">\\*</span>`));
    }
  });
});

describe('reading the posted form back', () => {
  it('keeps as many rows as were posted and reads which list "Add another" was for', () => {
    const form = readSignupForm({
      cert: [{ code: 'NASM-CPT' }, { code: '' }, { code: '' }],
      add: 'spec',
    });

    expect(form.rows).toEqual({ cert: 3, spec: 1, activity: 1 });
    expect(form.addRow).toBe('spec');
  });

  it('ignores an "add" it does not know', () => {
    expect(readSignupForm({ add: 'trainers' }).addRow).toBeUndefined();
  });
});
