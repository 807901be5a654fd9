import type { CertificationEvaluation } from '../../../core/index.js';
import type { Block } from './layout.js';
import { adviceItems, deadlineRows } from './phase-text.js';
import { formatAmount, progressPhrase } from './units.js';

/** Email blocks for one certification, all rendered from its phase and recommendations. */

export function progressBlock(cert: CertificationEvaluation): Block {
  const earned = progressPhrase(cert.unitsEarned, cert.unitsRequired, cert.unit);
  const rest = cert.unitsRemaining > 0 ? `, ${formatAmount(cert.unitsRemaining, cert.unitsRequired)} to go` : '';
  const fraction = cert.unitsRequired > 0 ? cert.unitsEarned / cert.unitsRequired : 1;
  return { kind: 'progress', label: `Progress: ${earned} earned${rest}`, fraction };
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

export function datesBlock(cert: CertificationEvaluation, asOf: string): Block[] {
  // `when` reads `passed` for a date already behind (the expiry, once expired).
  const rows = deadlineRows(cert, asOf).map((row) => [row.label, `${row.date} (${row.when})`] as const);
  return rows.length > 0 ? [{ kind: 'facts', title: 'Dates', rows }] : [];
}

export function feesBlock(cert: CertificationEvaluation): Block[] {
  const fees = cert.phase.fees.map((fee) => fee.label);
  return fees.length > 0 ? [{ kind: 'list', title: 'Fees', items: fees }] : [];
}
