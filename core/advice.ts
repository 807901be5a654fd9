/**
 * What to do next for one certification, best first: the blocking CPR/AED card, the ethics hour, NSCA categories,
 * then the units (a specialization where one closes the gap, always with the course-work alternative). Met
 * requirements get one action: submit the renewal. The open sub-requirements are listed the same way (`missing`).
 */
import { type DayNumber, formatLongDay, fromDayNumber } from './calendar-date.js';
import { NSCA_CATEGORIES, specializationsToward } from './catalog/index.js';
import type { CertificationEntry, SpecializationEntry } from './catalog/rules.js';
import type { Cycle } from './cycle.js';
import type { Timeline } from './phase.js';
import type { ReadProfile } from './profile.js';
import type { Progress } from './progress.js';
import type { Hundredths, MissingRequirement, PhaseKind, Recommendation, SpecializationOption } from './types.js';
import { fromHundredths } from './units.js';
import {
  approvedCeAction,
  categoriesNeeded,
  categoryAction,
  checkWithBodyAction,
  cprActionText,
  cprProblemText,
  ethicsAction,
  ethicsNeeded,
  expiredCardActionText,
  hoursOf,
  logEarlierCeAction,
  reinstateAction,
  retakeAction,
  specializationAction,
  submitAction,
  unitsStillNeeded,
} from './wording.js';

export interface AdviceInput {
  readonly entry: CertificationEntry;
  readonly cycle: Cycle;
  readonly progress: Progress;
  readonly timeline: Timeline;
  readonly phase: PhaseKind;
  readonly profile: ReadProfile;
}

/**
 * The date CE completed now is due by, in phases where CE can still be earned; otherwise null. Before finishBy, finishBy
 * (the body needs the time to record it); from finishBy on, a date that is today or past helps no one: the last day
 * the CE still counts (the expiry, or the end of the body's late-CE days).
 */
function ceDeadline({ phase, timeline, profile }: AdviceInput): DayNumber | null {
  switch (phase) {
    case 'on-track':
      return profile.asOfDay < timeline.finishByDay ? timeline.finishByDay : timeline.ceEndDay;
    case 'behind':
    case 'late-ce-window':
      return timeline.ceEndDay;
    default:
      return null;
  }
}

/**
 * Before expiry, when CE is advised by a date after it: that the body takes CE late, and that renewing then costs a
 * late fee, in one clause; null otherwise (after expiry the phase summary and its fees already say so).
 */
function lateCeClause({ entry, timeline, profile }: AdviceInput, by: DayNumber): string | null {
  if (by <= timeline.expiresDay || profile.asOfDay > timeline.expiresDay) return null;
  const tiers = entry.afterExpiry.lateFees;
  const fee = tiers !== 'unknown' && tiers.length === 0 ? '' : ', with a late fee';
  return `${entry.body} still accepts CE completed after ${entry.code} expires on ${formatLongDay(timeline.expiresDay)}, until ${formatLongDay(by)}${fee}`;
}

/** The last day the renewal itself can be submitted in this phase. */
function submitDeadline({ phase, timeline }: AdviceInput): DayNumber {
  return phase === 'on-track' || phase === 'behind' || phase === 'ready-to-submit'
    ? timeline.expiresDay
    : (timeline.renewalEndDay ?? timeline.expiresDay);
}

/** Units still needed beyond the open CPR/AED slot and the ethics shortfall (each advised on its own). */
function unitsGap({ entry, progress }: AdviceInput): Hundredths {
  const cardSlot = progress.cpr === 'none' ? 0 : entry.requirement.cprCardCredit;
  return Math.max(0, progress.remaining - cardSlot - progress.ethicsShortfall);
}

function cprText(input: AdviceInput): string | null {
  const { progress, entry, profile, timeline } = input;
  if (progress.cpr === 'none') return null;
  return cprProblemText(progress.cpr, entry, profile.card?.expiresDay ?? null, timeline.expiresDay);
}

