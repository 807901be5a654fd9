import type { CertificationEvaluation, CreditLine, PhaseKind, PrerequisiteEvaluation } from '../../core/index.js';
import { formatLongDate } from '../../core/index.js';
import { adviceItems, ceDone, deadlineRows, showsProgress, unitsPhrase } from '../adapters/email/phase-text.js';
import { amountPhrase, formatAmount } from '../adapters/email/units.js';
import { escapeHtml } from '../common/http.js';
import { type CalendarSectionInput, calendarSection } from './calendar-section.js';
import { layout } from './layout.js';
import { credentialsSection, historySection, logCourseForm, type MyRecordView, yourDataSection } from './my-record.js';
import { type RemindersSectionInput, remindersSection } from './reminders-section.js';
import { type ShareSectionInput, shareSection } from './share-section.js';
import { type TeamSectionInput, teamSection } from './team-section.js';
import { timelineFigure } from './timeline-figure.js';

export interface StatusPageInput extends MyRecordView, CalendarSectionInput, ShareSectionInput, RemindersSectionInput {
  readonly name: string;
  /** The "Teams" section (team-section.ts): its teams and the invitations waiting for the trainer's address. */
  readonly teams?: TeamSectionInput['teams'];
  readonly unsubscribeUrl: string;
  /** The trainer unsubscribed (or their address bounced): no reminder goes out. */
  readonly remindersOff: boolean;
  /** What the last change did, said once after the redirect ("Course saved"). */
  readonly flash?: string;
}

/** The left rule's colour beside the summary; the summary's words carry the meaning, the colour only echoes it. */
const PHASE_TONE: Readonly<Record<PhaseKind, 'ok' | 'warn' | 'bad'>> = {
  'on-track': 'ok',
  'ready-to-submit': 'ok',
  behind: 'warn',
  'late-ce-window': 'warn',
  'renewal-window-late-fee': 'warn',
  'expired-ce-short': 'bad',
  reinstatement: 'bad',
  'lapsed-retest': 'bad',
  'unknown-window': 'bad',
};

function adviceHtml(cert: CertificationEvaluation): string {
  const items = adviceItems(cert).map((item) =>
    item.kind === 'action'
      ? `<li>${escapeHtml(item.text)}</li>`
      : `<li>${escapeHtml(item.lead)}<ul>${item.options.map((option) => `<li>${escapeHtml(option)}</li>`).join('')}</ul>` +
        `${item.alternative ? `<p>${escapeHtml(item.alternative)}</p>` : ''}</li>`,
  );
  return items.length > 0 ? `<h3>What to do next</h3><ol class="advice">${items.join('')}</ol>` : '';
}

function cautionsHtml(cert: CertificationEvaluation): string {
  const { cautions } = cert.phase;
  return cautions.length > 0
    ? `<div class="caution" role="note">${cautions.map((caution) => `<p>${escapeHtml(caution)}</p>`).join('')}</div>`
    : '';
}

function datesHtml(cert: CertificationEvaluation, asOf: string): string {
  const rows = deadlineRows(cert, asOf)
    .map(
      (row) =>
        `<dt>${escapeHtml(row.label)}</dt><dd>${escapeHtml(row.date)} <span class="${row.passed ? 'passed' : 'when'}">(${escapeHtml(row.when)})</span></dd>`,
    )
    .join('');
  return rows ? `<h3>Dates</h3><dl>${rows}</dl>` : '';
}

function feesHtml(cert: CertificationEvaluation): string {
  const { fees } = cert.phase;
  return fees.length > 0
    ? `<h3>Fees</h3><ul class="fees">${fees.map((fee) => `<li>${escapeHtml(fee.label)}</li>`).join('')}</ul>`
    : '';
}

/** `Kettlebell workshop, 1 Feb 2026 — 0.5 CEUs`; with the reason when it did not count in full. */
function creditHtml(credit: CreditLine, cert: CertificationEvaluation): string {
  const approved = amountPhrase(credit.approved, cert.unitsRequired, cert.unit);
  const full = credit.reason === null;
  const units = full
    ? amountPhrase(credit.counted, cert.unitsRequired, cert.unit)
    : credit.counted > 0
      ? `${formatAmount(credit.counted, cert.unitsRequired)} of ${approved} counted`
      : `${approved}, not counted`;
  const note = !full && credit.note ? `: ${escapeHtml(credit.note)}` : '';
  return `<li${full ? '' : ' class="partial"'}><span class="credit-title">${escapeHtml(credit.title)}</span>, ${formatLongDate(credit.completedOn)} — ${escapeHtml(units)}${note}</li>`;
}

function creditsHtml(cert: CertificationEvaluation): string {
  if (cert.credits.length === 0) return '';
  return `<h3>What counted</h3><ul class="credits">${cert.credits.map((credit) => creditHtml(credit, cert)).join('')}</ul>`;
}

