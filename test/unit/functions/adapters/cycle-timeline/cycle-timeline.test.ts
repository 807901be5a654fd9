/**
 * The cycle timeline draws the evaluation as core wrote it, and nothing else: today's marker, one mark per credit that
 * counted, the phase's own dates with their labels, the CPR/AED card, and the same in one sentence. Read from the SVG
 * the trainer gets (its `data-mark`/`data-date` attributes and its text), never from a snapshot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Activity,
  addDays,
  type CertificationEvaluation,
  DEADLINE_LABELS,
  type Evaluation,
  evaluate,
  formatLongDate,
  PASSED_EXPIRY_LABEL,
  type TrainerProfile,
} from '../../../../../core/index.js';
import { cycleTimelinePicture } from '../../../../../functions/adapters/cycle-timeline/index.js';
import { layoutTimeline } from '../../../../../functions/adapters/cycle-timeline/timeline-geometry.js';
import { cycleTimeline } from '../../../../../functions/adapters/cycle-timeline/timeline-model.js';
import {
  SHAPE_COLOURS,
  TEXT_COLOURS,
  TIMELINE_COLOURS,
} from '../../../../../functions/adapters/cycle-timeline/timeline-palette.js';

/** Sam: a NASM-CPT expiring 30 Jun 2027, a CPR/AED card to 31 Jan 2028, three courses (one before the cycle). */
const courses: Activity[] = [
  { title: 'Old workshop', completedOn: '2025-03-01', units: { NASM: 0.5 } },
  { title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } },
  { title: 'Mobility for lifters', completedOn: '2026-02-10', units: { NASM: 0.3 } },
  { title: 'Nutrition basics', completedOn: '2026-09-15', units: { NASM: 0.4 } },
];
const sam: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', expiresOn: '2028-01-31' },
  ],
  activities: courses,
};

interface Drawn {
  readonly mark: string;
  readonly date: string;
}

/** Every `data-mark` with its `data-date`, in document order. */
function marksIn(svg: string): Drawn[] {
  return [...svg.matchAll(/data-mark="([^"]+)" data-date="([^"]+)"/g)].map(([, mark = '', date = '']) => ({
    mark,
    date,
  }));
}

/** Every date written out in the picture's text (`30 Jun 2027`). */
function datesWritten(text: string): string[] {
  return [...text.matchAll(/\b\d{1,2} [A-Z][a-z]{2} \d{4}\b/g)].map(([date]) => date);
}

/** The first certification: every profile here holds one. */
function first(evaluation: Evaluation): CertificationEvaluation {
  const [cert] = evaluation.certifications;
  if (!cert) throw new Error('no certification evaluated');
  return cert;
}

function picture(evaluation: Evaluation, cert: CertificationEvaluation = first(evaluation)) {
  return cycleTimelinePicture(cert, evaluation, { id: 'timeline-test', labelledBy: 'caption' });
}

/** The dates a certification's timeline may show: its cycle, today, its phase's dates, its credits, its card. */
function allowedDates(evaluation: Evaluation, cert: CertificationEvaluation): Set<string> {
  const card = evaluation.prerequisites.find((prereq) => prereq.requiredBy.includes(cert.code));
  return new Set([
    cert.cycleStartsOn,
    evaluation.asOf,
    ...cert.phase.deadlines.map((deadline) => deadline.on),
    ...cert.credits.filter((credit) => credit.counted > 0).map((credit) => credit.completedOn),
    ...(card ? [card.expiresOn] : []),
  ]);
}

