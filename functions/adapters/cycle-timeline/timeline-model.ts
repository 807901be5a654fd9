/**
 * What a certification's cycle timeline shows, taken from the evaluation as core wrote it: the cycle's first day, the
 * phase's own dates with the labels the page, the emails and the calendar file use (`phase.deadlines`), today, every
 * credit that counted, and the CPR/AED card the certification needs. Nothing here derives a date of its own, so the
 * picture can never show a date the rest of the page does not.
 */
import {
  type CalendarDate,
  type CertificationEvaluation,
  DEADLINE_LABELS,
  PASSED_EXPIRY_LABEL,
  type PhaseDeadlineKind,
  type PrerequisiteEvaluation,
} from '../../../core/index.js';
import { cardName } from '../email/calendar-deadlines.js';
import { formatLongDate } from '../email/dates.js';

/** The words on the tick of the cycle's first day (the status page says "earned this cycle (since …)"). */
export const CYCLE_START_LABEL = 'Cycle started on';

export type TimelineMarkKind = 'cycle-start' | PhaseDeadlineKind;

/** A dated tick on the axis with its label. */
export interface TimelineMark {
  readonly kind: TimelineMarkKind;
  readonly on: CalendarDate;
  /** `Finish your CE by`, `Expired on`: the phase's own label. */
  readonly label: string;
}

/** A credit that counted toward this cycle. */
export interface TimelineCredit {
  readonly on: CalendarDate;
  readonly title: string;
}

export interface TimelineCard {
  /** `CPR/AED card expires on`, `CPR/AED card expired on`: the card as the reminder names it, the page's label. */
  readonly label: string;
  readonly expiresOn: CalendarDate;
  readonly expired: boolean;
}

export interface CycleTimeline {
  readonly code: string;
  readonly asOf: CalendarDate;
  /** The cycle's first day, then the phase's deadlines, in date order. */
  readonly marks: readonly TimelineMark[];
  readonly credits: readonly TimelineCredit[];
  /** The CPR/AED card this certification needs, when the trainer has one. */
  readonly card: TimelineCard | null;
  /** The first and last day the axis shows: every date above except a card expiry after the last one. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** `Today, 21 Nov 2026`. */
export function todayText(asOf: CalendarDate): string {
  return `Today, ${formatLongDate(asOf)}`;
}

function cardOf(card: PrerequisiteEvaluation): TimelineCard {
  const expired = card.status === 'expired';
  const label = expired ? PASSED_EXPIRY_LABEL : DEADLINE_LABELS.expires;
  return {
    label: `${cardName(card)} ${label.charAt(0).toLowerCase()}${label.slice(1)}`,
    expiresOn: card.expiresOn,
    expired,
  };
}

const earliest = (dates: readonly CalendarDate[]) => dates.reduce((a, b) => (b < a ? b : a));
const latest = (dates: readonly CalendarDate[]) => dates.reduce((a, b) => (b > a ? b : a));

export function cycleTimeline(
  cert: CertificationEvaluation,
  prerequisites: readonly PrerequisiteEvaluation[],
  asOf: CalendarDate,
): CycleTimeline {
  const start: TimelineMark = { kind: 'cycle-start', on: cert.cycleStartsOn, label: CYCLE_START_LABEL };
  const deadlines = cert.phase.deadlines.map(({ kind, on, label }) => ({ kind, on, label }));
  const marks = [start, ...deadlines].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  const credits = cert.credits
    .filter((credit) => credit.counted > 0)
    .map((credit) => ({ on: credit.completedOn, title: credit.title }));
  const needed = prerequisites.find((card) => card.requiredBy.includes(cert.code));
  const card = needed ? cardOf(needed) : null;
  const dated = [asOf, ...marks.map((mark) => mark.on), ...credits.map((credit) => credit.on)];
  // A card that runs out before the cycle starts widens the axis to the left; one that runs past the last date is
  // drawn to the edge with an arrow rather than stretching every other date together.
  const from = earliest(card ? [...dated, card.expiresOn] : dated);
  return { code: cert.code, asOf, marks, credits, card, from, to: latest(dated) };
}
