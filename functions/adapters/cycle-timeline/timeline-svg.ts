/**
 * A cycle timeline as one self-contained SVG: no script, no stylesheet, no external reference, so the same markup
 * is inline on the status page (readable without JavaScript) and rasterised for the reminder email. Every mark
 * carries `data-mark` and `data-date`, which the tests read.
 */
import { escapeHtml } from '../../common/escape-html.js';
import {
  AXIS_WIDTH,
  CARD_BAR_WIDTH,
  CREDIT_LEGEND,
  CREDIT_RADIUS,
  FONT_SIZE,
  KEY_TEXT_X,
  KEY_X,
  LINE_HEIGHT,
  type PlacedLabel,
  type Segment,
  type SegmentKind,
  type TimelineGeometry,
} from './timeline-geometry.js';
import { TIMELINE_COLOURS as C } from './timeline-palette.js';

export interface SvgOptions {
  /** Unique within the page: prefixes the pattern ids. */
  readonly id: string;
  /** Left unset on the page, where the text takes the page's own font. */
  readonly fontFamily?: string;
  /** The element that says the same in words (the page's caption); without it the picture is hidden from readers. */
  readonly labelledBy?: string;
  /** Extra attributes for the root element (the page lets it shrink on a narrow phone). */
  readonly rootAttributes?: string;
}

const px = (value: number) => (Math.round(value * 10) / 10).toString();

function patterns(id: string): string {
  const stripes = (name: string, colour: string, angle: number) =>
    `<pattern id="${id}-${name}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})"><rect width="6" height="6" fill="${C.background}"/><rect width="3" height="6" fill="${colour}"/></pattern>`;
  return [
    '<defs>',
    stripes('late-ce', C.late, 45),
    `<pattern id="${id}-renew-late" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${C.background}"/><circle cx="3" cy="3" r="1.8" fill="${C.late}"/></pattern>`,
    stripes('reinstate', C.reinstate, -45),
    '</defs>',
  ].join('');
}

const SEGMENT_STROKE: Readonly<Record<SegmentKind, string>> = {
  cycle: C.cycle,
  'late-ce': C.late,
  'renew-late': C.late,
  reinstate: C.reinstate,
};

function segment(seg: Segment, id: string, x: number): string {
  if (seg.to <= seg.from) return '';
  const fill = seg.kind === 'cycle' ? C.cycle : `url(#${id}-${seg.kind})`;
  return `<rect data-segment="${seg.kind}" x="${px(x)}" y="${px(seg.from)}" width="${AXIS_WIDTH}" height="${px(seg.to - seg.from)}" fill="${fill}" stroke="${SEGMENT_STROKE[seg.kind]}" stroke-width="1.5"/>`;
}

/** The label's lines (the first in `firstColour`, dates bold in ink) and its leader from the axis at `fromX`. */
function label(placed: PlacedLabel, fromX: number, elbowX: number, firstColour: string, firstBold = false): string {
  const firstMiddle = placed.y - FONT_SIZE * 0.35;
  const leader = `<polyline points="${px(fromX)},${px(placed.anchorY)} ${px(elbowX)},${px(placed.anchorY)} ${px(placed.x - 5)},${px(firstMiddle)}" fill="none" stroke="${C.muted}" stroke-width="1.25"/>`;
  const lines = placed.lines.map((line, index) => {
    const bold = index === 0 ? firstBold : true;
    const fill = index === 0 ? firstColour : C.ink;
    return `<text x="${px(placed.x)}" y="${px(placed.y + index * LINE_HEIGHT)}" fill="${fill}"${bold ? ' font-weight="700"' : ''}>${escapeHtml(line)}</text>`;
  });
  return leader + lines.join('');
}

