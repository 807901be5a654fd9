/**
 * Dates → positions: where each part of a cycle timeline goes. Pure arithmetic, no I/O.
 *
 * Time runs down a vertical axis (the cycle's first day at the top), and every label sits in one column to its right,
 * in date order, joined to its date by a leader line. Labels that would touch are moved apart as little as possible
 * and keep their order, so no two leaders ever cross and no label covers another, whatever the dates: on a phone a
 * horizontal axis has no room for "Finish your CE by 31 May 2027" next to "Expires on 30 Jun 2027" a month later.
 */
import { daysBetween } from '../../../core/index.js';
import { formatLongDate } from '../email/dates.js';
import { textWidth } from './text-width.js';
import { type CycleTimeline, type TimelineMarkKind, todayText } from './timeline-model.js';

export const FONT_SIZE = 14;
export const LINE_HEIGHT = 17;
export const CREDIT_RADIUS = 5;
/** Credits closer than this on the axis are set side by side, so each one stays visible. */
const CREDIT_SPACING = 2 * CREDIT_RADIUS + 3;
export const AXIS_WIDTH = 14;
export const CARD_BAR_WIDTH = 6;
/** Space between two labels in the column. */
const LABEL_GAP = 8;
/** Where the axis starts and the shortest it gets: about a day per third of a pixel for a two-year cycle. */
const AXIS_TOP = 14;
const MIN_AXIS_LENGTH = 240;
/** From the axis's right edge to the label column: the leader's elbow and slope. */
const LEADER_RUN = 36;

/** The part of the axis a window covers: the cycle itself, or a window after expiry named by the date that ends it. */
export type SegmentKind = 'cycle' | 'late-ce' | 'renew-late' | 'reinstate';

export interface Segment {
  readonly kind: SegmentKind;
  readonly from: number;
  readonly to: number;
}

/** A label in the column: one or two lines, the first baseline at `y`, joined to the axis at `anchorY`. */
export interface PlacedLabel {
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly top: number;
  readonly height: number;
  readonly anchorY: number;
  /** Estimated width in pixels (an upper bound). */
  readonly width: number;
}

export interface PlacedTick {
  readonly kind: TimelineMarkKind;
  readonly on: string;
  readonly y: number;
  readonly label: PlacedLabel;
}

export interface PlacedCredit {
  readonly on: string;
  readonly title: string;
  readonly cx: number;
  readonly cy: number;
}

export interface PlacedCard {
  readonly on: string;
  readonly x: number;
  readonly top: number;
  readonly bottom: number;
  /** The card runs past the axis's last day: the bar ends in an arrow. */
  readonly continues: boolean;
  /** Its key under the axis (a swatch of the bar, the label and the date): the first baseline. */
  readonly keyY: number;
  readonly lines: readonly string[];
}

export interface TimelineGeometry {
  readonly width: number;
  readonly height: number;
  readonly axis: { readonly x: number; readonly top: number; readonly bottom: number };
  /** Where the leader lines bend toward their labels. */
  readonly elbowX: number;
  readonly segments: readonly Segment[];
  readonly today: { readonly on: string; readonly y: number; readonly label: PlacedLabel };
  readonly ticks: readonly PlacedTick[];
  readonly credits: readonly PlacedCredit[];
  readonly card: PlacedCard | null;
  /** The first baseline of the key under the axis (what a circle means), when there are credits. */
  readonly legendY: number | null;
}

/** Where the key under the axis starts, and the swatch's room before its text. */
export const KEY_X = 4;
export const KEY_TEXT_X = KEY_X + 2 * CREDIT_RADIUS + 8;

/** Where `date` falls along the axis, 0 (its first day) to 1 (its last). */
export function positionOf(timeline: Pick<CycleTimeline, 'from' | 'to'>, date: string): number {
  const span = Math.max(1, daysBetween(timeline.from, timeline.to));
  return Math.min(1, Math.max(0, daysBetween(timeline.from, date) / span));
}

