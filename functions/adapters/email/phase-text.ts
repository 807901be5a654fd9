import type {
  CertificationEvaluation,
  PhaseDeadline,
  PhaseKind,
  Recommendation,
  SpecializationOption,
} from '../../../core/index.js';
import { formatLongDate } from './dates.js';
import { amountPhrase, pluralUnit, progressPhrase } from './units.js';

/**
 * The words emails and the status page share for one certification. Everything here renders `cert.phase` and
 * `cert.recommendations` as core wrote them; nothing re-derives where a certification stands.
 */

/** One recommendation in words: a sentence, or a choice of specializations with the course-work alternative. */
export type AdviceItem =
  | { readonly kind: 'action'; readonly text: string }
  | {
      readonly kind: 'choice';
      /** "Complete one of these by 31 May 2027:" */
      readonly lead: string;
      /** "NASM-CES (corrective exercise, 1.9 CEUs)", once per option. */
      readonly options: readonly string[];
      /** "Or instead: complete 1.9 CEUs of NASM-approved courses (about 19 hours)." */
      readonly alternative: string | null;
    };

/**
 * Recommendations whose action the phase summary already states in full ("submit your renewal to NASM by …",
 * "restores it only when you pass the exam again", "check with NCSF …"): rendered once, as the summary.
 */
const SAID_BY_SUMMARY: ReadonlySet<string> = new Set([
  'SUBMIT-RENEWAL',
  'RETAKE-EXAM',
  'CHECK-WITH-BODY',
  'LOG-EARLIER-CE',
]);

/** `complete 1.9 CEUs …` → `Complete 1.9 CEUs ….` */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

