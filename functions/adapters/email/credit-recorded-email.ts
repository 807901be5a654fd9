import type { Activity, CertificationEvaluation } from '../../../core/index.js';
import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Block, Layout } from './layout.js';
import { checkLink, type EmailMessage, oneLine, type SenderConfig } from './message.js';
import { adviceBlocks, cautionBlocks, progressFraction } from './phase-blocks.js';
import { earnedPhrase, submitStep, unitsPhrase } from './phase-text.js';
import { RenderInputError } from './render-input-error.js';
import { amountPhrase } from './units.js';

export interface CreditRecordedInput {
  readonly name: string;
  readonly to: string;
  /** The credit that just landed, with the units each body approved. */
  readonly credit: Pick<Activity, 'title' | 'completedOn' | 'units'>;
  /** The re-evaluated certifications the credit counts toward; the first one names the subject. */
  readonly certifications: readonly CertificationEvaluation[];
  readonly statusUrl: string;
  readonly unsubscribeUrl: string;
  readonly sender: SenderConfig;
}

function unitsLine(input: CreditRecordedInput): string {
  const parts = Object.entries(input.credit.units).flatMap(([body, value]) => {
    if (value === undefined) return [];
    const cert = input.certifications.find((c) => c.body === body);
    return [cert ? `${amountPhrase(value, cert.unitsRequired, cert.unit)} (${body})` : `${value} ${body} units`];
  });
  return parts.length > 0 ? parts.join(', ') : 'no units';
}

/**
 * Where the certification now stands: its units (never over 100%), its phase in one sentence, and what to do next.
 * Once the CE is done core advises nothing but the renewal, which the summary says: no course advice follows.
 */
function certificationBlocks(cert: CertificationEvaluation): Block[] {
  return [
    { kind: 'progress', label: `${cert.code}: ${earnedPhrase(cert)}`, fraction: progressFraction(cert) },
    { kind: 'paragraph', text: cert.phase.summary },
    ...adviceBlocks(cert),
    ...cautionBlocks(cert),
  ];
}

/**
 * The subject for the first certification: once the CE is done, that it is and the renewal step with its date (the
 * step the reminder for the same phase names); before, the units so far.
 */
function subjectFor(cert: CertificationEvaluation): string {
  const step = submitStep(cert);
  if (step) return `Credit recorded: your ${cert.code} CE is done — ${step.text}`;
  return `Credit recorded: ${unitsPhrase(cert)} for your ${cert.code}`;
}

/** "Credit recorded" after a provider webhook or an edit: what landed and where the trainer now stands. Pure. */
export function renderCreditRecorded(input: CreditRecordedInput): EmailMessage {
  const statusUrl = checkLink(input.statusUrl, 'statusUrl');
  const unsubscribeUrl = checkLink(input.unsubscribeUrl, 'unsubscribeUrl');
  const [first] = input.certifications;
  if (!first) throw new RenderInputError('certifications', input.certifications, 'at least one certification needed');
  const subject = oneLine(subjectFor(first));
  const layout: Layout = {
    title: subject,
    preheader: `${input.credit.title} is on your record.`,
    greeting: `Hi ${input.name.trim()},`,
    blocks: [
      {
        kind: 'paragraph',
        text: `We recorded ${input.credit.title}, completed on ${formatLongDate(input.credit.completedOn, 'credit.completedOn')}: ${unitsLine(input)}.`,
      },
      ...input.certifications.flatMap(certificationBlocks),
      { kind: 'button', label: 'See your full status', url: statusUrl },
    ],
    footer: {
      reason: 'You get this email because you asked Recert to track your continuing education.',
      postalAddress: input.sender.postalAddress,
      unsubscribeUrl,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject, layout, unsubscribeUrl });
}
