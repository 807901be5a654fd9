/**
 * Every sentence the engine writes, as whole-sentence templates: the rules decide *what* to say (a reason, a phase,
 * an amount, a date); this file decides *how* it reads. Dates as a trainer reads them (`30 Jun 2027`), units named
 * in the body's own word (CEU, CEC, CE hour).
 */
import { type DayNumber, formatLongDay } from './calendar-date.js';
import type { CertificationEntry, Fee, SpecializationEntry } from './catalog/rules.js';
import type { CprProblem } from './cpr-card.js';
import type { CreditReason, Hundredths, PhaseDeadlineKind, PhaseKind } from './types.js';
import { formatAmount, fromHundredths } from './units.js';

/** `1.9 CEUs`, `1.0 CEU`, `20 CE hours`: as the body prints amounts of its requirement. */
export function amount(units: Hundredths, entry: CertificationEntry): string {
  return `${number(units, entry)} ${entry.unit}${units === 100 ? '' : 's'}`;
}

/** `1.9`, `2.0`, `45`: the number alone, on the scale of the body's requirement. */
function number(units: Hundredths, entry: CertificationEntry): string {
  // Number-to-text is the costliest step of wording an evaluation and the same few amounts recur: remember them.
  const key = units * 2 + (entry.requirement.units < SMALL_SCALE ? 1 : 0);
  let text = numberTexts.get(key);
  if (text === undefined) {
    text = formatAmount(fromHundredths(units), fromHundredths(entry.requirement.units));
    if (numberTexts.size < MAX_REMEMBERED) numberTexts.set(key, text);
  }
  return text;
}

/** Requirements under 10 units print a decimal (`2.0`); that is all `formatAmount` reads from the scale. */
const SMALL_SCALE = 1000;
const MAX_REMEMBERED = 100_000;
const numberTexts = new Map<number, string>();

/** Contact hours `units` stand for (1.9 NASM CEUs → 19), or null where the body does not say how long a unit is. */
export function hoursOf(units: Hundredths, entry: CertificationEntry): number | null {
  return entry.hoursPerUnit === null ? null : Math.round((units / 100) * entry.hoursPerUnit * 10) / 10;
}

function aboutHours(units: Hundredths, entry: CertificationEntry): string {
  const hours = hoursOf(units, entry);
  return hours === null ? '' : ` (about ${hours} hour${hours === 1 ? '' : 's'})`;
}

const date = formatLongDay;

export function creditNote(reason: CreditReason, entry: CertificationEntry): string {
  const { body } = entry;
  switch (reason) {
    case 'before-cycle':
      return 'completed before this cycle started';
    case 'after-deadline':
      return `completed after the last day ${body} accepts CE for this cycle`;
    case 'not-yet':
      return 'dated after today';
    case 'repeat':
      return `${body} does not count the same course twice in a cycle`;
    case 'duplicate-entry':
      return 'entered twice with the same title, date and units; counted once';
    case 'event-cap':
      return `${body} counts at most ${amount(entry.requirement.perEventCap ?? 0, entry)} from a single event`;
    case 'category-cap':
      return `over ${body}'s maximum for this category`;
    case 'yearly-cap':
      return `${body} credits CPR/AED once per calendar year`;
    case 'cpr-via-card':
      return `${body} counts CPR/AED through your current card, not as a course`;
  }
}

export function duplicateNotice(title: string, completedOn: DayNumber): string {
  return `"${title}" on ${date(completedOn)} is entered twice with the same units; Recert counts it once.`;
}

/** `12 days`, `5 months`: how far apart two dates are, as a person would say it. */
function roughGap(days: number): string {
  if (days < 45) return `${days} day${days === 1 ? '' : 's'}`;
  const months = Math.round(days / 30.44);
  return `${months} month${months === 1 ? '' : 's'}`;
}

export function cprProblemText(
  problem: Exclude<CprProblem, 'none'>,
  entry: CertificationEntry,
  cardExpiresDay: DayNumber | null,
  expiresDay: DayNumber,
): string {
  const { code, body } = entry;
  const margin = entry.requirement.cprValidDaysAfterSubmission;
  switch (problem) {
    case 'missing':
      return `no CPR/AED card on file: ${code} needs a current adult CPR/AED card with a hands-on skills check`;
    case 'expired':
      return `your CPR/AED card expired on ${date(cardExpiresDay ?? expiresDay)}: ${code} needs a current one`;
    case 'expires-before-renewal':
      return margin > 0
        ? `your CPR/AED card expires on ${date(cardExpiresDay ?? expiresDay)}; ${body} needs it valid ${margin} days past your ${code} renewal submission`
        : `your CPR/AED card expires on ${date(cardExpiresDay ?? expiresDay)}, ${roughGap(expiresDay - (cardExpiresDay ?? expiresDay))} before ${code} expires on ${date(expiresDay)}`;
  }
}