describe('the cycle timeline of a certification on track', () => {
  const evaluation = evaluate(sam, '2026-11-21');
  const [cert] = evaluation.certifications as [CertificationEvaluation];
  const { svg, sentence } = picture(evaluation, cert);
  const drawn = marksIn(svg);

  it('holds one marker at today', () => {
    expect(drawn.filter((mark) => mark.mark === 'today')).toEqual([{ mark: 'today', date: '2026-11-21' }]);
    expect(svg).toContain('Today, 21 Nov 2026');
  });

  it('holds one mark per credit that counted, on its date, and none for one from before the cycle', () => {
    const counted = cert.credits.filter((credit) => credit.counted > 0).map((credit) => credit.completedOn);
    expect(counted).toEqual(['2026-02-01', '2026-02-10', '2026-09-15']);
    expect(drawn.filter((mark) => mark.mark === 'credit').map((mark) => mark.date)).toEqual(counted);
    expect(drawn.some((mark) => mark.date === '2025-03-01')).toBe(false);
  });

  it('draws the phase’s dates with the page’s labels, and no date the rules know but the phase does not show', () => {
    expect(drawn.filter((mark) => !['today', 'credit', 'card'].includes(mark.mark))).toEqual([
      { mark: 'cycle-start', date: '2025-07-01' },
      { mark: 'finish-ce', date: '2027-05-31' },
      { mark: 'expires', date: '2027-06-30' },
    ]);
    expect(svg).toContain(`>${DEADLINE_LABELS['finish-ce']}<`);
    expect(svg).toContain(`>${DEADLINE_LABELS.expires}<`);
    // NASM accepts late CE until 28 Sep 2027, but on track the page does not say so: neither does the picture.
    expect(cert.deadlines.lateCeBy).toBe('2027-09-28');
    expect(svg).not.toContain('28 Sep 2027');
  });

  it('draws the CPR/AED card’s span to its expiry', () => {
    expect(drawn.filter((mark) => mark.mark === 'card')).toEqual([{ mark: 'card', date: '2028-01-31' }]);
    expect(svg).toContain('CPR/AED card expires on');
  });

  it('shows no date outside the phase’s dates, today, the credits and the card', () => {
    const allowed = allowedDates(evaluation, cert);
    for (const mark of drawn) expect(allowed, mark.mark).toContain(mark.date);
    const written = new Set([...allowed].map(formatLongDate));
    for (const date of datesWritten(svg)) expect(written).toContain(date);
  });

  it('says the same in one sentence, in date order, with the same labels', () => {
    expect(sentence).toBe(
      'Timeline of NASM-CPT: cycle started on 1 Jul 2025; 3 courses counted, on 1 Feb 2026, 10 Feb 2026 and ' +
        '15 Sep 2026; today is 21 Nov 2026; finish your CE by 31 May 2027; expires on 30 Jun 2027; CPR/AED card ' +
        'expires on 31 Jan 2028.',
    );
    const pictured = new Set([...datesWritten(svg), ...drawn.map((mark) => formatLongDate(mark.date))]);
    expect(new Set(datesWritten(sentence))).toEqual(pictured);
  });

  it('is a self-contained picture: no script, no external reference, labelled by its caption', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-labelledby="caption"/);
    expect(svg).not.toMatch(/<script|href="http|xlink:href|<image/);
  });
});