function certificationCard(
  cert: CertificationEvaluation,
  asOf: string,
  prerequisites: readonly PrerequisiteEvaluation[],
): string {
  const code = escapeHtml(cert.code);
  const percent =
    cert.unitsRequired > 0 ? Math.min(100, Math.round((cert.unitsEarned / cert.unitsRequired) * 100)) : 100;
  const progress = showsProgress(cert.phase.kind)
    ? `<p>${ceDone(cert) ? 'CE done: ' : ''}<span data-testid="progress-${code}">${escapeHtml(unitsPhrase(cert))}</span> earned this cycle (since ${formatLongDate(cert.cycleStartsOn)}).</p>
<div class="progress" role="progressbar" aria-label="${code} progress" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><span style="width:${percent}%"></span></div>`
    : '';
  const parts = [
    `<section class="card" aria-labelledby="cert-${code}">`,
    `<h2 id="cert-${code}">${code} <small>${escapeHtml(cert.name)}</small></h2>`,
    `<p class="phase phase-${PHASE_TONE[cert.phase.kind]}" data-phase="${escapeHtml(cert.phase.kind)}" data-testid="phase-${code}">${escapeHtml(cert.phase.summary)}</p>`,
    progress,
    timelineFigure(cert, { asOf, prerequisites }),
    adviceHtml(cert),
    cautionsHtml(cert),
    datesHtml(cert, asOf),
    feesHtml(cert),
    creditsHtml(cert),
    '</section>',
  ];
  return parts.filter((part) => part !== '').join('\n');
}

/** Shown instead of "next reminder" to a trainer who unsubscribed: no date, and the way back (a fresh opt-in). */
function remindersOffSection(token: string): string {
  return `<section class="card notice" id="reminders" aria-labelledby="reminders-title"><h2 id="reminders-title">Reminders are off</h2>
<p>You unsubscribed, so Recert sends you no reminder. Your record stays here, and changes you make still count.</p>
<form method="post" action="/status/reminders"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit" class="secondary">Turn reminders back on</button></form>
<p class="hint">We email you a link to confirm; reminders start again once you use it.</p></section>`;
}

function noticesHtml(notices: readonly string[]): string {
  if (notices.length === 0) return '';
  return `<section class="card notice" aria-labelledby="notices-title"><h2 id="notices-title">About what you entered</h2>
<ul>${notices.map((notice) => `<li>${escapeHtml(notice)}</li>`).join('')}</ul></section>`;
}

/** The card's line, in the same state the certifications' advice puts it: a card that runs out before a renewal it is needed for is not "fine". */
function prerequisiteCard(card: PrerequisiteEvaluation, certifications: readonly CertificationEvaluation[]): string {
  const renewBefore = certifications
    .filter((cert) => cert.recommendations.some((advice) => advice.code === 'CPR-AED'))
    .map((cert) => cert.code);
  const needed = `needed by ${card.requiredBy.map(escapeHtml).join(', ')}`;
  const [style, text] =
    card.status === 'expired'
      ? ['status-lapsed', `Expired on ${formatLongDate(card.expiresOn)}; ${needed}.`]
      : renewBefore.length > 0
        ? [
            'status-lapsed',
            `Current until ${formatLongDate(card.expiresOn)}, but ${renewBefore.map(escapeHtml).join(' and ')} needs it current at renewal: see what to do above.`,
          ]
        : ['status-active', `Current — expires ${formatLongDate(card.expiresOn)}; ${needed}.`];
  return `<section class="card"><h2>${escapeHtml(card.name)}</h2>
<p class="${style}">${text}</p></section>`;
}

/**
 * The trainer's status page: per certification its phase in one sentence, progress, advice, cautions, the phase's
 * dates and fees and what counted; notices about the input on top; the trainer's own changes (my-record.ts).
 */
export function renderStatusPage(input: StatusPageInput): string {
  const { name, evaluation } = input;
  const cards = evaluation.certifications
    .map((cert) => certificationCard(cert, evaluation.asOf, evaluation.prerequisites))
    .join('\n');
  const cprCards = evaluation.prerequisites.map((card) => prerequisiteCard(card, evaluation.certifications)).join('\n');
  const reminders = input.remindersOff ? remindersOffSection(input.token) : remindersSection(input);
  const flash = input.flash ? `<p class="flash" role="status">${escapeHtml(input.flash)}</p>` : '';
  return layout(
    'Your recertification status',
    `<h1>Hi ${escapeHtml(name)}, here is where you stand</h1>
<p>As of ${formatLongDate(evaluation.asOf)}.</p>
${flash}
${logCourseForm(input)}
${noticesHtml(evaluation.notices)}
${cards}
${cprCards}
${reminders}
${calendarSection(input)}
${shareSection(input)}
${teamSection(input)}
${credentialsSection(input)}
${historySection(input)}
${yourDataSection(input.token, input.remindersOff ? undefined : input.unsubscribeUrl)}`,
  );
}
