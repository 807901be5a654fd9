import type {
  CertificationEvaluation,
  Evaluation,
  PhaseDeadline,
  PrerequisiteEvaluation,
  ReminderMilestone,
} from '../../../core/index.js';
import type { RenderPng } from '../cycle-timeline/index.js';
import { calendarDeadlines, cardName } from './calendar-deadlines.js';
import { calendarAttachment, renderCalendarInvite } from './calendar-invite.js';
import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Block, Layout } from './layout.js';
import { checkLink, type EmailMessage, type InlineImage, oneLine, type SenderConfig } from './message.js';
import { adviceBlocks, cautionBlocks, datesBlock, feesBlock, progressBlock } from './phase-blocks.js';
import { nextDeadline, showsProgress, submitStep } from './phase-text.js';
import { type ActionLink, cardActionBlocks, certificationActionBlocks, snoozeBlocks } from './reminder-actions.js';
import { RenderInputError } from './render-input-error.js';
import { timelineImage } from './timeline-image.js';
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
  /** Mints each "Done already?" link; without it the email carries none. */
  readonly actionLink?: ActionLink;
  /** Draws each due certification's cycle timeline as a PNG; without it (or when it draws nothing) there is none. */
  readonly renderPng?: RenderPng;
  readonly sender: SenderConfig;
}

/** What one due credential asks of the trainer, in both parts of the email. */
interface Action {
  readonly code: string;
  /** The date the trainer must act by; orders the email, most urgent first. */
  readonly sortKey: string;
  readonly subject: string;
  readonly blocks: readonly Block[];
  /** The pictures its blocks show. */
  readonly images?: readonly InlineImage[];
}

const NO_DATE = '9999-12-31';

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
  // The same renewal step, with the same date, as the credit email says for this phase.
  const step = submitStep(cert);
  switch (phase.kind) {
    case 'on-track': {
      const toGo =
        cert.unitsRemaining > 0 ? `: ${amountPhrase(cert.unitsRemaining, cert.unitsRequired, cert.unit)} to go` : '';
      return `Finish your ${code} CE by ${on('finish-ce') ?? nextOn}${toGo}`;
    }
    case 'behind':
      return `Your ${code} expires on ${expired}: finish your CE now`;
    case 'ready-to-submit':
      return `Ready to renew: submit your ${code} renewal by ${step ? formatLongDate(step.on) : expired}`;
    case 'late-ce-window':
      return `Your ${code} expired on ${expired}: late CE accepted until ${on('late-ce') ?? on('renew-late') ?? nextOn}`;
    case 'renewal-window-late-fee':
      return `Your ${code} expired on ${expired}: ${step?.text ?? `submit your late renewal by ${nextOn}`}`;
    case 'expired-ce-short':
      return `Your ${code} expired on ${expired} short of CE: log what you finished by then, or ask ${body}`;
    case 'reinstatement':
      return `Your ${code} has lapsed: reinstate it by ${on('reinstate') ?? nextOn}`;
    case 'lapsed-retest':
      return `Your ${code} has lapsed: only passing the exam again restores it`;
    case 'unknown-window':
      return `Your ${code} expired on ${expired}: check with ${body} whether you can still renew`;
  }
}

/** The CPR/AED card has its own section in this email (and so its own "I renewed" link). */
function cardDueToo(input: ReminderInput): boolean {
  return input.due.some((item) => input.evaluation.prerequisites.some((prereq) => prereq.code === item.code));
}

function certificationAction(cert: CertificationEvaluation, input: ReminderInput): Action {
  const { asOf } = input;
  const next = nextDeadline(cert);
  const timeline = timelineImage(cert, input.evaluation, input.renderPng);
  const blocks: Block[] = [
    { kind: 'heading', text: heading(cert.code, cert.name) },
    { kind: 'paragraph', text: cert.phase.summary },
    ...(showsProgress(cert.phase.kind) ? [progressBlock(cert)] : []),
    ...adviceBlocks(cert),
    ...certificationActionBlocks(cert, input.actionLink, cardDueToo(input)),
    ...snoozeBlocks(cert, input.actionLink, asOf),
    ...cautionBlocks(cert),
    ...(timeline ? [timeline.block] : []),
    ...datesBlock(cert, asOf),
    ...feesBlock(cert),
  ];
  return {
    code: cert.code,
    sortKey: next?.on ?? NO_DATE,
    subject: subjectFor(cert),
    blocks,
    ...(timeline ? { images: [timeline.image] } : {}),
  };
}

function prerequisiteAction(prereq: PrerequisiteEvaluation, input: ReminderInput): Action {
  const card = cardName(prereq);
  const exp = formatLongDate(prereq.expiresOn);
  const needs =
    prereq.requiredBy.length > 0 ? `${prereq.requiredBy.join(' and ')} needs a current card to renew.` : undefined;
  const current = prereq.status === 'current';
  const subject = current ? `Renew your ${card} by ${exp}` : `Your ${card} expired on ${exp}: renew it`;
  // A date, never "in 30 days": the email is read, and kept, long after the day it was sent.
  const nextStep = current
    ? `Next step: renew it (${prereq.name}) by ${exp}.`
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
    ...cardActionBlocks(prereq, input.actionLink),
  ];
  return {
    code: prereq.code,
    sortKey: current ? prereq.expiresOn : input.asOf,
    subject,
    blocks,
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
      // One line each, as a subject would say it: a phase summary speaks of "what is below", which is not here.
      items: others.map(subjectFor),
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
  // Every deadline the trainer has, not only what is due today: the events carry no link (status links hold a bearer
  // token, and calendars are shared and synced far more widely than a mailbox) and are the same on every send.
  const events = calendarDeadlines(input.trainer.id, input.evaluation);

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
            text:
              events.length === 1
                ? 'The attached calendar file puts your deadline in your calendar, with an alert a week before.'
                : `The attached calendar file puts ${events.length === 2 ? 'both' : `all ${events.length}`} of your deadlines in your calendar, each with an alert a week before.`,
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
    images: actions.flatMap((action) => action.images ?? []),
  });
}