describe('the cycle timeline after expiry', () => {
  it('in the late-CE window: the expiry as passed, then the late-CE and late-renewal windows, each its own pattern', () => {
    const evaluation = evaluate(sam, '2027-07-15');
    const [cert] = evaluation.certifications as [CertificationEvaluation];
    expect(cert.phase.kind).toBe('late-ce-window');
    const { svg, sentence } = picture(evaluation, cert);
    expect(marksIn(svg).filter((mark) => !['today', 'credit', 'card'].includes(mark.mark))).toEqual([
      { mark: 'cycle-start', date: '2025-07-01' },
      { mark: 'expires', date: '2027-06-30' },
      { mark: 'late-ce', date: '2027-09-28' },
      { mark: 'renew-late', date: '2028-06-30' },
    ]);
    expect(svg).toContain(`>${PASSED_EXPIRY_LABEL}<`);
    const fills = Object.fromEntries(
      [...svg.matchAll(/data-segment="([^"]+)"[^>]* fill="([^"]+)"/g)].map(([, kind, fill]) => [kind, fill]),
    );
    // Told apart by pattern (solid, stripes, dots), not by colour alone.
    expect(fills).toEqual({
      cycle: TIMELINE_COLOURS.cycle,
      'late-ce': 'url(#timeline-test-late-ce)',
      'renew-late': 'url(#timeline-test-renew-late)',
    });
    expect(sentence).toContain('expired on 30 Jun 2027; today is 15 Jul 2027; late CE accepted until 28 Sep 2027');
    expect(sentence).toContain('last day to renew late: 30 Jun 2028');
  });

  it('once lapsed: only the cycle and its passed expiry, today after it, the expired card before it', () => {
    const evaluation = evaluate(sam, '2028-07-10');
    const [cert] = evaluation.certifications as [CertificationEvaluation];
    expect(cert.phase.kind).toBe('lapsed-retest');
    const { svg, sentence } = picture(evaluation, cert);
    expect(marksIn(svg).map((mark) => mark.mark)).toEqual([
      'card',
      'cycle-start',
      'expires',
      'today',
      ...Array(3).fill('credit'),
    ]);
    expect(sentence).toContain('CPR/AED card expired on 31 Jan 2028; today is 10 Jul 2028.');
  });

  it('draws no card for a certification that needs none, and no key for credits when none counted', () => {
    const evaluation = evaluate(
      { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-06-30' }], activities: [] },
      '2026-11-21',
    );
    const { svg, sentence } = picture(evaluation);
    expect(marksIn(svg).some((mark) => mark.mark === 'card' || mark.mark === 'credit')).toBe(false);
    expect(svg).not.toContain('data-legend');
    expect(sentence).not.toMatch(/course|card/);
  });
});

/** Relative luminance and contrast ratio, as WCAG 2.2 defines them. */
function contrast(foreground: string, background: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const channel = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('the timeline’s colours', () => {
  it('give text at least 4.5:1 and every meaningful shape at least 3:1 against the background (WCAG 2.2 AA)', () => {
    for (const name of TEXT_COLOURS) {
      expect(contrast(TIMELINE_COLOURS[name], TIMELINE_COLOURS.background), name).toBeGreaterThanOrEqual(4.5);
    }
    for (const name of SHAPE_COLOURS) {
      expect(contrast(TIMELINE_COLOURS[name], TIMELINE_COLOURS.background), name).toBeGreaterThanOrEqual(3);
    }
  });

  it('uses no colour in the picture that is not in the checked palette', () => {
    const { svg } = picture(evaluate(sam, '2027-07-15'));
    const palette = new Set<string>(Object.values(TIMELINE_COLOURS));
    for (const [, colour] of svg.matchAll(/(?:fill|stroke)="(#[0-9a-f]{6})"/gi)) expect(palette).toContain(colour);
  });
});

describe('the timeline’s layout, on generated trainers', () => {
  const trainer = fc.record({
    expiresIn: fc.integer({ min: -900, max: 800 }),
    card: fc.option(fc.integer({ min: -1200, max: 1200 }), { nil: undefined }),
    courses: fc.array(fc.integer({ min: -800, max: 30 }), { maxLength: 8 }),
    code: fc.constantFrom('NASM-CPT', 'ACE-CPT', 'ACSM-CPT', 'NCSF-CPT', 'ISSA-CPT'),
  });

  it('keeps every label apart and in date order, every mark on the axis, every date one the page shows', () => {
    const asOf = '2026-11-21';
    fc.assert(
      fc.property(trainer, (input) => {
        const expiresOn = addDays(asOf, input.expiresIn);
        const profile: TrainerProfile = {
          credentials: [
            { code: input.code, expiresOn },
            ...(input.card === undefined ? [] : [{ code: 'CPR-AED', expiresOn: addDays(asOf, input.card) }]),
          ],
          activities: input.courses.map((offset, index) => ({
            title: `Course ${index}`,
            completedOn: addDays(asOf, offset),
            units: { NASM: 0.5, ACE: 0.5, ACSM: 5, NCSF: 0.5, ISSA: 5 },
          })),
        };
        const evaluation = evaluate(profile, asOf);
        for (const cert of evaluation.certifications) {
          const timeline = cycleTimeline(cert, evaluation.prerequisites, asOf);
          const geometry = layoutTimeline(timeline);
          // Labels anchored on one day (today on the cycle's first day) keep the layout's order between them.
          const labels = [geometry.today.label, ...geometry.ticks.map((tick) => tick.label)].sort(
            (a, b) => a.anchorY - b.anchorY || a.top - b.top,
          );
          for (const [index, label] of labels.entries()) {
            const next = labels[index + 1];
            // Apart, in the order of their dates: leaders between two columns never cross.
            if (next) expect(label.top + label.height).toBeLessThanOrEqual(next.top);
            expect(label.top).toBeGreaterThanOrEqual(0);
            expect(label.top + label.height).toBeLessThanOrEqual(geometry.height);
            expect(label.x + label.width).toBeLessThanOrEqual(geometry.width);
          }
          for (const y of [geometry.today.y, ...geometry.ticks.map((tick) => tick.y)]) {
            expect(y).toBeGreaterThanOrEqual(geometry.axis.top);
            expect(y).toBeLessThanOrEqual(geometry.axis.bottom);
          }
          const allowed = allowedDates(evaluation, cert);
          const { svg } = cycleTimelinePicture(cert, evaluation, { id: 't' });
          for (const mark of marksIn(svg)) expect(allowed).toContain(mark.date);
          expect(marksIn(svg).filter((mark) => mark.mark === 'credit')).toHaveLength(
            cert.credits.filter((credit) => credit.counted > 0).length,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts a later date lower on the axis', () => {
    const evaluation = evaluate(sam, '2026-11-21');
    const geometry = layoutTimeline(cycleTimeline(first(evaluation), evaluation.prerequisites, '2026-11-21'));
    const ys = geometry.ticks.map((tick) => tick.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    const [start, finish] = geometry.ticks;
    expect(geometry.today.y).toBeGreaterThan(start?.y ?? Number.NaN);
    expect(geometry.today.y).toBeLessThan(finish?.y ?? Number.NaN);
  });
});