/** A label to place: its lines, which are bold, and the axis point it belongs to. */
interface Callout {
  readonly lines: readonly string[];
  readonly boldFrom: number;
  readonly anchorY: number;
  /** Ties on one day keep this order: cycle start, today, deadlines, card. */
  readonly order: number;
}

/** A deadline's index in the timeline's marks, or today. */
type CalloutId = number | 'today';

const heightOf = (callout: Callout) => callout.lines.length * LINE_HEIGHT;

/**
 * Label tops as close to their anchors as the column allows: overlapping labels are grouped and each group centred on
 * its members' anchors (least total displacement), none above `minTop`. Order never changes.
 */
export function spreadLabels(
  wanted: readonly { readonly top: number; readonly height: number }[],
  minTop: number,
): number[] {
  interface Group {
    first: number;
    last: number;
    top: number;
    height: number;
  }
  const clamp = (group: Group) => {
    group.top = Math.max(group.top, minTop);
  };
  const groups: Group[] = [];
  wanted.forEach((item, index) => {
    let group: Group = { first: index, last: index, top: item.top, height: item.height };
    clamp(group);
    for (let previous = groups.at(-1); previous && previous.top + previous.height + LABEL_GAP > group.top; ) {
      groups.pop();
      const members = wanted.slice(previous.first, group.last + 1);
      let offset = 0;
      let sum = 0;
      for (const member of members) {
        sum += member.top - offset;
        offset += member.height + LABEL_GAP;
      }
      group = {
        first: previous.first,
        last: group.last,
        top: sum / members.length,
        height: offset - LABEL_GAP,
      };
      clamp(group);
      previous = groups.at(-1);
    }
    groups.push(group);
  });
  const tops: number[] = [];
  for (const group of groups) {
    let top = group.top;
    for (let index = group.first; index <= group.last; index += 1) {
      tops.push(top);
      top += (wanted[index]?.height ?? 0) + LABEL_GAP;
    }
  }
  return tops;
}

/** How far left of the axis each credit sits: 0 on it, 1 a step to its left, … so none hides another. */
function creditLevels(ys: readonly number[]): number[] {
  const levels: number[] = [];
  ys.forEach((y, index) => {
    let level = 0;
    while (ys.some((other, j) => j < index && levels[j] === level && Math.abs(other - y) < CREDIT_SPACING)) level += 1;
    levels.push(level);
  });
  return levels;
}

function segmentsOf(timeline: CycleTimeline, yOf: (date: string) => number): Segment[] {
  const start = timeline.marks.find((mark) => mark.kind === 'cycle-start');
  const expiry = timeline.marks.find((mark) => mark.kind === 'expires');
  if (!start || !expiry) return [];
  const segments: Segment[] = [{ kind: 'cycle', from: yOf(start.on), to: yOf(expiry.on) }];
  let previous = expiry.on;
  for (const mark of timeline.marks) {
    if (mark.kind !== 'late-ce' && mark.kind !== 'renew-late' && mark.kind !== 'reinstate') continue;
    if (mark.on <= previous) continue;
    segments.push({ kind: mark.kind, from: yOf(previous), to: yOf(mark.on) });
    previous = mark.on;
  }
  return segments;
}

function widthOf(callout: Callout): number {
  return Math.max(...callout.lines.map((line, index) => textWidth(line, FONT_SIZE, index >= callout.boldFrom)));
}