function hoursPhrase(hours: number): string {
  return `about ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** `NASM-CES (corrective exercise, 1.9 CEUs, about 15 hours, $799)`: hours and price only where known. */
export function optionPhrase(option: SpecializationOption, cert: CertificationEvaluation): string {
  const details = [
    option.description,
    amountPhrase(option.units, cert.unitsRequired, cert.unit),
    ...(option.typicalHours === null ? [] : [hoursPhrase(option.typicalHours)]),
    ...(option.priceUsd === null ? [] : [`$${option.priceUsd}`]),
  ].filter((detail) => detail.trim() !== '');
  return `${option.code} (${details.join(', ')})`;
}

function alternativePhrase(rec: Recommendation, cert: CertificationEvaluation): string | null {
  const alternative = rec.alternative;
  if (!alternative) return null;
  const amount = amountPhrase(alternative.units, cert.unitsRequired, cert.unit);
  const what = alternative.code === 'APPROVED-CE' ? `${cert.body}-approved courses` : alternative.code;
  const hours = alternative.hours === null ? '' : ` (${hoursPhrase(alternative.hours)})`;
  return `Or instead: complete ${amount} of ${what}${hours}.`;
}

function adviceItem(rec: Recommendation, cert: CertificationEvaluation): AdviceItem {
  const options = rec.options ?? [];
  if (options.length === 0) return { kind: 'action', text: sentence(rec.why) };
  const by = formatLongDate(rec.by, 'recommendations.by');
  const phrases = options.map((option) => optionPhrase(option, cert));
  const alternative = alternativePhrase(rec, cert);
  if (phrases.length === 1)
    return { kind: 'action', text: `Complete ${phrases[0]} by ${by}.${alternative ? ` ${alternative}` : ''}` };
  return { kind: 'choice', lead: `Complete one of these by ${by}:`, options: phrases, alternative };
}

/** What to do next, in core's order, each recommendation once; empty when the summary already says it all. */
export function adviceItems(cert: CertificationEvaluation): AdviceItem[] {
  return cert.recommendations.filter((rec) => !SAID_BY_SUMMARY.has(rec.code)).map((rec) => adviceItem(rec, cert));
}

/** `30 Jun 2027`, and whether it has passed, for a row of the dates table. */
export interface DeadlineRow {
  readonly label: string;
  readonly date: string;
  readonly passed: boolean;
  /** `today`, `tomorrow`, `150 days from now`; `passed` for a date before today. */
  readonly when: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function whenPhrase(asOf: string, date: string, passed: boolean): string {
  if (passed) return 'passed';
  const days = daysBetween(asOf, date);
  if (days <= 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `${days} days from now`;
}

export function deadlineRows(cert: CertificationEvaluation, asOf: string): DeadlineRow[] {
  return cert.phase.deadlines.map((deadline) => ({
    label: deadline.label,
    date: formatLongDate(deadline.on, 'phase.deadlines.on'),
    passed: deadline.passed,
    when: whenPhrase(asOf, deadline.on, deadline.passed),
  }));
}

/** The most urgent date still ahead in this phase (what a calendar entry is for), or undefined when none is. */
export function nextDeadline(cert: CertificationEvaluation): PhaseDeadline | undefined {
  return cert.phase.deadlines
    .filter((deadline) => !deadline.passed)
    .reduce<PhaseDeadline | undefined>(
      (first, deadline) => (!first || deadline.on < first.on ? deadline : first),
      undefined,
    );
}

/** Phases where units earned still matter: after a lapse that needs the exam again, a progress bar would mislead. */
export function showsProgress(kind: PhaseKind): boolean {
  return kind !== 'lapsed-retest';
}

/**
 * Phases in which core says the CE is done and only the renewal (maybe after the CPR/AED card) is left. Units past
 * the requirement count for nothing more, so these never show "2.4 of 2.0" or more course advice.
 */
export function ceDone(cert: CertificationEvaluation): boolean {
  return cert.phase.kind === 'ready-to-submit' || cert.phase.kind === 'renewal-window-late-fee';
}

/** `0.6 of 2.0 CEUs`, or `all 2.0 CEUs` once the units are in: 2.4 earned is still all that counts, never "2.4 of 2.0". */
export function unitsPhrase(cert: CertificationEvaluation): string {
  const { unitsEarned: earned, unitsRequired: required, unit } = cert;
  if (required <= 0) return `no ${pluralUnit(unit, 0)} needed`;
  return earned >= required ? `all ${amountPhrase(required, required, unit)}` : progressPhrase(earned, required, unit);
}

/**
 * `0.6 of 2.0 CEUs earned`, `all 2.0 CEUs earned`, `CE done, all 2.0 CEUs earned`: the credit email and the reminder
 * both say progress with this, so they agree.
 */
export function earnedPhrase(cert: CertificationEvaluation): string {
  const units = cert.unitsRequired > 0 ? `${unitsPhrase(cert)} earned` : unitsPhrase(cert);
  return ceDone(cert) ? `CE done, ${units}` : units;
}

/** The renewal step once the CE is done, as the phase summary states it: the date from the phase's deadlines. */
export interface SubmitStep {
  /** `submit your renewal by 30 Jun 2027`, `renew your CPR/AED card, then submit your late renewal by 30 Jun 2028`. */
  readonly text: string;
  readonly on: string;
}

export function submitStep(cert: CertificationEvaluation): SubmitStep | undefined {
  if (!ceDone(cert)) return undefined;
  const late = cert.phase.kind === 'renewal-window-late-fee';
  const deadline = cert.phase.deadlines.find((d) => d.kind === (late ? 'renew-late' : 'expires'));
  const on = deadline?.on ?? cert.expiresOn;
  // Core advises the card only while it blocks the renewal; the summary then says "renew your CPR/AED card, then".
  const card = cert.recommendations.some((rec) => rec.code === 'CPR-AED') ? 'renew your CPR/AED card, then ' : '';
  const text = `${card}submit your ${late ? 'late ' : ''}renewal by ${formatLongDate(on, 'phase.deadlines.on')}`;
  return { text, on };
}
