/**
 * The one state of a certification on a given day, and only the dates and fees that apply in it. Pages, emails and
 * calendar entries render from this; none re-derives it.
 */
import { type DayNumber, fromDayNumber } from './calendar-date.js';
import type { CertificationEntry } from './catalog/rules.js';
import type { Cycle } from './cycle.js';
import type { Progress } from './progress.js';
import { spanEnd } from './spans.js';
import type { CertificationStatus, Phase, PhaseDeadline, PhaseDeadlineKind, PhaseFee, PhaseKind } from './types.js';
import {
  DEADLINE_LABELS,
  lateFeeLabel,
  PASSED_EXPIRY_LABEL,
  petitionFeeLabel,
  phaseSummary,
  reinstatementFeeLabel,
  renewalFeeLabel,
  unconfirmedRules,
} from './wording.js';

/** The days that bound a certification's cycle and what may still happen after its expiry. */
export interface Timeline {
  readonly finishByDay: DayNumber;
  readonly expiresDay: DayNumber;
  /** The last day CE may be completed for this cycle (the expiry where no late CE is allowed, or unknown). */
  readonly ceEndDay: DayNumber;
  /** The last day a late renewal is accepted; null where the sources do not say. */
  readonly renewalEndDay: DayNumber | null;
  readonly reinstateEndDay: DayNumber | null;
}

export function timelineOf(entry: CertificationEntry, cycle: Cycle): Timeline {
  const { expiresDay } = cycle;
  const { renewal, lateCe, reinstatement } = entry.afterExpiry;
  const renewalEndDay = renewal === 'unknown' ? null : spanEnd(expiresDay, renewal);
  const ceEndDay = renewalEndDay === null ? expiresDay : lateCe === null ? renewalEndDay : spanEnd(expiresDay, lateCe);
  return {
    finishByDay: expiresDay - entry.finishLeadDays,
    expiresDay,
    ceEndDay,
    renewalEndDay,
    reinstateEndDay: reinstatement === null ? null : spanEnd(expiresDay, reinstatement),
  };
}

export function phaseKindOf(timeline: Timeline, progress: Progress, asOfDay: DayNumber): PhaseKind {
  if (asOfDay <= timeline.expiresDay) {
    if (progress.met) return 'ready-to-submit';
    return asOfDay <= timeline.finishByDay ? 'on-track' : 'behind';
  }
  if (timeline.renewalEndDay === null) return 'unknown-window';
  if (asOfDay <= timeline.renewalEndDay) {
    if (progress.ceMet) return 'renewal-window-late-fee';
    if (asOfDay <= timeline.ceEndDay) return 'late-ce-window';
    // CE done from now on no longer counts; CE finished in time and not yet logged still does, and the late
    // renewal is open: not yet the retake or reinstatement of the phases below.
    return 'expired-ce-short';
  }
  if (timeline.reinstateEndDay !== null && asOfDay <= timeline.reinstateEndDay) return 'reinstatement';
  return 'lapsed-retest';
}

/** The older three-word status every existing reader knows, from the phase. */
export function statusOf(kind: PhaseKind): CertificationStatus {
  switch (kind) {
    case 'on-track':
    case 'behind':
    case 'ready-to-submit':
      return 'active';
    case 'late-ce-window':
    case 'renewal-window-late-fee':
    case 'expired-ce-short':
    case 'unknown-window':
      return 'grace';
    case 'reinstatement':
    case 'lapsed-retest':
      return 'lapsed';
  }
}

/** The deadline kinds shown in each phase, in the order they fall. */
const DEADLINES_BY_PHASE: Readonly<Record<PhaseKind, readonly PhaseDeadlineKind[]>> = {
  'on-track': ['finish-ce', 'expires'],
  behind: ['expires'],
  'ready-to-submit': ['expires'],
  'late-ce-window': ['expires', 'late-ce', 'renew-late'],
  'renewal-window-late-fee': ['expires', 'renew-late'],
  'expired-ce-short': ['expires', 'renew-late'],
  reinstatement: ['expires', 'reinstate'],
  'lapsed-retest': ['expires'],
  'unknown-window': ['expires'],
};

function deadlineDay(kind: PhaseDeadlineKind, timeline: Timeline): DayNumber | null {
  switch (kind) {
    case 'finish-ce':
      return timeline.finishByDay;
    case 'expires':
      return timeline.expiresDay;
    case 'late-ce':
      return timeline.ceEndDay;
    case 'renew-late':
      return timeline.renewalEndDay;
    case 'reinstate':
      return timeline.reinstateEndDay;
  }
}

