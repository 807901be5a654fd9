import type { CertificationEvaluation, Evaluation } from '../../../core/index.js';
import { cycleTimelinePicture, type RenderPng, TIMELINE_FONT_FAMILY, timelineSlug } from '../cycle-timeline/index.js';
import type { Block } from './layout.js';
import type { InlineImage } from './message.js';

/** A certification's timeline in a reminder: the picture's block and the PNG it shows. */
export interface TimelineImage {
  readonly block: Block;
  readonly image: InlineImage;
}

/**
 * The status page's timeline as a PNG carried in the email, with the same sentence as its alt text (and, in the
 * text part, in its place). Undefined without a rasteriser, or when it drew nothing: the email reads the same.
 */
export function timelineImage(
  cert: CertificationEvaluation,
  evaluation: Pick<Evaluation, 'asOf' | 'prerequisites'>,
  renderPng: RenderPng | undefined,
): TimelineImage | undefined {
  if (!renderPng) return undefined;
  const slug = timelineSlug(cert.code);
  const picture = cycleTimelinePicture(cert, evaluation, { id: `timeline-${slug}`, fontFamily: TIMELINE_FONT_FAMILY });
  const png = renderPng(picture.svg);
  if (!png) return undefined;
  const contentId = `timeline-${slug}@recert`;
  return {
    block: {
      kind: 'image',
      src: `cid:${contentId}`,
      alt: picture.sentence,
      width: picture.width,
      height: picture.height,
    },
    image: { contentId, filename: `timeline-${slug}.png`, contentType: 'image/png', content: png },
  };
}
