import type {
  CertificationEvaluation,
  Evaluation,
  PhaseDeadline,
  PhaseKind,
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
import { formatLongDate } from './dates.js';
import type { Block, Layout } from './layout.js';
import { checkLink, type EmailMessage, oneLine, type SenderConfig } from './message.js';
import { adviceBlocks, cautionBlocks, datesBlock, feesBlock, progressBlock } from './phase-blocks.js';
import { nextDeadline, showsProgress, whenPhrase } from './phase-text.js';
import { RenderInputError } from './render-input-error.js';
import { amountPhrase } from './units.js';

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

function inDays(asOf: string, date: string): string {
  return whenPhrase(asOf, date, false);
}

function heading(code: string, name: string): string {
  return name.includes(code) ? name : `${code}: ${name}`;
}

/** The subject for one certification: its phase, with the date that phase is about. */
function subjectFor(cert: CertificationEvaluation): string {
  const { code, body, phase } = cert;
  const on = (kind: PhaseDeadline['kind']) => {
    const deadline = phase.deadlines.find((d) => d.kind === kind);
    return deadline ? formatLongDate(deadline.on) : undefined;
  };
  const expired = on('expires') ?? formatLongDate(cert.expiresOn);
  const next = nextDeadline(cert);
  const nextOn = next ? formatLongDate(next.on) : expired;
  switch (phase.kind) {
    case 'on-track': {
      const toGo =
        cert.unitsRemaining > 0 ? `: ${amountPhrase(cert.unitsRemaining, cert.unitsRequired, cert.unit)} to go` : '';
      return `Finish your ${code} CE by ${on('finish-ce') ?? nextOn}${toGo}`;
    }
    case 'behind':
      return `Your ${code} expires on ${expired}: finish your CE now`;
    case 'ready-to-submit':
      return `Ready to renew: submit your ${code} renewal by ${expired}`;
    case 'late-ce-window':
      return `Your ${code} expired on ${expired}: late CE accepted until ${on('late-ce') ?? on('renew-late') ?? nextOn}`;
    case 'renewal-window-late-fee':
      return `Your ${code} expired on ${expired}: submit your late renewal by ${on('renew-late') ?? nextOn}`;
    case 'reinstatement':
      return `Your ${code} has lapsed: reinstate it by ${on('reinstate') ?? nextOn}`;
    case 'lapsed-retest':
      return `Your ${code} has lapsed: only passing the exam again restores it`;
    case 'unknown-window':
      return `Your ${code} expired on ${expired}: check with ${body} whether you can still renew`;
  }
}

/**
 * Raised as a certification moves on within one cycle (same UID), so calendars accept the moved event. Never lower
 * than the numbers earlier versions used for the same step (countdown 0, ready 1, grace 2, reinstate 3).
 */
const SEQUENCE: Readonly<Record<PhaseKind, number>> = {
  'on-track': 0,
  behind: 1,
  'ready-to-submit': 2,
  'late-ce-window': 3,
  'unknown-window': 3,
  'renewal-window-late-fee': 4,
  reinstatement: 5,
  'lapsed-retest': 6,
};

function certificationAction(cert: CertificationEvaluation, input: ReminderInput): Action {
  const { asOf } = input;
  const next = nextDeadline(cert);
  const blocks: Block[] = [
    { kind: 'heading', text: heading(cert.code, cert.name) },
    { kind: 'paragraph', text: cert.phase.summary },
    ...(showsProgress(cert.phase.kind) ? [progressBlock(cert)] : []),
    ...adviceBlocks(cert),
    ...cautionBlocks(cert),
    ...datesBlock(cert, asOf),
    ...feesBlock(cert),
  ];
  return {
    code: cert.code,
    sortKey: next?.on ?? NO_DATE,
    subject: subjectFor(cert),
    blocks,
    ...(next && {
      calendar: {
        uid: calendarEventUid(input.trainer.id, cert.code, cert.expiresOn),
        date: next.on,
        summary: `Recert: ${next.label} ${formatLongDate(next.on)} (${cert.code})`,
        description: cert.phase.summary,
        sequence: SEQUENCE[cert.phase.kind],
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
      items: others.map((c) => c.phase.summary),
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
