import type {
  CertificationEvaluation,
  Evaluation,
  PrerequisiteEvaluation,
  ReminderMilestone,
} from '../../../core/index.js';
import {
  type CalendarDeadline,
  calendarAttachment,
  calendarEventUid,
  renderCalendarInvite,
} from './calendar-invite.js';
import { composeMessage } from './compose-message.js';
import { addDays, formatLongDate } from './dates.js';
import type { Block, Layout } from './layout.js';
import { checkLink, type EmailMessage, oneLine, type SenderConfig } from './message.js';
import { RenderInputError } from './render-input-error.js';
import { amountPhrase, formatAmount, pluralUnit, progressPhrase } from './units.js';

/** One credential whose milestone is due today; `code` is a certification or prerequisite code. */
export interface DueItem {
  readonly code: string;
  readonly milestone: ReminderMilestone;
}

export interface ReminderInput {
  readonly trainer: { readonly id: string; readonly name: string };
  readonly to: string;
  readonly asOf: string;
  /** When the email is composed (the run's event time): the calendar file's DTSTAMP. */
  readonly now: Date;
  readonly evaluation: Evaluation;
  /** Everything due for this trainer today; one email merges them all. */
  readonly due: readonly DueItem[];
  readonly links: { readonly statusUrl: string; readonly unsubscribeUrl: string };
  readonly sender: SenderConfig;
}

/**
 * What one due credential asks of the trainer, in both parts and the calendar. The calendar entry carries no link:
 * status links hold a bearer token, and calendars get shared and synced far more widely than a mailbox.
 */
interface Action {
  readonly code: string;
  /** The date the trainer must act by; orders the email, most urgent first. */
  readonly sortKey: string;
  readonly subject: string;
  readonly blocks: readonly Block[];
  readonly calendar?: CalendarDeadline;
}