function deadlinesOf(kind: PhaseKind, timeline: Timeline, asOfDay: DayNumber): PhaseDeadline[] {
  const deadlines: PhaseDeadline[] = [];
  for (const deadline of DEADLINES_BY_PHASE[kind]) {
    const day = deadlineDay(deadline, timeline);
    if (day === null) continue;
    // Only the expiry is ever shown once passed ("Expired on …"); a late-CE window that closes on the same day as
    // the renewal window is one date, not two.
    if (day < asOfDay && deadline !== 'expires') continue;
    if (deadline === 'late-ce' && day === timeline.renewalEndDay) continue;
    const passed = day < asOfDay;
    deadlines.push({
      kind: deadline,
      on: fromDayNumber(day),
      label: passed ? PASSED_EXPIRY_LABEL : DEADLINE_LABELS[deadline],
      passed,
    });
  }
  return deadlines;
}

function lateFees(entry: CertificationEntry, timeline: Timeline, asOfDay: DayNumber): PhaseFee[] {
  const { lateFees: tiers } = entry.afterExpiry;
  const windowEnd = timeline.renewalEndDay ?? timeline.expiresDay;
  if (tiers === 'unknown') {
    return [
      {
        kind: 'late',
        amountUsd: null,
        label: lateFeeLabel(null, null, windowEnd),
        until: fromDayNumber(windowEnd),
        confidence: entry.confidence,
      },
    ];
  }
  const fees: PhaseFee[] = [];
  for (const [index, tier] of tiers.entries()) {
    const from = timeline.expiresDay + tier.fromDay;
    // The last tier runs to the end of the window ("up to 1 year" is 366 days across a leap day).
    const until = index === tiers.length - 1 ? windowEnd : Math.min(timeline.expiresDay + tier.toDay, windowEnd);
    if (until < asOfDay || from > windowEnd) continue;
    const shownFrom = from > asOfDay ? from : null;
    fees.push({
      kind: 'late',
      amountUsd: tier.feeUsd,
      label: lateFeeLabel(tier.feeUsd, shownFrom, until),
      ...(shownFrom === null ? {} : { from: fromDayNumber(shownFrom) }),
      until: fromDayNumber(until),
      confidence: entry.confidence,
    });
  }
  return fees;
}

function feesOf(kind: PhaseKind, entry: CertificationEntry, timeline: Timeline, asOfDay: DayNumber): PhaseFee[] {
  const renewing = kind !== 'reinstatement' && kind !== 'lapsed-retest' && kind !== 'unknown-window';
  const stillEarning = kind === 'on-track' || kind === 'behind' || kind === 'late-ce-window';
  const late = kind === 'late-ce-window' || kind === 'renewal-window-late-fee' || kind === 'expired-ce-short';
  const fees: PhaseFee[] = [];
  const { renewalFee, petitionFee } = entry;
  const { reinstatementFee } = entry.afterExpiry;
  if (renewing && renewalFee !== null) {
    fees.push({
      kind: 'renewal',
      amountUsd: renewalFee.usd,
      label: renewalFeeLabel(renewalFee),
      confidence: renewalFee.confidence,
    });
  }
  if (late) fees.push(...lateFees(entry, timeline, asOfDay));
  if (kind === 'reinstatement' && reinstatementFee !== null) {
    fees.push({
      kind: 'reinstatement',
      amountUsd: reinstatementFee.usd,
      label: reinstatementFeeLabel(reinstatementFee),
      confidence: reinstatementFee.confidence,
    });
  }
  if (stillEarning && petitionFee !== null) {
    fees.push({
      kind: 'petition',
      amountUsd: petitionFee.usd,
      label: petitionFeeLabel(petitionFee),
      confidence: petitionFee.confidence,
    });
  }
  return fees;
}

const NO_CAUTIONS: readonly string[] = [];

function cautionsOf(kind: PhaseKind, entry: CertificationEntry): readonly string[] {
  if (entry.confidence !== 'low' && entry.notChecked.length === 0) return NO_CAUTIONS;
  const cautions: string[] = [];
  if (entry.confidence === 'low') cautions.push(unconfirmedRules(entry));
  if (kind !== 'lapsed-retest') cautions.push(...entry.notChecked);
  return cautions;
}

export function phaseOf(
  kind: PhaseKind,
  entry: CertificationEntry,
  timeline: Timeline,
  progress: Progress,
  asOfDay: DayNumber,
): Phase {
  return {
    kind,
    summary: phaseSummary(kind, {
      entry,
      earned: progress.earned,
      required: progress.required,
      remaining: progress.remaining,
      finishByDay: timeline.finishByDay,
      expiresDay: timeline.expiresDay,
      ceEndDay: timeline.ceEndDay,
      renewalEndDay: timeline.renewalEndDay,
      reinstateEndDay: timeline.reinstateEndDay,
      cprOpen: progress.cpr !== 'none',
    }),
    deadlines: deadlinesOf(kind, timeline, asOfDay),
    fees: feesOf(kind, entry, timeline, asOfDay),
    cautions: cautionsOf(kind, entry),
  };
}