function cardAction(input: AdviceInput, text: string): Recommendation {
  const { profile, entry } = input;
  // Where the card carries CE credit (NASM's 0.1), it is due with the CE; otherwise with the renewal itself.
  const ceBy = ceDeadline(input);
  const dueBy = entry.requirement.cprCardCredit > 0 && ceBy !== null ? ceBy : submitDeadline(input);
  const cardStillValid = profile.card !== null && profile.card.expiresDay >= profile.asOfDay;
  // A card that is still valid should be renewed before it runs out, never later.
  const by = cardStillValid ? Math.min(profile.card!.expiresDay, dueBy) : Math.max(dueBy, profile.asOfDay);
  return {
    code: 'CPR-AED',
    units: fromHundredths(input.entry.requirement.cprCardCredit),
    why: input.progress.cpr === 'expired' ? expiredCardActionText(text) : cprActionText(text, by),
    by: fromDayNumber(by),
  };
}

function specializationOption(option: SpecializationEntry, entry: CertificationEntry): SpecializationOption {
  return {
    code: option.code,
    name: option.name,
    description: option.description,
    units: fromHundredths(option.units[entry.body] ?? 0),
    typicalHours: option.typicalHours,
    priceUsd: option.priceUsd,
  };
}

/** Not-held specializations that each close the gap without wasting most of it; none once one counted this cycle. */
function specializationChoices(input: AdviceInput, gap: Hundredths): SpecializationEntry[] {
  const { entry, profile, progress } = input;
  const earnedThisCycle = progress.credits.lines.some((line) => line.source === 'specialization' && line.counted > 0);
  if (earnedThisCycle) return [];
  const held = new Set(profile.specializations.map((held) => held.entry.code));
  return specializationsToward(entry.code)
    .filter((option) => !held.has(option.code))
    .filter((option) => {
      const units = option.units[entry.body] ?? 0;
      return units >= gap && gap * 2 > units;
    })
    .sort((a, b) => (a.units[entry.body] ?? 0) - (b.units[entry.body] ?? 0) || a.code.localeCompare(b.code));
}

function unitsAction(input: AdviceInput, gap: Hundredths, by: DayNumber): Recommendation {
  const { entry, profile } = input;
  const choices = specializationChoices(input, gap);
  if (choices.length === 0) {
    return {
      code: 'APPROVED-CE',
      units: fromHundredths(gap),
      why: approvedCeAction(gap, entry, by),
      by: fromDayNumber(by),
    };
  }
  const alreadyHeld = specializationsToward(entry.code)
    .map((option) => option.code)
    .filter((code) => profile.specializations.some((held) => held.entry.code === code));
  const options = choices.map((option) => specializationOption(option, entry));
  return {
    code: options[0]!.code,
    units: options[0]!.units,
    why: specializationAction(choices, alreadyHeld, gap, entry, by),
    by: fromDayNumber(by),
    options,
    alternative: { code: 'APPROVED-CE', units: fromHundredths(gap), hours: hoursOf(gap, entry) },
  };
}

/** NSCA: spread `units` over categories within their maximums, opening new categories when too few are used. */
function categoryActions(input: AdviceInput, units: Hundredths, by: DayNumber): Recommendation[] {
  const { entry, cycle, progress } = input;
  const maximums = cycle.categoryMaximums;
  if (maximums === null) return [];
  const counted = progress.credits.perCategory;
  const headroom = (category: (typeof NSCA_CATEGORIES)[number]): Hundredths => maximums[category] - counted[category];
  const byRoom = [...NSCA_CATEGORIES].sort((a, b) => headroom(b) - headroom(a));
  // The smallest amount worth a course: 0.1 unit (one contact hour on NSCA's scale).
  const smallest = 10;
  const actions: Recommendation[] = [];
  let left = units;
  let newNeeded = progress.categoriesMissing;
  for (const category of byRoom) {
    if (left <= 0 && newNeeded <= 0) break;
    const room = headroom(category);
    if (room <= 0) continue;
    const isNew = counted[category] === 0;
    const reserve = Math.max(0, newNeeded - (isNew ? 1 : 0)) * smallest;
    let amount = Math.min(room, Math.max(0, left - reserve));
    if (isNew && newNeeded > 0) amount = Math.max(amount, Math.min(room, smallest));
    if (amount <= 0) continue;
    actions.push({
      code: `CE-CATEGORY-${category}`,
      units: fromHundredths(amount),
      why: categoryAction(entry, category, amount, maximums[category], by),
      by: fromDayNumber(by),
    });
    left -= amount;
    if (isNew) newNeeded--;
  }
  return actions;
}