const NO_DATE = '9999-12-31';

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function inDays(asOf: string, date: string): string {
  const days = daysBetween(asOf, date);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `${days} days from now`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

function heading(code: string, name: string): string {
  return name.includes(code) ? name : `${code}: ${name}`;
}

function lateFeeText(cert: CertificationEvaluation): string | undefined {
  const tiers = cert.deadlines.lateFees;
  if (!tiers || tiers.length === 0) return undefined;
  return tiers
    .map((tier) => `$${tier.feeUsd} from ${formatLongDate(addDays(cert.expiresOn, tier.fromDay))}`)
    .join(', ');
}

function timeline(cert: CertificationEvaluation, asOf: string): Block {
  const d = cert.deadlines;
  const rows: (readonly [string, string])[] = [];
  if (!cert.requirementsMet && cert.status === 'active') rows.push(['Finish your CE by', formatLongDate(d.finishBy)]);
  rows.push([d.expiresOn < asOf ? 'Expired on' : 'Expires on', formatLongDate(d.expiresOn)]);
  if (d.lateCeBy) rows.push(['Late CE accepted until', formatLongDate(d.lateCeBy)]);
  if (d.graceEndsOn) rows.push(['Last day to renew late', formatLongDate(d.graceEndsOn)]);
  const fees = lateFeeText(cert);
  if (fees) rows.push(['Late fee', fees]);
  if (d.reinstateBy) rows.push(['Reinstate by', formatLongDate(d.reinstateBy)]);
  return { kind: 'facts', title: 'Deadlines', rows };
}

function progressBlock(cert: CertificationEvaluation): Block {
  const earned = progressPhrase(cert.unitsEarned, cert.unitsRequired, cert.unit);
  const rest = cert.requirementsMet
    ? 'requirements met'
    : `${formatAmount(cert.unitsRemaining, cert.unitsRequired)} to go`;
  const fraction = cert.unitsRequired > 0 ? cert.unitsEarned / cert.unitsRequired : 1;
  return { kind: 'progress', label: `Progress: ${earned} earned, ${rest}`, fraction };
}

function adviceBlocks(cert: CertificationEvaluation): Block[] {
  const blocks: Block[] = [];
  const [only, ...others] = cert.recommendations;
  if (only && others.length === 0) {
    blocks.push({ kind: 'paragraph', text: `Why ${only.code}: ${sentence(only.why)}` });
  } else if (only) {
    blocks.push({
      kind: 'list',
      items: cert.recommendations.map(
        (rec) => `${rec.code} (${amountPhrase(rec.units, cert.unitsRequired, cert.unit)}): ${sentence(rec.why)}`,
      ),
    });
  }
  // A sub-requirement the advice already explains (the CPR/AED card, say) is not repeated.
  const advised = new Set(cert.recommendations.map((rec) => sentence(rec.why)));
  const open = cert.missing
    .filter((m) => m.requirement !== 'units')
    .map((m) => sentence(m.detail))
    .filter((detail) => !advised.has(detail));
  if (open.length > 0) blocks.push({ kind: 'list', items: open.map((detail) => `Also needed: ${detail}`) });
  return blocks;
}

/** What to do to close the gap: the first recommendation, or the raw unit count when core gave none. */
function closeTheGap(cert: CertificationEvaluation): string {
  const rec = cert.recommendations[0];
  if (rec) return `complete ${rec.code} (${amountPhrase(rec.units, cert.unitsRequired, cert.unit)})`;
  const remaining = formatAmount(cert.unitsRemaining, cert.unitsRequired);
  return `earn ${remaining} more ${pluralUnit(cert.unit, cert.unitsRemaining)}`;
}

function shortGap(cert: CertificationEvaluation): string {
  const rec = cert.recommendations[0];
  if (rec) return `complete ${rec.code}`;
  return `earn ${formatAmount(cert.unitsRemaining, cert.unitsRequired)} more ${pluralUnit(cert.unit, cert.unitsRemaining)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function certificationAction(cert: CertificationEvaluation, input: ReminderInput): Action {
  const { asOf } = input;
  const d = cert.deadlines;
  const exp = formatLongDate(cert.expiresOn);
  let subject: string;
  let nextStep: string;
  let act: { date: string; summary: string; sequence: number } | undefined;

  if (cert.status === 'active' && !cert.requirementsMet) {
    // After finish-by the renewal is tight but still possible until expiry.
    const by = d.finishBy >= asOf ? d.finishBy : cert.expiresOn;
    subject = `${capitalise(shortGap(cert))} by ${formatLongDate(by)} to renew your ${cert.code}`;
    nextStep = `Next step: ${closeTheGap(cert)} by ${formatLongDate(by)}, ${inDays(asOf, by)}.`;
    act = { date: by, summary: `Recert: ${shortGap(cert)} for your ${cert.code}`, sequence: 0 };
  } else if (cert.status === 'active') {
    subject = `Ready to renew: submit your ${cert.code} renewal by ${exp}`;
    nextStep = `Next step: your CE is complete. Submit your renewal to ${cert.body} by ${exp}, ${inDays(asOf, cert.expiresOn)}.`;
    act = { date: cert.expiresOn, summary: `Recert: submit your ${cert.code} renewal`, sequence: 1 };
  } else if (cert.status === 'grace') {
    const ceBy = d.lateCeBy && d.lateCeBy >= asOf ? d.lateCeBy : undefined;
    const renewBy = d.graceEndsOn ?? cert.expiresOn;
    if (!cert.requirementsMet && ceBy) {
      subject = `Your ${cert.code} expired on ${exp}: ${shortGap(cert)} by ${formatLongDate(ceBy)} to renew it late`;
      nextStep = `Next step: ${closeTheGap(cert)} by ${formatLongDate(ceBy)}, ${inDays(asOf, ceBy)}, then submit a late renewal (a late fee applies).`;
      act = { date: ceBy, summary: `Recert: last day of late CE for your ${cert.code}`, sequence: 2 };
    } else {
      subject = `Your ${cert.code} expired on ${exp}: submit your late renewal by ${formatLongDate(renewBy)}`;
      nextStep = `Next step: submit your late renewal to ${cert.body} by ${formatLongDate(renewBy)}, ${inDays(asOf, renewBy)} (a late fee applies).`;
      act = { date: renewBy, summary: `Recert: last day to renew your ${cert.code} late`, sequence: 2 };
    }
  } else if (d.reinstateBy && d.reinstateBy >= asOf) {
    const by = formatLongDate(d.reinstateBy);
    subject = `Your ${cert.code} has lapsed: reinstate it by ${by}`;
    nextStep = `Your ${cert.code} expired on ${exp} and the late-renewal window has closed. ${cert.body} still lets you reinstate it until ${by}.`;
    act = { date: d.reinstateBy, summary: `Recert: last day to reinstate your ${cert.code}`, sequence: 3 };
  } else {
    subject = `Your ${cert.code} has lapsed`;
    nextStep = `Your ${cert.code} expired on ${exp} and can no longer be renewed. Check with ${cert.body} how to certify again.`;
  }

  const blocks: Block[] = [
    { kind: 'heading', text: heading(cert.code, cert.name) },
    progressBlock(cert),
    { kind: 'paragraph', text: nextStep },
    ...(cert.status === 'lapsed' || cert.requirementsMet ? [] : adviceBlocks(cert)),
    timeline(cert, asOf),
  ];
  return {
    code: cert.code,
    sortKey: act?.date ?? NO_DATE,
    subject,
    blocks,
    ...(act && {
      calendar: {
        uid: calendarEventUid(input.trainer.id, cert.code, cert.expiresOn),
        date: act.date,
        summary: act.summary,
        description: nextStep,
        sequence: act.sequence,
      },
    }),
  };
}

/** `CPR-AED` → `CPR/AED card`: trainers call it by the letters on the card, not by the catalog's long name. */
function cardName(prereq: PrerequisiteEvaluation): string {
  return `${prereq.code.replaceAll('-', '/')} card`;
}

function prerequisiteAction(prereq: PrerequisiteEvaluation, input: ReminderInput): Action {
  const card = cardName(prereq);
  const exp = formatLongDate(prereq.expiresOn);
  const needs =
    prereq.requiredBy.length > 0 ? `${prereq.requiredBy.join(' and ')} needs a current card to renew.` : undefined;
  const current = prereq.status === 'current';
  const subject = current ? `Renew your ${card} by ${exp}` : `Your ${card} expired on ${exp}: renew it`;
  const nextStep = current
    ? `Next step: renew it (${prereq.name}) before ${exp}, ${inDays(input.asOf, prereq.expiresOn)}.`
    : `Next step: renew it (${prereq.name}) as soon as you can.`;
  const blocks: Block[] = [
    { kind: 'heading', text: card.charAt(0).toUpperCase() + card.slice(1) },
    {
      kind: 'paragraph',
      text: [current ? `Your card expires on ${exp}.` : `Your card expired on ${exp}.`, needs]
        .filter(Boolean)
        .join(' '),
    },
    { kind: 'paragraph', text: nextStep },
  ];
  return {
    code: prereq.code,
    sortKey: current ? prereq.expiresOn : input.asOf,
    subject,
    blocks,
    ...(current && {
      calendar: {
        uid: calendarEventUid(input.trainer.id, prereq.code, prereq.expiresOn),
        date: prereq.expiresOn,
        summary: `Recert: your ${card} expires`,
        description: [`${subject}.`, needs].filter(Boolean).join(' '),
      },
    }),
  };
}

function actionsFor(input: ReminderInput): Action[] {
  if (input.due.length === 0) throw new RenderInputError('due', input.due, 'nothing is due: no reminder to render');
  const seen = new Set<string>();
  const actions: Action[] = [];
  input.due.forEach((item, index) => {
    if (seen.has(item.code)) return;
    seen.add(item.code);
    const cert = input.evaluation.certifications.find((c) => c.code === item.code);
    const prereq = input.evaluation.prerequisites.find((p) => p.code === item.code);
    if (cert) actions.push(certificationAction(cert, input));
    else if (prereq) actions.push(prerequisiteAction(prereq, input));
    else throw new RenderInputError(`due[${index}].code`, item.code, 'not in the evaluation');
  });
  return actions.sort((a, b) => a.sortKey.localeCompare(b.sortKey) || a.code.localeCompare(b.code));
}

function otherCertifications(input: ReminderInput, dueCodes: ReadonlySet<string>): Block[] {
  const others = input.evaluation.certifications.filter((c) => !dueCodes.has(c.code));
  if (others.length === 0) return [];
  return [
    { kind: 'heading', text: 'Your other certifications' },
    {
      kind: 'list',
      items: others.map(
        (c) =>
          `${c.code}: ${progressPhrase(c.unitsEarned, c.unitsRequired, c.unit)}, expires ${formatLongDate(c.expiresOn)}`,
      ),
    },
  ];
}

/** The daily reminder: one email merging everything due for one trainer, most urgent first. Pure. */
export function renderReminder(input: ReminderInput): EmailMessage {
  const statusUrl = checkLink(input.links.statusUrl, 'links.statusUrl');
  const unsubscribeUrl = checkLink(input.links.unsubscribeUrl, 'links.unsubscribeUrl');
  formatLongDate(input.asOf, 'asOf');
  const actions = actionsFor(input);
  const [first] = actions as [Action, ...Action[]];
  const more = actions.length - 1;
  const subject = oneLine(
    more > 0 ? `${first.subject} (+${more} more ${more === 1 ? 'deadline' : 'deadlines'})` : first.subject,
  );
  const events = actions.flatMap((a) => (a.calendar ? [a.calendar] : []));

  const intro =
    actions.length === 1
      ? 'Here is your next step to keep your certification current.'
      : `You have ${actions.length} things to take care of. The most urgent comes first.`;
  const blocks: Block[] = [
    { kind: 'paragraph', text: intro },
    ...actions.flatMap((a) => a.blocks),
    ...otherCertifications(input, new Set(actions.map((a) => a.code))),
    { kind: 'button', label: 'See your full status', url: statusUrl },
    ...(events.length > 0
      ? [
          {
            kind: 'paragraph' as const,
            text: `The attached calendar file puts ${events.length === 1 ? 'this deadline' : 'these deadlines'} in your calendar, with an alert a week before.`,
          },
        ]
      : []),
  ];
  const layout: Layout = {
    title: subject,
    preheader: first.subject,
    greeting: `Hi ${input.trainer.name.trim()},`,
    blocks,
    footer: {
      reason: 'You get this email because you asked Recert to remind you before your certifications expire.',
      postalAddress: input.sender.postalAddress,
      unsubscribeUrl,
    },
  };
  return composeMessage({
    sender: input.sender,
    to: input.to,
    subject,
    layout,
    unsubscribeUrl,
    attachments: events.length > 0 ? [calendarAttachment(renderCalendarInvite({ now: input.now, events }))] : [],
  });
}
