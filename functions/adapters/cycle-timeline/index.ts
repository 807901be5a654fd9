/**
 * A certification's cycle timeline, drawn from its evaluation: an SVG and the same in one sentence. The status page
 * shows the SVG inline; the reminder email attaches it as a PNG (timeline-png.ts) with the sentence as alt text.
 */
import type { CertificationEvaluation, Evaluation } from '../../../core/index.js';
import { layoutTimeline } from './timeline-geometry.js';
import { cycleTimeline } from './timeline-model.js';
import { timelineSentence } from './timeline-sentence.js';
import { type SvgOptions, timelineSvg } from './timeline-svg.js';

export { type CycleTimeline, cycleTimeline } from './timeline-model.js';
export { timelineSentence } from './timeline-sentence.js';

export interface TimelinePicture {
  readonly svg: string;
  /** The picture in words, with the same dates. */
  readonly sentence: string;
  /** Its size in pixels. */
  readonly width: number;
  readonly height: number;
}

/** `NASM-CPT` → `nasm-cpt`: safe in an id, a Content-ID and a file name. */
export function timelineSlug(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function cycleTimelinePicture(
  cert: CertificationEvaluation,
  evaluation: Pick<Evaluation, 'asOf' | 'prerequisites'>,
  options: SvgOptions,
): TimelinePicture {
  const timeline = cycleTimeline(cert, evaluation.prerequisites, evaluation.asOf);
  const geometry = layoutTimeline(timeline);
  return {
    svg: timelineSvg(geometry, options),
    sentence: timelineSentence(timeline),
    width: geometry.width,
    height: geometry.height,
  };
}

/** Draws an SVG as PNG bytes, or undefined when it could not (the email then goes without the picture). */
export type RenderPng = (svg: string) => Uint8Array | undefined;

/** The family the email's picture asks for: the one font the rasteriser loads (timeline-png.ts). */
export const TIMELINE_FONT_FAMILY = 'Atkinson Hyperlegible';
