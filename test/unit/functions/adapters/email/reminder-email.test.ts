import { describe, expect, it } from 'vitest';
import type { CertificationEvaluation } from '../../../../../core/index.js';
import { type ReminderInput, RenderInputError, renderReminder } from '../../../../../functions/adapters/email/index.js';
import { cprCard, cprPrerequisite30, cpt, cptCountdown150, cptOnlyInput, evaluation, storyInput } from './fixtures.js';

function keyHeaders(input: ReminderInput): string {
  const message = renderReminder(input);
  return `${[`From: ${message.from}`, `To: ${message.to}`, `Subject: ${message.subject}`, ...Object.entries(message.headers).map(([k, v]) => `${k}: ${v}`)].join('\n')}\n`;
}

function withCpt(overrides: Partial<CertificationEvaluation>, asOf = '2027-01-01'): ReminderInput {
  const cert = { ...cpt, ...overrides };
  return {
    ...storyInput,
    asOf,
    evaluation: { ...evaluation, asOf, certifications: [cert], prerequisites: [] },
    due: [{ code: 'NASM-CPT', milestone: cptCountdown150 }],
  };
}

const met = { unitsEarned: 2, unitsRemaining: 0, requirementsMet: true, recommendations: [], missing: [] };

describe('renderReminder', () => {
  describe('golden: the seed story on 1 Jan 2027 (CPT countdown and CPR card due together)', () => {
    it('renders the key headers', async () => {
      await expect(keyHeaders(storyInput)).toMatchFileSnapshot('./__golden__/story-merged.headers.txt');
    });
    it('renders the plain-text part', async () => {
      await expect(renderReminder(storyInput).text).toMatchFileSnapshot('./__golden__/story-merged.txt');
    });
    it('renders the calendar file', async () => {
      const ics = renderReminder(storyInput).attachments[0]?.content;
      await expect(ics).toMatchFileSnapshot('./__golden__/story-merged.ics');
    });
  });

  describe('golden: the CPT countdown alone', () => {
    it('renders the key headers', async () => {
      await expect(keyHeaders(cptOnlyInput)).toMatchFileSnapshot('./__golden__/cpt-countdown.headers.txt');
    });
    it('renders the plain-text part', async () => {
      await expect(renderReminder(cptOnlyInput).text).toMatchFileSnapshot('./__golden__/cpt-countdown.txt');
    });
    it('renders the calendar file', async () => {
      const ics = renderReminder(cptOnlyInput).attachments[0]?.content;
      await expect(ics).toMatchFileSnapshot('./__golden__/cpt-countdown.ics');
    });
  });

  it.each<[string, ReminderInput, string]>([
    ['requirements open', cptOnlyInput, 'Complete NASM-PES by 31 May 2027 to renew your NASM-CPT'],
    [
      'past finish-by, before expiry',
      withCpt({}, '2027-06-10'),
      'Complete NASM-PES by 30 Jun 2027 to renew your NASM-CPT',
    ],
    [
      'no recommendation from core',
      withCpt({ recommendations: [] }),
      'Earn 1.9 more CEUs by 31 May 2027 to renew your NASM-CPT',
    ],
    ['requirements met', withCpt(met), 'Ready to renew: submit your NASM-CPT renewal by 30 Jun 2027'],
    [
      'grace, CE still open',
      withCpt({ status: 'grace' }, '2027-07-15'),
      'Your NASM-CPT expired on 30 Jun 2027: complete NASM-PES by 28 Sep 2027 to renew it late',
    ],
    [
      'grace, CE done',
      withCpt({ ...met, status: 'grace' }, '2027-07-15'),
      'Your NASM-CPT expired on 30 Jun 2027: submit your late renewal by 29 Jun 2028',
    ],
    [
      'lapsed with reinstatement open',
      withCpt({ status: 'lapsed', deadlines: { ...cpt.deadlines, reinstateBy: '2028-12-31' } }, '2028-07-01'),
      'Your NASM-CPT has lapsed: reinstate it by 31 Dec 2028',
    ],
    ['lapsed for good', withCpt({ status: 'lapsed' }, '2028-07-01'), 'Your NASM-CPT has lapsed'],
    [
      'CPR card only',
      { ...storyInput, due: [{ code: 'CPR-AED', milestone: cprPrerequisite30 }] },
      'Renew your CPR/AED card by 31 Jan 2027',
    ],
    [
      'CPR card expired',
      {
        ...storyInput,
        asOf: '2027-02-03',
        evaluation: { ...evaluation, prerequisites: [{ ...cprCard, status: 'expired' }] },
        due: [{ code: 'CPR-AED', milestone: cprPrerequisite30 }],
      },
      'Your CPR/AED card expired on 31 Jan 2027: renew it',
    ],
    ['CPT and CPR merged', storyInput, 'Renew your CPR/AED card by 31 Jan 2027 (+1 more deadline)'],
  ])('names the action and the date in the subject: %s', (_case, input, subject) => {
    expect(renderReminder(input).subject).toBe(subject);
  });

  it('merges everything due into one email, most urgent first', () => {
    const { text, attachments } = renderReminder(storyInput);

    expect(text.indexOf('CPR/AED card')).toBeLessThan(text.indexOf('NASM-CPT: NASM Certified Personal Trainer'));
    expect(attachments).toHaveLength(1);
    expect(attachments[0]?.content.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });

  it('does not repeat a sub-requirement the advice already explains', () => {
    const why = 'Your CPR/AED card expires 31 Jan 2027, 5 months before your NASM-CPT renewal on 30 Jun 2027.';
    const certification = {
      ...cptOnlyInput.evaluation.certifications[0]!,
      missing: [{ requirement: 'cpr-aed' as const, detail: why }],
      recommendations: [{ code: 'CPR-AED', units: 0.1, why }],
    };
    const input = { ...cptOnlyInput, evaluation: { ...cptOnlyInput.evaluation, certifications: [certification] } };

    const { text } = renderReminder(input);

    expect(text.split('CPR/AED card expires 31 Jan 2027').length - 1).toBe(1);
    expect(text).not.toContain('Also needed');
  });

  it('renders a credential listed twice in the due list once', () => {
    const input = { ...cptOnlyInput, due: [...cptOnlyInput.due, { code: 'NASM-CPT', milestone: cptCountdown150 }] };

    expect(renderReminder(input).text.match(/Progress:/g)).toHaveLength(1);
  });

  it('lists certifications that are not due with their progress', () => {
    const ace: CertificationEvaluation = {
      ...cpt,
      code: 'ACE-CPT',
      name: 'ACE Certified Personal Trainer',
      body: 'ACE',
      unit: 'CEC',
      expiresOn: '2028-03-12',
      unitsEarned: 1.2,
      unitsRemaining: 0.8,
    };
    const input = { ...cptOnlyInput, evaluation: { ...cptOnlyInput.evaluation, certifications: [cpt, ace] } };

    expect(renderReminder(input).text).toContain('- ACE-CPT: 1.2 of 2.0 CECs, expires 12 Mar 2028');
  });

  it('carries RFC 8058 one-click unsubscribe headers and a visible unsubscribe link', () => {
    const message = renderReminder(storyInput);

    expect(message.headers).toEqual({
      'List-Unsubscribe': '<https://recert.example.com/unsubscribe?token=un_sam>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(message.text).toContain('Unsubscribe: https://recert.example.com/unsubscribe?token=un_sam');
    expect(message.html).toContain('<a href="https://recert.example.com/unsubscribe?token=un_sam"');
  });

  it("prints the sender's postal address in both parts", () => {
    const message = renderReminder(storyInput);

    expect(message.text).toContain('Recert, 100 Example Street, Suite 5, Springfield, IL 62701, USA');
    expect(message.html).toContain('Recert, 100 Example Street, Suite 5, Springfield, IL 62701, USA');
  });

  it('lays the HTML out as one phone-width column with inline styles', () => {
    const { html } = renderReminder(storyInput);

    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('max-width:600px');
    expect(html).not.toMatch(/<style|<link|class=/);
    expect(html).toContain('Progress: 0.1 of 2.0 CEUs earned, 1.9 to go');
    expect(html).toContain('href="https://recert.example.com/status?token=st_sam"');
  });

  it('escapes trainer-supplied text in the HTML part', () => {
    const input = { ...storyInput, trainer: { ...storyInput.trainer, name: 'Sam <script>alert("x")</script> & Co' } };

    const { html, text } = renderReminder(input);

    expect(html).not.toContain('<script>');
    expect(html).toContain('Hi Sam &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co,');
    expect(text).toContain('Hi Sam <script>alert("x")</script> & Co,');
  });

  it('keeps the bearer-token status link out of the calendar file', () => {
    const ics = renderReminder(storyInput).attachments[0]?.content ?? '';

    expect(ics).not.toContain('token=');
  });

  it.each<[string, ReminderInput, string]>([
    [
      'an http status link',
      { ...storyInput, links: { ...storyInput.links, statusUrl: 'http://recert.example.com/status' } },
      'links.statusUrl',
    ],
    [
      'a javascript: unsubscribe link',
      { ...storyInput, links: { ...storyInput.links, unsubscribeUrl: 'javascript:alert(1)' } },
      'links.unsubscribeUrl',
    ],
    ['nothing due', { ...storyInput, due: [] }, 'due'],
    [
      'a due code missing from the evaluation',
      { ...storyInput, due: [{ code: 'ACE-CPT', milestone: cptCountdown150 }] },
      'due[0].code',
    ],
    ['an impossible asOf', { ...storyInput, asOf: '2027-02-30' }, 'asOf'],
  ])('refuses %s, naming the field', (_case, input, field) => {
    expect(() => renderReminder(input)).toThrow(RenderInputError);
    expect(() => renderReminder(input)).toThrow(expect.objectContaining({ field, code: 'email.invalid-input' }));
  });

  it('accepts plain http links on loopback for the local stack', () => {
    const local = { statusUrl: 'http://127.0.0.1:3000/status?t=1', unsubscribeUrl: 'http://localhost:3000/u?t=1' };

    expect(renderReminder({ ...storyInput, links: local }).headers['List-Unsubscribe']).toBe(
      '<http://localhost:3000/u?t=1>',
    );
  });
});
