import {
  type CalendarDate,
  type CertificationEvaluation,
  type PrerequisiteEvaluation,
  SNOOZE_LENGTHS,
  type SnoozeLength,
  snoozeUntil,
} from '../../../core/index.js';
import type { Block } from './layout.js';
import { checkLink } from './message.js';

/**
 * What a reminder's action link lets the trainer record in one step. The email only names the action; the link's
 * signed token carries it, and the page it opens asks for what is left (a date, the units) or what it will do (a
 * snooze) before anything changes.
 */
export type ReminderAction =
  | { readonly kind: 'cpr' }
  | { readonly kind: 'specialization'; readonly code: string }
  | { readonly kind: 'course'; readonly certification: string }
  | { readonly kind: 'snooze'; readonly certification: string; readonly length: SnoozeLength };

/** The words of each snooze a reminder offers. */
export const SNOOZE_LABELS: Readonly<Record<SnoozeLength, string>> = {
  '2-weeks': 'Snooze this for 2 weeks',
  '1-month': 'I’m on it — remind me in a month',
};

/** Mints the link for one action (a signed, single-use token); given by the caller so rendering stays pure. */
export type ActionLink = (action: ReminderAction) => string;

/** Recommendations a course fills: the body's approved CE, a CE category, ethics. */
const COURSE_CODES = /^(APPROVED-CE|ETHICS-CE|CE-CATEGORY-.+)$/;

interface LabelledAction {
  readonly label: string;
  readonly action: ReminderAction;
}

function actionsFor(cert: CertificationEvaluation): LabelledAction[] {
  return cert.recommendations.flatMap((rec): LabelledAction[] => {
    if (rec.code === 'CPR-AED') return [{ label: 'I renewed my CPR/AED card', action: { kind: 'cpr' } }];
    const specializations = (rec.options ?? []).map(
      (option): LabelledAction => ({
        label: `I completed ${option.code}`,
        action: { kind: 'specialization', code: option.code },
      }),
    );
    const course: LabelledAction[] =
      COURSE_CODES.test(rec.code) || rec.alternative?.code === 'APPROVED-CE'
        ? [{ label: 'I completed a course', action: { kind: 'course', certification: cert.code } }]
        : [];
    return [...specializations, ...course];
  });
}

/**
 * "Done already?" links under a certification's advice, each action once. `cardLinkElsewhere`: the email's own card
 * section already offers "I renewed my CPR/AED card", so it is not offered twice.
 */
export function certificationActionBlocks(
  cert: CertificationEvaluation,
  link: ActionLink | undefined,
  cardLinkElsewhere = false,
): Block[] {
  if (!link) return [];
  const seen = new Set<string>();
  const items = actionsFor(cert)
    .filter(({ action }) => !(cardLinkElsewhere && action.kind === 'cpr'))
    .filter(({ label }) => !seen.has(label) && Boolean(seen.add(label)))
    .map(({ label, action }) => ({ label, url: checkLink(link(action), 'links.reminderAction') }));
  return items.length > 0 ? [{ kind: 'links', title: 'Done already? Record it in one step:', items }] : [];
}

/**
 * "Not now?" links under a certification's advice: each snooze that would move its next reminder on `asOf` (none once
 * the last week before its finish-CE date or its expiry notice comes first: those always come).
 */
export function snoozeBlocks(cert: CertificationEvaluation, link: ActionLink | undefined, asOf: CalendarDate): Block[] {
  if (!link) return [];
  const items = SNOOZE_LENGTHS.filter((length) => snoozeUntil(cert.milestones, asOf, length) !== null).map(
    (length) => ({
      label: SNOOZE_LABELS[length],
      url: checkLink(link({ kind: 'snooze', certification: cert.code, length }), 'links.reminderAction'),
    }),
  );
  return items.length > 0 ? [{ kind: 'links', title: 'Not now?', items }] : [];
}

/** The card reminder's own link. */
export function cardActionBlocks(_card: PrerequisiteEvaluation, link: ActionLink | undefined): Block[] {
  if (!link) return [];
  return [
    {
      kind: 'links',
      title: 'Done already?',
      items: [{ label: 'I renewed my CPR/AED card', url: checkLink(link({ kind: 'cpr' }), 'links.reminderAction') }],
    },
  ];
}

/**
 * A reminder action and the day its reminder was sent, as a token's `ref`: `cpr`, `specialization:NASM-CES`,
 * `course:NASM-CPT`, `snooze:2-weeks:NASM-CPT`, then `@2027-03-02`.
 */
export function actionRef(action: ReminderAction, sentOn: string): string {
  const what =
    action.kind === 'cpr'
      ? 'cpr'
      : action.kind === 'specialization'
        ? `specialization:${action.code}`
        : action.kind === 'course'
          ? `course:${action.certification}`
          : `snooze:${action.length}:${action.certification}`;
  return `${what}@${sentOn}`;
}

export interface ReadActionRef {
  readonly action: ReminderAction;
  readonly sentOn: string;
}

/** The action a token's `ref` names, or undefined for anything `actionRef` did not write. */
const REF = new RegExp(
  '^(cpr|specialization:([A-Z0-9-]{1,40})|course:([A-Z0-9-]{1,40})|' +
    `snooze:(${SNOOZE_LENGTHS.join('|')}):([A-Z0-9-]{1,40}))@(\\d{4}-\\d{2}-\\d{2})$`,
);

export function readActionRef(ref: string | undefined): ReadActionRef | undefined {
  const match = REF.exec(ref ?? '');
  if (!match) return undefined;
  const [, what = '', specialization, certification, length, snoozed, sentOn = ''] = match;
  if (what === 'cpr') return { action: { kind: 'cpr' }, sentOn };
  if (specialization) return { action: { kind: 'specialization', code: specialization }, sentOn };
  if (certification) return { action: { kind: 'course', certification }, sentOn };
  const snoozeLength = SNOOZE_LENGTHS.find((known) => known === length);
  return snoozeLength && snoozed
    ? { action: { kind: 'snooze', certification: snoozed, length: snoozeLength }, sentOn }
    : undefined;
}
