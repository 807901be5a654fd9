import { describe, expect, it } from 'vitest';
import { type CertificationEvaluation, evaluate } from '../../../../core/index.js';
import { timelineFigure } from '../../../../functions/pages/timeline-figure.js';

describe('the status page’s cycle timeline', () => {
  const evaluation = evaluate(
    {
      credentials: [
        { code: 'NASM-CPT', expiresOn: '2027-06-30' },
        { code: 'ACE-CPT', expiresOn: '2027-12-31' },
      ],
      activities: [],
    },
    '2026-11-21',
  );
  const [nasm, ace] = evaluation.certifications as [CertificationEvaluation, CertificationEvaluation];

  it('is a picture named by its caption, which says the same in a sentence', () => {
    const html = timelineFigure(nasm, evaluation);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('role="img" aria-labelledby="timeline-nasm-cpt-words"');
    expect(html).toMatch(
      /<figcaption id="timeline-nasm-cpt-words"[^>]*>Timeline of NASM-CPT: cycle started on 1 Jul 2025; today is 21 Nov 2026; finish your CE by 31 May 2027; expires on 30 Jun 2027\.<\/figcaption>/,
    );
    expect(html).not.toContain('<script');
  });

  it('gives each certification its own ids, so two timelines on one page never share a pattern or caption', () => {
    const ids = (html: string) => [...html.matchAll(/ id="([^"]+)"/g)].map(([, id]) => id);
    const first = ids(timelineFigure(nasm, evaluation));
    const second = ids(timelineFigure(ace, evaluation));
    expect(first.length).toBeGreaterThan(0);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