export function timelineSvg(geometry: TimelineGeometry, options: SvgOptions): string {
  const { id } = options;
  const { axis, today, card, elbowX } = geometry;
  const axisRight = axis.x + AXIS_WIDTH;
  const font = options.fontFamily ? ` font-family="${escapeHtml(options.fontFamily)}"` : '';
  const a11y = options.labelledBy
    ? ` role="img" aria-labelledby="${escapeHtml(options.labelledBy)}"`
    : ' aria-hidden="true"';
  const size = `width="${geometry.width}" height="${geometry.height}" viewBox="0 0 ${geometry.width} ${geometry.height}"`;

  const ticks = geometry.ticks.map(
    (tick) =>
      `<g data-mark="${tick.kind}" data-date="${tick.on}"><line x1="${px(axis.x - 4)}" x2="${px(axisRight + 2)}" y1="${px(tick.y)}" y2="${px(tick.y)}" stroke="${C.ink}" stroke-width="2"/>${label(tick.label, axisRight + 2, elbowX, C.muted)}</g>`,
  );
  const credits = geometry.credits.map(
    (credit) =>
      `<circle data-mark="credit" data-date="${credit.on}" cx="${px(credit.cx)}" cy="${px(credit.cy)}" r="${CREDIT_RADIUS}" fill="${C.background}" stroke="${C.ink}" stroke-width="2"><title>${escapeHtml(credit.title)}</title></circle>`,
  );
  const cardMark = card
    ? [
        `<g data-mark="card" data-date="${card.on}">`,
        `<rect x="${px(card.x)}" y="${px(card.top)}" width="${CARD_BAR_WIDTH}" height="${px(card.bottom - card.top)}" fill="${C.card}"/>`,
        card.continues
          ? `<path d="M${px(card.x - 3)} ${px(card.bottom)} L${px(card.x + CARD_BAR_WIDTH + 3)} ${px(card.bottom)} L${px(card.x + CARD_BAR_WIDTH / 2)} ${px(card.bottom + 8)} Z" fill="${C.card}"/>`
          : `<line x1="${px(card.x - 3)}" x2="${px(card.x + CARD_BAR_WIDTH + 3)}" y1="${px(card.bottom)}" y2="${px(card.bottom)}" stroke="${C.card}" stroke-width="2"/>`,
        `<rect x="${KEY_X + CREDIT_RADIUS - CARD_BAR_WIDTH / 2}" y="${px(card.keyY - FONT_SIZE + 1)}" width="${CARD_BAR_WIDTH}" height="${2 * LINE_HEIGHT - 2}" fill="${C.card}"/>`,
        ...card.lines.map(
          (line, index) =>
            `<text x="${KEY_TEXT_X}" y="${px(card.keyY + index * LINE_HEIGHT)}" fill="${index === 0 ? C.muted : C.ink}"${index === 0 ? '' : ' font-weight="700"'}>${escapeHtml(line)}</text>`,
        ),
        '</g>',
      ].join('')
    : '';
  const todayMark = [
    `<g data-mark="today" data-date="${today.on}">`,
    `<line x1="${px(axis.x - 6)}" x2="${px(axisRight + 6)}" y1="${px(today.y)}" y2="${px(today.y)}" stroke="${C.background}" stroke-width="6"/>`,
    `<line x1="${px(axis.x - 6)}" x2="${px(axisRight + 6)}" y1="${px(today.y)}" y2="${px(today.y)}" stroke="${C.ink}" stroke-width="2.5"/>`,
    `<path d="M${px(axisRight + 2)} ${px(today.y)} L${px(axisRight + 12)} ${px(today.y - 6)} L${px(axisRight + 12)} ${px(today.y + 6)} Z" fill="${C.ink}"/>`,
    label(today.label, axisRight + 12, elbowX, C.ink, true),
    '</g>',
  ].join('');
  const legend =
    geometry.legendY === null
      ? ''
      : `<g data-legend="credit"><circle cx="${KEY_X + CREDIT_RADIUS}" cy="${px(geometry.legendY - FONT_SIZE * 0.35)}" r="${CREDIT_RADIUS}" fill="${C.background}" stroke="${C.ink}" stroke-width="2"/><text x="${KEY_TEXT_X}" y="${px(geometry.legendY)}" fill="${C.muted}">${CREDIT_LEGEND}</text></g>`;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" ${size} font-size="${FONT_SIZE}"${font}${a11y}${options.rootAttributes ?? ''}>`,
    patterns(id),
    `<rect width="100%" height="100%" fill="${C.background}"/>`,
    `<line x1="${px(axis.x + AXIS_WIDTH / 2)}" x2="${px(axis.x + AXIS_WIDTH / 2)}" y1="${px(axis.top)}" y2="${px(axis.bottom)}" stroke="${C.muted}" stroke-width="1.5"/>`,
    ...geometry.segments.map((seg) => segment(seg, id, axis.x)),
    cardMark,
    ...ticks,
    todayMark,
    ...credits,
    legend,
    '</svg>',
  ].join('');
}