export function cprActionText(problemText: string, by: DayNumber): string {
  return `${problemText}; take a CPR/AED course with a hands-on skills check by ${date(by)}`;
}

/** A card that has run out is due now, as the card's own reminder says: a later date would contradict it. */
export function expiredCardActionText(problemText: string): string {
  return `${problemText}; take a CPR/AED course with a hands-on skills check as soon as you can`;
}

export function unitsStillNeeded(units: Hundredths, entry: CertificationEntry, by: DayNumber | null): string {
  return by === null ? `${amount(units, entry)} still missing` : `${amount(units, entry)} still needed by ${date(by)}`;
}

export function ethicsNeeded(units: Hundredths, entry: CertificationEntry): string {
  return `${amount(units, entry)} of ethics / professional conduct required in each cycle`;
}

export function ethicsAction(units: Hundredths, entry: CertificationEntry, by: DayNumber): string {
  return `${entry.body} requires ${amount(entry.requirement.ethicsUnits, entry)} of ethics / professional conduct each cycle; complete ${amount(units, entry)} by ${date(by)}`;
}

export function categoriesNeeded(entry: CertificationEntry, used: number, missing: number): string {
  return `${entry.body} counts CE only from at least ${used + missing} categories; you have ${used}`;
}

export function categoryAction(
  entry: CertificationEntry,
  category: string,
  units: Hundredths,
  maximum: Hundredths,
  by: DayNumber,
): string {
  const cap = entry.requirement.perEventCap;
  const perEvent = cap !== null && units > cap ? `, at most ${amount(cap, entry)} from any one event` : '';
  return `complete ${amount(units, entry)} of ${entry.body} Category ${category} CE by ${date(by)} (up to ${number(maximum, entry)} count in this category${perEvent})`;
}

export function approvedCeAction(units: Hundredths, entry: CertificationEntry, by: DayNumber): string {
  return `complete ${amount(units, entry)} of ${entry.body}-approved courses${aboutHours(units, entry)} by ${date(by)} to renew ${entry.code}`;
}

export function specializationAction(
  options: readonly SpecializationEntry[],
  alreadyHeld: readonly string[],
  gap: Hundredths,
  entry: CertificationEntry,
  by: DayNumber,
): string {
  const unitsOf = (option: SpecializationEntry): Hundredths => option.units[entry.body] ?? 0;
  const sameUnits = options.every((option) => unitsOf(option) === unitsOf(options[0]!));
  const named = options.map((option) =>
    sameUnits
      ? `${option.code} (${option.description})`
      : `${option.code} (${option.description}, ${amount(unitsOf(option), entry)})`,
  );
  const choice =
    options.length === 1
      ? `complete ${options[0]!.code} (${options[0]!.description}, ${amount(unitsOf(options[0]!), entry)})`
      : `complete one of ${named.join(' or ')}${sameUnits ? `, ${amount(unitsOf(options[0]!), entry)} each,` : ''}`;
  const held = alreadyHeld.length > 0 ? ` (you already hold ${alreadyHeld.join(' and ')})` : '';
  return `${choice} by ${date(by)}${held}; or ${amount(gap, entry)} of ${entry.body}-approved courses instead${aboutHours(gap, entry)}`;
}

export function submitAction(entry: CertificationEntry, by: DayNumber, late: boolean): string {
  return late
    ? `submit your late ${entry.code} renewal to ${entry.body} by ${date(by)}`
    : `submit your ${entry.code} renewal to ${entry.body} by ${date(by)}`;
}

export function reinstateAction(entry: CertificationEntry, by: DayNumber): string {
  return `apply to ${entry.body} for reinstatement of ${entry.code} by ${date(by)}`;
}

export function retakeAction(entry: CertificationEntry): string {
  return `${entry.code} lapsed beyond ${entry.body}'s renewal window: only passing the exam again restores it`;
}

export function logEarlierCeAction(entry: CertificationEntry, loggedBy: DayNumber, renewBy: DayNumber): string {
  return `log the CE you completed by ${date(loggedBy)} and submit your late ${entry.code} renewal to ${entry.body} by ${date(renewBy)}; if you did not finish it by then, ask ${entry.body} what it requires`;
}

export function checkWithBodyAction(entry: CertificationEntry): string {
  return `ask ${entry.body} whether you can still renew ${entry.code}: we found no published rule for renewing after expiry`;
}

/**
 * The words next to each date, wherever it is shown: the status page and the emails (through `phase.deadlines`) and
 * the calendar file (for dates outside the current phase too), so one date never goes by two names.
 */
export const DEADLINE_LABELS: Readonly<Record<PhaseDeadlineKind, string>> = {
  'finish-ce': 'Finish your CE by',
  expires: 'Expires on',
  'late-ce': 'Late CE accepted until',
  'renew-late': 'Last day to renew late',
  reinstate: 'Reinstate by',
};

