/**
 * A certification's cycle at a glance on the status page: the timeline as inline SVG (no script, so it reads with
 * JavaScript off) and, as its caption, the same in one sentence, which is also what a screen reader says for it.
 */
import type { CertificationEvaluation, Evaluation } from '../../core/index.js';
import { cycleTimelinePicture, timelineSlug } from '../adapters/cycle-timeline/index.js';
import { escapeHtml } from '../common/http.js';

export function timelineFigure(
  cert: CertificationEvaluation,
  evaluation: Pick<Evaluation, 'asOf' | 'prerequisites'>,
): string {
  const id = `timeline-${timelineSlug(cert.code)}`;
  const captionId = `${id}-words`;
  const picture = cycleTimelinePicture(cert, evaluation, {
    id,
    labelledBy: captionId,
    // On a phone narrower than the picture it shrinks rather than scrolls.
    rootAttributes: ' style="display:block;max-width:100%;height:auto"',
  });
  return `<h3>Your cycle at a glance</h3>
<figure class="timeline" style="margin:8px 0 0">${picture.svg}
<figcaption id="${captionId}" class="hint" style="margin-top:8px">${escapeHtml(picture.sentence)}</figcaption></figure>`;
}
