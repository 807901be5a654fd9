import type { CertificationEvaluation, PrerequisiteEvaluation } from '../../../core/index.js';
import type { Block } from './layout.js';
import { checkLink } from './message.js';

/**
 * What a reminder's action link lets the trainer record in one step. The email only names the action; the link's
 * signed token carries it, and the page it opens asks for what is left (a date, the units) before anything changes.
 */
export type ReminderAction =
  | { readonly kind: 'cpr' }
  | { readonly kind: 'specialization'; readonly code: string }
  | { readonly kind: 'course'; readonly certification: string };

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

/** A reminder action and the day its reminder was sent, as a token's `ref`: `cpr`, `specialization:NASM-CES`, `course:NASM-CPT`, then `@2027-03-02`. */
export function actionRef(action: ReminderAction, sentOn: string): string {
  const what =
    action.kind === 'cpr'
      ? 'cpr'
      : action.kind === 'specialization'
        ? `specialization:${action.code}`
        : `course:${action.certification}`;
  return `${what}@${sentOn}`;
}

export interface ReadActionRef {
  readonly action: ReminderAction;
  readonly sentOn: string;
}

/** The action a token's `ref` names, or undefined for anything `actionRef` did not write. */
export function readActionRef(ref: string | undefined): ReadActionRef | undefined {
  const match = /^(cpr|specialization:([A-Z0-9-]{1,40})|course:([A-Z0-9-]{1,40}))@(\d{4}-\d{2}-\d{2})$/.exec(ref ?? '');
  if (!match) return undefined;
  const [, what = '', specialization, certification, sentOn = ''] = match;
  if (what === 'cpr') return { action: { kind: 'cpr' }, sentOn };
  if (specialization) return { action: { kind: 'specialization', code: specialization }, sentOn };
  return certification ? { action: { kind: 'course', certification }, sentOn } : undefined;
}