export const PASSED_EXPIRY_LABEL = 'Expired on';

export interface SummaryFacts {
  readonly entry: CertificationEntry;
  readonly earned: Hundredths;
  readonly required: Hundredths;
  readonly remaining: Hundredths;
  readonly finishByDay: DayNumber;
  readonly expiresDay: DayNumber;
  readonly ceEndDay: DayNumber;
  readonly renewalEndDay: DayNumber | null;
  readonly reinstateEndDay: DayNumber | null;
  readonly cprOpen: boolean;
}

export function phaseSummary(kind: PhaseKind, facts: SummaryFacts): string {
  const { entry, earned, required, remaining } = facts;
  const { code, body } = entry;
  const have = `have ${number(earned, entry)} of ${amount(required, entry)}`;
  const progress = `You ${have}`;
  const lead = `${entry.finishLeadDays} days`;
  switch (kind) {
    case 'on-track':
      return remaining > 0
        ? `${code} expires on ${date(facts.expiresDay)}. ${progress}; finish what is below by ${date(facts.finishByDay)}, ${lead} before expiry, so ${body} can record it in time.`
        : `${code} expires on ${date(facts.expiresDay)}. You have all ${amount(required, entry)}; finish what is below by ${date(facts.finishByDay)}, ${lead} before expiry, so ${body} can record it in time.`;
    case 'behind':
      // Every unit in but the renewal still blocked (CPR/AED card, ethics, categories): "2.4 of 2.0 CEUs. Finish
      // now" would send the trainer after more CE. Say the units are in, as on-track does.
      return remaining > 0
        ? `${code} expires on ${date(facts.expiresDay)} and is not ready to renew: you ${have}. Finish now; CE reported this late may not be processed before expiry.`
        : `${code} expires on ${date(facts.expiresDay)} and is not ready to renew: you have all ${amount(required, entry)}, but what is below is still open. Do it now, or ${body} may not process your renewal before expiry.`;
    case 'ready-to-submit':
      return `You have met every ${code} requirement: submit your renewal to ${body} by ${date(facts.expiresDay)}.`;
    case 'late-ce-window':
      return `${code} expired on ${date(facts.expiresDay)}. ${body} still accepts CE completed by ${date(facts.ceEndDay)} and a late renewal until ${date(facts.renewalEndDay ?? facts.ceEndDay)}.`;
    case 'renewal-window-late-fee':
      return facts.cprOpen
        ? `${code} expired on ${date(facts.expiresDay)}. Your CE is done: renew your CPR/AED card, then submit your late renewal to ${body} by ${date(facts.renewalEndDay ?? facts.expiresDay)}.`
        : `${code} expired on ${date(facts.expiresDay)}. Your CE is done: submit your late renewal to ${body} by ${date(facts.renewalEndDay ?? facts.expiresDay)}.`;
    case 'expired-ce-short':
      return `${code} expired on ${date(facts.expiresDay)} with ${number(earned, entry)} of ${amount(required, entry)} logged, and ${body} counts only CE completed by ${date(facts.ceEndDay)}. If you finished the rest by then, log it here and submit your late renewal to ${body} by ${date(facts.renewalEndDay ?? facts.expiresDay)}; if not, ask ${body} what it requires before you pay for anything.`;
    case 'reinstatement':
      return `${code} is past ${body}'s renewal window. ${body} reinstates it until ${date(facts.reinstateEndDay ?? facts.expiresDay)}.`;
    case 'lapsed-retest':
      return `${code} has lapsed: ${body} restores it only when you pass the exam again.`;
    case 'unknown-window':
      return `${code} expired on ${date(facts.expiresDay)}. We found no published ${body} rule for renewing after expiry: check with ${body} before anything else.`;
  }
}

function withNote(text: string, fee: Fee): string {
  return fee.note === null ? text : `${text} (${fee.note})`;
}

export function renewalFeeLabel(fee: Fee): string {
  return withNote(fee.usd === null ? 'renewal fee (amount not published)' : `$${fee.usd} renewal fee`, fee);
}

export function petitionFeeLabel(fee: Fee): string {
  return withNote(fee.usd === null ? 'petition fee (amount not published)' : `$${fee.usd} petition fee`, fee);
}

export function reinstatementFeeLabel(fee: Fee): string {
  return withNote(fee.usd === null ? 'reinstatement fee (amount not published)' : `$${fee.usd} reinstatement fee`, fee);
}

export function lateFeeLabel(usd: number | null, from: DayNumber | null, until: DayNumber): string {
  if (usd === null) return `late fee (amount not published) until ${date(until)}`;
  return from === null
    ? `$${usd} late fee until ${date(until)}`
    : `$${usd} late fee from ${date(from)} to ${date(until)}`;
}

export function unconfirmedRules(entry: CertificationEntry): string {
  return `We could not confirm these rules with ${entry.body}; check your handbook.`;
}