export function layoutTimeline(timeline: CycleTimeline): TimelineGeometry {
  const marks = timeline.marks.map((mark) => ({ mark, lines: [mark.label, formatLongDate(mark.on)] }));
  const card = timeline.card;
  // Room for every label in date order, two lines each, whatever the dates.
  const labelCount = marks.length + 1;
  const axisLength = Math.max(MIN_AXIS_LENGTH, labelCount * (2 * LINE_HEIGHT + LABEL_GAP));
  const axisBottom = AXIS_TOP + axisLength;
  const yOf = (date: string) => AXIS_TOP + positionOf(timeline, date) * axisLength;

  const creditYs = timeline.credits.map((credit) => yOf(credit.on));
  const levels = creditLevels(creditYs);
  const cardX = 4;
  const axisX = (card ? cardX + CARD_BAR_WIDTH + 8 : 4) + Math.max(0, ...levels) * CREDIT_SPACING;
  const axisCentre = axisX + AXIS_WIDTH / 2;
  const elbowX = axisX + AXIS_WIDTH + 10;
  const labelX = axisX + AXIS_WIDTH + LEADER_RUN;

  const cardContinues = card !== null && card.expiresOn > timeline.to;
  const callouts: (Callout & { id: CalloutId })[] = [
    ...marks.map(({ mark, lines }, index) => ({
      id: index,
      lines,
      boldFrom: 1,
      anchorY: yOf(mark.on),
      order: mark.kind === 'cycle-start' ? 0 : 2,
    })),
    { id: 'today' as const, lines: [todayText(timeline.asOf)], boldFrom: 0, anchorY: yOf(timeline.asOf), order: 1 },
  ].sort((a, b) => a.anchorY - b.anchorY || a.order - b.order);

  const tops = spreadLabels(
    callouts.map((callout) => ({ top: callout.anchorY - LINE_HEIGHT / 2 - 2, height: heightOf(callout) })),
    2,
  );
  const placed = new Map<CalloutId, PlacedLabel>();
  callouts.forEach((callout, index) => {
    const top = tops[index] ?? 0;
    placed.set(callout.id, {
      lines: callout.lines,
      x: labelX,
      y: top + FONT_SIZE,
      top,
      height: heightOf(callout),
      anchorY: callout.anchorY,
      width: widthOf(callout),
    });
  });
  const labelOf = (id: CalloutId): PlacedLabel => {
    const label = placed.get(id);
    if (!label) throw new Error(`no label placed for ${String(id)}`);
    return label;
  };

  const labels = [...placed.values()];
  let bottom = Math.max(axisBottom + (cardContinues ? 14 : 8), ...labels.map((label) => label.top + label.height));
  const keyWidths: number[] = [];
  let legendY: number | null = null;
  if (timeline.credits.length > 0) {
    legendY = bottom + 10 + FONT_SIZE;
    bottom = legendY + 4;
    keyWidths.push(textWidth(CREDIT_LEGEND, FONT_SIZE));
  }
  let cardKey: { y: number; lines: string[] } | null = null;
  if (card) {
    const lines = [card.label, formatLongDate(card.expiresOn)];
    cardKey = { y: bottom + 10 + FONT_SIZE, lines };
    bottom = cardKey.y + LINE_HEIGHT + 4;
    keyWidths.push(textWidth(lines[0] ?? '', FONT_SIZE), textWidth(lines[1] ?? '', FONT_SIZE, true));
  }
  const widest = Math.max(
    labelX + Math.max(...labels.map((label) => label.width)),
    KEY_TEXT_X + Math.max(0, ...keyWidths),
  );

  return {
    width: Math.ceil(widest + 4),
    height: Math.ceil(bottom + 4),
    axis: { x: axisX, top: AXIS_TOP, bottom: axisBottom },
    elbowX,
    segments: segmentsOf(timeline, yOf),
    today: { on: timeline.asOf, y: yOf(timeline.asOf), label: labelOf('today') },
    ticks: marks.map(({ mark }, index) => ({ kind: mark.kind, on: mark.on, y: yOf(mark.on), label: labelOf(index) })),
    credits: timeline.credits.map((credit, index) => ({
      on: credit.on,
      title: credit.title,
      cx: axisCentre - (levels[index] ?? 0) * CREDIT_SPACING,
      cy: creditYs[index] ?? AXIS_TOP,
    })),
    card:
      card && cardKey
        ? {
            on: card.expiresOn,
            x: cardX,
            top: AXIS_TOP,
            bottom: cardContinues ? axisBottom : yOf(card.expiresOn),
            continues: cardContinues,
            keyY: cardKey.y,
            lines: cardKey.lines,
          }
        : null,
    legendY,
  };
}

/** What a circle on the axis is. */
export const CREDIT_LEGEND = 'a course that counted';