/** The late-CE clause once, on the first CE action: every CE action shares its date. */
function withLateCeClause(actions: Recommendation[], clause: string | null): Recommendation[] {
  const [first, ...rest] = actions;
  if (clause === null || first === undefined) return actions;
  return [{ ...first, why: `${first.why}; ${clause}` }, ...rest];
}

function ceActions(input: AdviceInput, by: DayNumber): Recommendation[] {
  const { entry, progress } = input;
  const actions: Recommendation[] = [];
  if (progress.ethicsShortfall > 0) {
    actions.push({
      code: 'ETHICS-CE',
      units: fromHundredths(progress.ethicsShortfall),
      why: ethicsAction(progress.ethicsShortfall, entry, by),
      by: fromDayNumber(by),
    });
  }
  const gap = unitsGap(input);
  if (input.cycle.categoryMaximums !== null) {
    if (gap > 0 || progress.categoriesMissing > 0) actions.push(...categoryActions(input, gap, by));
  } else if (gap > 0) {
    actions.push(unitsAction(input, gap, by));
  }
  return actions;
}

export function recommend(input: AdviceInput): Recommendation[] {
  const { entry, progress, phase, timeline, profile } = input;
  const today = fromDayNumber(profile.asOfDay);
  switch (phase) {
    case 'reinstatement':
      return [
        {
          code: 'REINSTATE',
          units: 0,
          why: reinstateAction(entry, timeline.reinstateEndDay!),
          by: fromDayNumber(timeline.reinstateEndDay!),
        },
      ];
    case 'expired-ce-short': {
      const renewBy = timeline.renewalEndDay ?? timeline.expiresDay;
      return [
        {
          code: 'LOG-EARLIER-CE',
          units: 0,
          why: logEarlierCeAction(entry, timeline.ceEndDay, renewBy),
          by: fromDayNumber(renewBy),
        },
      ];
    }
    case 'lapsed-retest':
      return [{ code: 'RETAKE-EXAM', units: 0, why: retakeAction(entry), by: today }];
    case 'unknown-window':
      return [{ code: 'CHECK-WITH-BODY', units: 0, why: checkWithBodyAction(entry), by: today }];
    default:
      break;
  }
  if (progress.met) {
    const by = submitDeadline(input);
    return [
      {
        code: 'SUBMIT-RENEWAL',
        units: 0,
        why: submitAction(entry, by, phase !== 'ready-to-submit'),
        by: fromDayNumber(by),
      },
    ];
  }
  const card = cprText(input);
  const actions = card === null ? [] : [cardAction(input, card)];
  const ceBy = ceDeadline(input);
  if (ceBy !== null) actions.push(...withLateCeClause(ceActions(input, ceBy), lateCeClause(input, ceBy)));
  return actions;
}

/** The open sub-requirements, in the order of the advice; empty when requirements are met. */
export function missingRequirements(input: AdviceInput): MissingRequirement[] {
  const { entry, progress } = input;
  if (progress.met) return [];
  const by = ceDeadline(input);
  const missing: MissingRequirement[] = [];
  const gap = unitsGap(input);
  if (gap > 0)
    missing.push({ requirement: 'units', units: fromHundredths(gap), detail: unitsStillNeeded(gap, entry, by) });
  const card = cprText(input);
  if (card !== null) {
    const slot = entry.requirement.cprCardCredit;
    missing.push(
      slot > 0
        ? { requirement: 'cpr-aed', units: fromHundredths(slot), detail: card }
        : { requirement: 'cpr-aed', detail: card },
    );
  }
  if (progress.ethicsShortfall > 0) {
    missing.push({
      requirement: 'ethics',
      units: fromHundredths(progress.ethicsShortfall),
      detail: ethicsNeeded(progress.ethicsShortfall, entry),
    });
  }
  if (progress.categoriesMissing > 0) {
    missing.push({
      requirement: 'categories',
      detail: categoriesNeeded(entry, progress.categoriesUsed, progress.categoriesMissing),
    });
  }
  return missing;
}
