import { describe, expect, it } from 'vitest';
import { type CertificationEvaluation, type Evaluation, evaluate } from '../../../../core/index.js';
import { renderStatusPage, type StatusPageInput } from '../../../../functions/pages/status-page.js';
import { cprCard, cpt, cptPhases } from '../adapters/email/fixtures.js';

const token = 'st_sam.token';
const unsubscribeUrl = 'https://recert.example.com/unsubscribe?token=un_sam';

/** A page input with nothing of the trainer's own record listed (the cards come from the evaluation alone). */
function input(evaluation: Evaluation, extra: Partial<StatusPageInput> = {}): StatusPageInput {
  return {
    name: 'Sam Lee',
    evaluation,
    token,
    unsubscribeUrl,
    remindersOff: false,
    courses: [],
    credentials: [],
    providerNames: {},
    catalog: [],
    ...extra,
  };
}

function page(certifications: readonly CertificationEvaluation[], extra: Partial<Evaluation> = {}): string {
  const evaluation: Evaluation = {
    asOf: '2027-01-01',
    certifications,
    prerequisites: [cprCard],
    nextReminderOn: '2027-01-01',
    notices: [],
    ...extra,
  };
  return renderStatusPage(input(evaluation));
}

/** The certification's card, as the words a reader sees (tags dropped, entities decoded, one space between). */
function card(html: string, code: string): string {
  const start = html.indexOf(`<section class="card" aria-labelledby="cert-${code}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return words(html.slice(start, html.indexOf('</section>', start)));
}

function words(html: string): string {
  return html
    .replace(/<\/(li|p|dt|dd|h2|h3|div)>|<(ul|ol)[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

describe('the status page', () => {
  it('leads each certification with its phase summary, word for word', () => {
    const text = card(page([cptPhases.lateCe]), 'NASM-CPT');

    expect(text).toContain(cptPhases.lateCe.phase.summary);
    expect(text.indexOf(cptPhases.lateCe.phase.summary)).toBeLessThan(text.indexOf('What to do next'));
  });

  it('in the late-CE window: the late CE date, the late fees and the expiry as passed; no finish-CE date', () => {
    const text = card(page([cptPhases.lateCe], { asOf: '2027-07-15' }), 'NASM-CPT');

    expect(text).toContain('Expired on\n30 Jun 2027 (passed)');
    expect(text).toContain('Late CE accepted until\n28 Sep 2027 (75 days from now)');
    expect(text).toContain('Last day to renew late\n30 Jun 2028');
    expect(text).toContain('$30 late fee until 28 Sep 2027');
    expect(text).toContain('$50 late fee from 29 Sep 2027 to 29 Jun 2028');
    expect(text).not.toContain('Finish your CE by');
  });

  it('after a lapse that needs the exam again: no renewal dates, no fees, no progress', () => {
    const html = page([cptPhases.lapsed], { asOf: '2028-07-01' });
    const text = card(html, 'NASM-CPT');

    expect(text).toContain('NASM-CPT has lapsed: NASM restores it only when you pass the exam again.');
    expect(text).not.toMatch(/renew late|Late CE|Finish your CE|Reinstate by|Fees|\$\d/);
    expect(html).not.toContain('data-testid="progress-NASM-CPT"');
  });

  it('keeps an unpublished fee as "not published"', () => {
    const text = card(page([cptPhases.lateRenewal], { asOf: '2027-10-15' }), 'NASM-CPT');

    expect(text).toContain('late fee (amount not published) until 30 Jun 2028');
    expect(text).not.toMatch(/\$\d+ late fee/);
  });

  it('when the requirements are met, says only to submit the renewal', () => {
    const text = card(page([cptPhases.readyToSubmit]), 'NASM-CPT');

    expect(text).toContain('You have met every NASM-CPT requirement: submit your renewal to NASM by 30 Jun 2027.');
    expect(text.match(/submit your (NASM-CPT )?renewal/gi)).toHaveLength(1);
    expect(text).not.toContain('What to do next');
    expect(text).not.toContain('Finish your CE by');
  });

  it('lists a choice of specializations once each under one recommendation, then the alternative', () => {
    const html = page([cptPhases.twoOptions]);
    const text = card(html, 'NASM-CPT');

    expect(html.match(/<ol class="advice">(.*?)<\/ol>/)?.[1]?.match(/<li>Complete one of these/g)).toHaveLength(1);
    expect(text).toContain(
      [
        'Complete one of these by 31 May 2027:',
        'NASM-CES (corrective exercise, 1.9 CEUs, about 15 hours)',
        'NASM-PES (performance training for athletes, 1.9 CEUs)',
        'Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours).',
      ].join('\n'),
    );
    expect(text.match(/NASM-CES/g)).toHaveLength(1);
    expect(text.match(/NASM-PES/g)).toHaveLength(1);
  });

  it('shows the cautions right after the advice', () => {
    const caution = 'We could not confirm these rules with NASM; check your handbook.';
    const html = page([{ ...cpt, phase: { ...cpt.phase, cautions: [caution] } }]);

    expect(html).toMatch(/<\/ol>\n<div class="caution" role="note"><p>We could not confirm these rules with NASM;/);
  });

  it('lists what counted, with the reason when a credit did not count in full', () => {
    const cert: CertificationEvaluation = {
      ...cpt,
      credits: [
        ...cpt.credits,
        {
          source: 'activity',
          title: 'Kettlebell workshop',
          completedOn: '2026-02-01',
          activityIndex: 0,
          approved: 0.5,
          counted: 0.5,
          reason: null,
          note: '',
        },
        {
          source: 'activity',
          title: 'Strength summit',
          completedOn: '2026-05-01',
          activityIndex: 1,
          approved: 2.5,
          counted: 2,
          reason: 'event-cap',
          note: 'NASM counts at most 2 CEUs from a single event',
        },
      ],
    };
    const text = card(page([cert]), 'NASM-CPT');
    const counted = text.slice(text.indexOf('What counted'));

    expect(counted).toContain(
      'NASM Corrective Exercise Specialist, 2 Apr 2023 — 1.9 CEUs, not counted: completed before this cycle started',
    );
    expect(counted).toContain('Kettlebell workshop, 1 Feb 2026 — 0.5 CEUs\n');
    expect(counted).toContain(
      'Strength summit, 1 May 2026 — 2.0 of 2.5 CEUs counted: NASM counts at most 2 CEUs from a single event',
    );
  });

  it('shows the notices about the input at the top, before any certification', () => {
    const notice = '"Kettlebell workshop" on 1 Feb 2026 is entered twice with the same units; Recert counts it once.';
    const html = page([cpt], { notices: [notice] });

    expect(html.indexOf('About what you entered')).toBeGreaterThan(html.indexOf('<h1>'));
    expect(html.indexOf('About what you entered')).toBeLessThan(html.indexOf('cert-NASM-CPT'));
    expect(words(html)).toContain(notice);
  });

  it('escapes every string it did not write itself', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const choice = cptPhases.twoOptions.recommendations[0]!;
    const cert: CertificationEvaluation = {
      ...cpt,
      credits: [{ ...cpt.credits[0]!, title: hostile, note: hostile }],
      phase: { ...cpt.phase, summary: hostile, cautions: [hostile], fees: [{ ...cpt.phase.fees[0]!, label: hostile }] },
      recommendations: [
        { code: 'APPROVED-CE', units: 1.9, by: '2027-05-31', why: hostile },
        {
          ...choice,
          options: choice.options?.map((option) => ({ ...option, description: hostile })) ?? [],
        },
      ],
    };
    const html = page([cert], { notices: [hostile] });

    expect(html).not.toContain('<img');
    expect(html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)?.length).toBeGreaterThanOrEqual(8);
  });

  it('runs no script at all: every action is a plain form post carrying the page token', () => {
    const html = page([cpt]);

    expect(html).not.toContain('<script');
    const forms = [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
    expect(forms.map((form) => form[1])).toEqual(
      expect.arrayContaining(['/status', '/status/export', '/status/delete']),
    );
    for (const form of forms) expect(form[2]).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('renders what core says for an expired NASM-CPT in its late-CE window, with nothing of its own', () => {
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
        ],
        activities: [{ title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } }],
      },
      '2027-07-15',
    );
    const [cert] = evaluation.certifications;
    const html = renderStatusPage(input(evaluation));
    const text = card(html, 'NASM-CPT');

    expect(cert?.phase.kind).toBe('late-ce-window');
    expect(text).toContain(cert?.phase.summary);
    for (const deadline of cert?.phase.deadlines ?? []) expect(text).toContain(`${deadline.label}\n`);
    for (const fee of cert?.phase.fees ?? []) expect(text).toContain(fee.label);
    expect(text).not.toContain('Finish your CE by');
    expect(text).toContain('Kettlebell workshop, 1 Feb 2026 — 0.5 CEUs');
  });
});

describe('the CPR/AED card says what the advice says', () => {
  it('a card that runs out before the renewal it is needed for is flagged, not shown as fine', () => {
    const evaluation = evaluate(
      {
        credentials: [
          { code: 'NASM-CPT', earnedOn: '2025-03-10', expiresOn: '2027-03-31' },
          { code: 'CPR-AED', expiresOn: '2027-01-10' },
        ],
        activities: [],
      },
      '2026-12-04',
    );
    const html = renderStatusPage(input(evaluation));
    expect(words(html)).toContain('Current until 10 Jan 2027, but NASM-CPT needs it current at renewal');
    expect(html).not.toContain('class="status-active">Current');
  });
});
