import type { CertificationEvaluation } from '../../../core/index.js';
import type { Block } from './layout.js';
import { adviceItems, deadlineRows, earnedPhrase } from './phase-text.js';
import { formatAmount } from './units.js';

/** Email blocks for one certification, all rendered from its phase and recommendations. */

/** How full the bar is: never past the end, however many units over the requirement the trainer is. */
export function progressFraction(cert: CertificationEvaluation): number {
  return cert.unitsRequired > 0 ? Math.min(1, cert.unitsEarned / cert.unitsRequired) : 1;
}

export function progressBlock(cert: CertificationEvaluation): Block {
  const rest = cert.unitsRemaining > 0 ? `, ${formatAmount(cert.unitsRemaining, cert.unitsRequired)} to go` : '';
  return { kind: 'progress', label: `Progress: ${earnedPhrase(cert)}${rest}`, fraction: progressFraction(cert) };
}

/** Each recommendation once: plain actions as one list, a choice of specializations as its own list. */
export function adviceBlocks(cert: CertificationEvaluation): Block[] {
  const blocks: Block[] = [];
  let actions: string[] = [];
  const flush = () => {
    if (actions.length > 0) blocks.push({ kind: 'list', title: 'What to do', items: actions });
    actions = [];
  };
  for (const item of adviceItems(cert)) {
    if (item.kind === 'action') {
      actions.push(item.text);
      continue;
    }
    flush();
    blocks.push({ kind: 'list', title: item.lead, items: item.options });
    if (item.alternative) blocks.push({ kind: 'paragraph', text: item.alternative });
  }
  flush();
  return blocks;
}

/** Said next to the advice: rules Recert could not confirm or cannot check. */
export function cautionBlocks(cert: CertificationEvaluation): Block[] {
  return cert.phase.cautions.map((caution) => ({ kind: 'paragraph', text: `Note: ${caution}` }));
}

/**
 * The phase's dates with the page's labels, absolute only: an email is read days after it is sent, when "150 days
 * from now" is wrong. The page, rendered when it is read, adds the countdown; a passed date's label says so itself.
 */
export function datesBlock(cert: CertificationEvaluation, asOf: string): Block[] {
  const rows = deadlineRows(cert, asOf).map((row) => [row.label, row.date] as const);
  return rows.length > 0 ? [{ kind: 'facts', title: 'Dates', rows }] : [];
}

export function feesBlock(cert: CertificationEvaluation): Block[] {
  const fees = cert.phase.fees.map((fee) => fee.label);
  return fees.length > 0 ? [{ kind: 'list', title: 'Fees', items: fees }] : [];
}
