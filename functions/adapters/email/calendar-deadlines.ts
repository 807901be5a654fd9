/**
 * Every deadline a trainer has, one calendar event each: the CPR/AED card's expiry and, per certification, finish-CE,
 * expiry, late-CE end, late-renewal end and reinstatement end, where the body's rules have them. A calendar keeps an
 * event for months, so nothing in it may go stale: no "in 30 days", no units so far, no phase-of-the-day wording;
 * only the date, the page's label for it and what it means. The same event is then the same on every send.
 */
import {
  type CertificationEvaluation,
  DEADLINE_LABELS,
  type Evaluation,
  type PhaseDeadlineKind,
  type PrerequisiteEvaluation,
} from '../../../core/index.js';
import { type CalendarDeadline, calendarEventUid } from './calendar-invite.js';
import { formatLongDate } from './dates.js';
import { ceDone } from './phase-text.js';

/**
 * Above the 0–6 the single per-cycle event of earlier emails reached as it moved from date to date: the expiry keeps
 * that UID (see `calendarEventUid`), so the first email with this one moves the old event onto the expiry for good.
 */
const EXPIRY_SEQUENCE = 7;
/** The card's event keeps its UID; its description changed from earlier emails, so calendars take the new one. */
const CARD_SEQUENCE = 1;

interface RuleDate {
  readonly kind: PhaseDeadlineKind;
  readonly on: string;
}

/** The cycle's dates from core's flat `deadlines` (every date the body's rules give, whatever the phase), in order. */
function ruleDates(cert: CertificationEvaluation): RuleDate[] {
  const { finishBy, expiresOn, lateCeBy, graceEndsOn, reinstateBy } = cert.deadlines;
  const dates: RuleDate[] = [
    { kind: 'finish-ce', on: finishBy },
    { kind: 'expires', on: expiresOn },
  ];
  // As on the page: a late-CE window that closes with the renewal window is one date, not two.
  if (lateCeBy !== undefined && lateCeBy !== graceEndsOn) dates.push({ kind: 'late-ce', on: lateCeBy });
  if (graceEndsOn !== undefined) dates.push({ kind: 'renew-late', on: graceEndsOn });
  if (reinstateBy !== undefined) dates.push({ kind: 'reinstate', on: reinstateBy });
  return dates;
}

/**
 * What the date means, in absolute dates only, and in words that read right before the date and after it (the alarm
 * fires a week early; the event stays in the calendar for good).
 */
function meaning(kind: PhaseDeadlineKind, cert: CertificationEvaluation, on: string): string {
  const { code, body } = cert;
  const date = formatLongDate(on, 'deadlines');
  const cycle = `the ${code} cycle ending ${formatLongDate(cert.deadlines.expiresOn, 'deadlines.expiresOn')}`;
  switch (kind) {
    case 'finish-ce':
      return `The last day to complete your CE for ${cycle}, so ${body} can record it before the expiry.`;
    case 'expires':
      return `Submit your ${code} renewal to ${body} by ${date} to renew on time.`;
    case 'late-ce':
      return `After the expiry, ${body} still accepts CE completed by ${date} for ${cycle}, with a late renewal.`;
    case 'renew-late':
      return `The last day ${body} accepts a late renewal for ${cycle}.`;
    case 'reinstate':
      return `The last day ${body} reinstates ${code} for ${cycle}; after it, only passing the exam again restores it.`;
  }
}

function heading(cert: CertificationEvaluation): string {
  return cert.name.includes(cert.code) ? cert.name : `${cert.code} (${cert.name})`;
}

function certificationEvents(trainerId: string, cert: CertificationEvaluation, asOf: string): CalendarDeadline[] {
  // Once the CE is done, the CE dates ask nothing more of the trainer; the renewal dates still do.
  const done = ceDone(cert);
  return ruleDates(cert)
    .filter(({ kind, on }) => on >= asOf && !(done && (kind === 'finish-ce' || kind === 'late-ce')))
    .map(({ kind, on }) => {
      const label = DEADLINE_LABELS[kind];
      const date = formatLongDate(on, 'deadlines');
      return {
        uid: calendarEventUid(trainerId, cert.code, cert.expiresOn, kind),
        date: on,
        summary: `Recert: ${label} ${date} (${cert.code})`,
        description: [heading(cert), `${label}: ${date}`, meaning(kind, cert, on)].join('\n'),
        sequence: kind === 'expires' ? EXPIRY_SEQUENCE : 0,
      };
    });
}

/** `CPR-AED` → `CPR/AED card`: trainers call it by the letters on the card, not by the catalog's long name. */
export function cardName(prereq: PrerequisiteEvaluation): string {
  return `${prereq.code.replaceAll('-', '/')} card`;
}

/** A card nothing needs is never reminded about, and an expired one has no date left to keep. */
function cardEvents(trainerId: string, card: PrerequisiteEvaluation, asOf: string): CalendarDeadline[] {
  if (card.requiredBy.length === 0 || card.expiresOn < asOf) return [];
  const label = DEADLINE_LABELS.expires;
  const date = formatLongDate(card.expiresOn, 'prerequisites.expiresOn');
  const name = cardName(card);
  return [
    {
      uid: calendarEventUid(trainerId, card.code, card.expiresOn),
      date: card.expiresOn,
      summary: `Recert: ${label} ${date} (${name})`,
      description: [
        `Your ${name}`,
        `${label}: ${date}`,
        `${card.requiredBy.join(' and ')} needs a current card to renew: renew it by ${date}.`,
      ].join('\n'),
      sequence: CARD_SEQUENCE,
    },
  ];
}

/** The trainer's calendar on `evaluation.asOf`: every deadline still ahead, by date. */
export function calendarDeadlines(trainerId: string, evaluation: Evaluation): CalendarDeadline[] {
  const { asOf } = evaluation;
  return [
    ...evaluation.prerequisites.flatMap((card) => cardEvents(trainerId, card, asOf)),
    ...evaluation.certifications.flatMap((cert) => certificationEvents(trainerId, cert, asOf)),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.summary.localeCompare(b.summary));
}
