import { describe, expect, it } from 'vitest';
import { type CertificationEvaluation, DEADLINE_LABELS, evaluate, formatLongDate } from '../../../../../core/index.js';
import {
  calendarEventUid,
  type ReminderInput,
  RenderInputError,
  renderReminder,
} from '../../../../../functions/adapters/email/index.js';
import {
  cprCard,
  cprPrerequisite30,
  cpt,
  cptCountdown150,
  cptOnlyInput,
  cptPhases,
  evaluation,
  storyInput,
} from './fixtures.js';

function keyHeaders(input: ReminderInput): string {
  const message = renderReminder(input);
  return `${[`From: ${message.from}`, `To: ${message.to}`, `Subject: ${message.subject}`, ...Object.entries(message.headers).map(([k, v]) => `${k}: ${v}`)].join('\n')}\n`;
}

function withCpt(cert: CertificationEvaluation, asOf = '2027-01-01'): ReminderInput {
  return {
    ...storyInput,
    asOf,
    evaluation: { ...evaluation, asOf, certifications: [cert], prerequisites: [] },
    due: [{ code: 'NASM-CPT', milestone: cptCountdown150 }],
  };
}

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
    ['on track', cptOnlyInput, 'Finish your NASM-CPT CE by 31 May 2027: 1.9 CEUs to go'],
    [
      'requirements met',
      withCpt(cptPhases.readyToSubmit),
      'Ready to renew: submit your NASM-CPT renewal by 30 Jun 2027',
    ],
    [
      'expired, late CE still accepted',
      withCpt(cptPhases.lateCe, '2027-07-15'),
      'Your NASM-CPT expired on 30 Jun 2027: late CE accepted until 28 Sep 2027',
    ],
    [
      'expired, CE done',
      withCpt(cptPhases.lateRenewal, '2027-10-15'),
      'Your NASM-CPT expired on 30 Jun 2027: submit your late renewal by 30 Jun 2028',
    ],
    [
      'past the renewal window, reinstatement open',
      withCpt(cptPhases.reinstatement, '2028-07-01'),
      'Your NASM-CPT has lapsed: reinstate it by 31 Dec 2028',
    ],
    [
      'lapsed for good',
      withCpt(cptPhases.lapsed, '2028-07-01'),
      'Your NASM-CPT has lapsed: only passing the exam again restores it',
    ],
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

  it('opens each certification with the phase summary, word for word', () => {
    const { text, html } = renderReminder(withCpt(cptPhases.lateCe, '2027-07-15'));

    expect(text).toContain(`=\n\n${cptPhases.lateCe.phase.summary}\n`);
    expect(html).toContain(cptPhases.lateCe.phase.summary);
  });

  it('in the late-CE window: the late CE date and the late fees, the expiry as passed, no finish-CE date', () => {
    const { text, attachments } = renderReminder(withCpt(cptPhases.lateCe, '2027-07-15'));

    // Absolute dates only: the email is kept and read after the day it was sent, when a countdown is wrong.
    expect(text).toContain('- Expired on: 30 Jun 2027\n');
    expect(text).toContain('- Late CE accepted until: 28 Sep 2027\n');
    expect(text).toContain('- Last day to renew late: 30 Jun 2028\n');
    expect(text).not.toMatch(/days from now|\(passed\)/);
    expect(text).toContain('- $30 late fee until 28 Sep 2027');
    expect(text).toContain('- $50 late fee from 29 Sep 2027 to 29 Jun 2028');
    expect(text).not.toContain('Finish your CE by');
    expect(text).not.toContain('31 May 2027');
    const ics = attachments[0]?.content ?? '';
    expect(ics).toContain('DTSTART;VALUE=DATE:20270928');
    expect(ics).not.toContain('DTSTART;VALUE=DATE:20270630');
  });

  it('keeps a fee whose amount is not published as "not published", never an amount', () => {
    const { text } = renderReminder(withCpt(cptPhases.lateRenewal, '2027-10-15'));

    expect(text).toContain('- late fee (amount not published) until 30 Jun 2028');
    expect(text).not.toMatch(/\$\d+ late fee/);
  });

  it('after a lapse that needs the exam again: no renewal dates, no fees, no progress and no calendar entry', () => {
    const { text, attachments } = renderReminder(withCpt(cptPhases.lapsed, '2028-07-01'));

    expect(text).toContain('NASM-CPT has lapsed: NASM restores it only when you pass the exam again.');
    expect(text).toContain('- Expired on: 30 Jun 2027\n');
    expect(text).not.toMatch(/renew late|Late CE|Finish your CE|Reinstate by|Fees|\$\d/);
    expect(text).not.toContain('Progress:');
    expect(text).not.toContain('calendar');
    expect(attachments).toEqual([]);
  });

  it('when the requirements are met, says only to submit the renewal, once', () => {
    const { text, attachments } = renderReminder(withCpt(cptPhases.readyToSubmit));

    expect(text.match(/submit your (NASM-CPT )?renewal/gi)).toHaveLength(1);
    expect(text).toContain('You have met every NASM-CPT requirement: submit your renewal to NASM by 30 Jun 2027.');
    expect(text).not.toContain('What to do');
    expect(text).not.toContain('Finish your CE by');
    expect(text).not.toMatch(/petition|NASM-PES|approved courses/);
    expect(attachments[0]?.content).toContain('DTSTART;VALUE=DATE:20270630');
  });

  it('offers a choice of specializations once each, with what they are about, then the course-work alternative', () => {
    const { text } = renderReminder(withCpt(cptPhases.twoOptions));

    expect(text).toContain(
      [
        'Complete one of these by 31 May 2027:',
        '- NASM-CES (corrective exercise, 1.9 CEUs, about 15 hours)',
        '- NASM-PES (performance training for athletes, 1.9 CEUs)',
        '',
        'Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours).',
      ].join('\n'),
    );
    expect(text.match(/NASM-CES/g)).toHaveLength(1);
    expect(text.match(/NASM-PES/g)).toHaveLength(1);
    expect(text).not.toContain('1.9 CEUs each');
  });

  it('never names a single specialization twice in one line', () => {
    const { text } = renderReminder(cptOnlyInput);

    expect(text).toContain(
      '- Complete NASM-PES (performance training for athletes, 1.9 CEUs) by 31 May 2027. Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours).',
    );
    expect(text.match(/NASM-PES/g)).toHaveLength(1);
  });

  it('shows the cautions next to the advice', () => {
    const caution = 'We could not confirm these rules with NASM; check your handbook.';
    const cert = { ...cpt, phase: { ...cpt.phase, cautions: [caution] } };
    const { text } = renderReminder(withCpt(cert));

    const at = text.indexOf(`Note: ${caution}`);
    expect(at).toBeGreaterThan(text.indexOf('Or instead:'));
    expect(at).toBeLessThan(text.indexOf('Dates'));
  });

  it('keeps one event per deadline with the same UID, date and sequence as the phase moves on', () => {
    const events = (input: ReminderInput) =>
      (renderReminder(input).attachments[0]?.content ?? '')
        .replace(/\r\n /g, '')
        .split('BEGIN:VEVENT')
        .slice(1)
        .map((event) => ({
          uid: /UID:(.*)/.exec(event)?.[1] ?? '',
          date: /DTSTART;VALUE=DATE:(\d+)/.exec(event)?.[1] ?? '',
          sequence: Number(/SEQUENCE:(\d+)/.exec(event)?.[1]),
          summary: /SUMMARY:(.*)/.exec(event)?.[1] ?? '',
        }));
    const steps = [
      events(cptOnlyInput),
      events(withCpt(cptPhases.readyToSubmit)),
      events(withCpt(cptPhases.lateCe, '2027-07-15')),
      events(withCpt(cptPhases.lateRenewal, '2027-10-15')),
      events(withCpt(cptPhases.reinstatement, '2028-07-01')),
    ];

    expect(steps.map((step) => step.map((event) => event.date))).toEqual([
      ['20270531', '20270630', '20270928', '20280630'],
      // CE done: the CE dates ask nothing more; the renewal dates stay.
      ['20270630', '20280630'],
      ['20270928', '20280630'],
      ['20280630'],
      ['20281231'],
    ]);
    expect(steps[0]?.map((event) => event.summary)).toEqual([
      'Recert: Finish your CE by 31 May 2027 (NASM-CPT)',
      'Recert: Expires on 30 Jun 2027 (NASM-CPT)',
      'Recert: Late CE accepted until 28 Sep 2027 (NASM-CPT)',
      'Recert: Last day to renew late 30 Jun 2028 (NASM-CPT)',
    ]);
    const byDate = new Map<string, { uid: string; sequence: number }>();
    for (const event of steps.flat()) {
      const seen = byDate.get(event.date);
      if (seen) expect({ uid: event.uid, sequence: event.sequence }).toEqual(seen);
      else byDate.set(event.date, { uid: event.uid, sequence: event.sequence });
    }
    expect(new Set([...byDate.values()].map((event) => event.uid)).size).toBe(byDate.size);
    // The expiry takes over the one moving event earlier emails put in calendars (its UID, a higher sequence).
    expect(byDate.get('20270630')).toEqual({
      uid: calendarEventUid('t_8f3a2c', 'NASM-CPT', '2027-06-30'),
      sequence: 7,
    });
  });

  it.each<[string, ReminderInput]>([
    ['on track with the CPR card due', storyInput],
    ['requirements met', withCpt(cptPhases.readyToSubmit)],
    ['late CE', withCpt(cptPhases.lateCe, '2027-07-15')],
    ['late renewal', withCpt(cptPhases.lateRenewal, '2027-10-15')],
    ['reinstatement', withCpt(cptPhases.reinstatement, '2028-07-01')],
  ])('says no countdown that goes stale, in the email or its calendar file: %s', (_case, input) => {
    const { text, html, attachments } = renderReminder(input);
    const ics = (attachments[0]?.content ?? '').replace(/\r\n /g, '');
    const relative = /days from now|\bin \d+ (days?|weeks?|months?)\b|\btomorrow\b|\btoday\b|\d+ days? (left|to go)/i;

    expect(text).not.toMatch(relative);
    expect(html).not.toMatch(relative);
    expect(ics).not.toMatch(relative);
  });

  it('says the CE is done, never "2.4 of 2.0", once the requirements are met with units to spare', () => {
    const { text } = renderReminder(withCpt({ ...cptPhases.readyToSubmit, unitsEarned: 2.4 }));

    expect(text).toContain('Progress: CE done, all 2.0 CEUs earned\n');
    expect(text).not.toMatch(/2\.4|of 2\.0/);
  });

  it('puts every deadline a NASM-CPT trainer with a CPR/AED card has in the calendar, one event each, as the page labels it', () => {
    const asOf = '2027-01-01';
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', expiresOn: '2028-01-31' },
          { code: 'ACSM-CPT', expiresOn: '2027-12-31' },
        ],
        activities: [{ title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } }],
      },
      asOf,
    );
    const ics = (
      renderReminder({ ...storyInput, asOf, evaluation, due: [{ code: 'NASM-CPT', milestone: cptCountdown150 }] })
        .attachments[0]?.content ?? ''
    ).replace(/\r\n /g, '');
    const summaries = [...ics.matchAll(/^SUMMARY:(.*)$/gm)].map((match) => match[1]);
    const uids = [...ics.matchAll(/^UID:(.*)$/gm)].map((match) => match[1]);

    expect(summaries).toEqual([
      `Recert: ${DEADLINE_LABELS['finish-ce']} 31 May 2027 (NASM-CPT)`,
      `Recert: ${DEADLINE_LABELS.expires} 30 Jun 2027 (NASM-CPT)`,
      `Recert: ${DEADLINE_LABELS['late-ce']} 28 Sep 2027 (NASM-CPT)`,
      `Recert: ${DEADLINE_LABELS['finish-ce']} 1 Dec 2027 (ACSM-CPT)`,
      `Recert: ${DEADLINE_LABELS.expires} 31 Dec 2027 (ACSM-CPT)`,
      `Recert: ${DEADLINE_LABELS.expires} 31 Jan 2028 (CPR/AED card)`,
      `Recert: ${DEADLINE_LABELS['renew-late']} 30 Jun 2028 (ACSM-CPT)`,
      `Recert: ${DEADLINE_LABELS['renew-late']} 30 Jun 2028 (NASM-CPT)`,
      `Recert: ${DEADLINE_LABELS.reinstate} 31 Dec 2030 (ACSM-CPT)`,
    ]);
    expect(new Set(uids).size).toBe(summaries.length);
    // The page's own words for the dates core puts in the phase, beside the same date in each event.
    for (const deadline of evaluation.certifications.flatMap((cert) => cert.phase.deadlines)) {
      expect(ics).toContain(`${deadline.label}: ${formatLongDate(deadline.on)}`);
    }
    expect(ics).not.toMatch(/days from now|\bin \d+ days?\b|tomorrow|today|You have \d/i);
  });

  it('renders what core says for an expired NASM-CPT in its late-CE window, with nothing of its own', () => {
    const asOf = '2027-07-15';
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
        ],
        activities: [{ title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } }],
      },
      asOf,
    );
    const cert = evaluation.certifications[0]!;
    const { text, attachments } = renderReminder({
      ...storyInput,
      asOf,
      evaluation,
      due: [{ code: 'NASM-CPT', milestone: cptCountdown150 }],
    });

    expect(cert.phase.kind).toBe('late-ce-window');
    expect(text).toContain(cert.phase.summary);
    for (const deadline of cert.phase.deadlines) expect(text).toContain(`- ${deadline.label}: `);
    for (const fee of cert.phase.fees) expect(text).toContain(`- ${fee.label}\n`);
    expect(text).not.toContain('Finish your CE by');
    const next = cert.phase.deadlines.find((deadline) => !deadline.passed)!;
    expect(attachments[0]?.content).toContain(`DTSTART;VALUE=DATE:${next.on.replaceAll('-', '')}`);
  });

  it('merges everything due into one email, most urgent first', () => {
    const { text, attachments } = renderReminder(storyInput);

    expect(text.indexOf('CPR/AED card')).toBeLessThan(text.indexOf('NASM-CPT: NASM Certified Personal Trainer'));
    expect(attachments).toHaveLength(1);
    // The card's expiry and the CPT's four dates: every deadline the trainer has, one event each.
    expect(attachments[0]?.content.match(/BEGIN:VEVENT/g)).toHaveLength(5);
    expect(text).toContain('The attached calendar file puts all 5 of your deadlines in your calendar');
  });

  it('renders a credential listed twice in the due list once', () => {
    const input = { ...cptOnlyInput, due: [...cptOnlyInput.due, { code: 'NASM-CPT', milestone: cptCountdown150 }] };

    expect(renderReminder(input).text.match(/Progress:/g)).toHaveLength(1);
  });

  it('lists certifications that are not due in one line each, as a subject would say it (no "what is below")', () => {
    const ace: CertificationEvaluation = {
      ...cpt,
      code: 'ACE-CPT',
      name: 'ACE Certified Personal Trainer',
      body: 'ACE',
      unit: 'CEC',
      expiresOn: '2028-03-12',
      phase: {
        ...cpt.phase,
        summary:
          'ACE-CPT expires on 12 Mar 2028. You have 1.2 of 2 CECs; finish the remaining 0.8 CECs by 11 Feb 2028.',
      },
    };
    const input = { ...cptOnlyInput, evaluation: { ...cptOnlyInput.evaluation, certifications: [cpt, ace] } };

    const text = renderReminder(input).text;
    expect(text).toMatch(/Your other certifications\n=+\n\n- Finish your ACE-CPT CE by \d{1,2} \w{3} \d{4}/);
    expect(text).not.toContain(ace.phase.summary);
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
