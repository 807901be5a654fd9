import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Block, Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface TeamDigestInput {
  readonly to: string;
  readonly teamName: string;
  /** "3 of 12 need attention", as the team page says it. */
  readonly summary: string;
  /** One line per member who needs attention (`Sam Lee: NASM-CPT lapsed …`), in the page's order. */
  readonly needsAttention: readonly string[];
  /** Members up to date. */
  readonly upToDate: number;
  /** One line per member who left last month (`Sam Lee left the team on 3 Nov 2026.`). */
  readonly departures: readonly string[];
  /** Invitations not accepted yet. */
  readonly invitationsWaiting: number;
  /** The team page, with a fresh `team-manager` token. */
  readonly teamUrl: string;
  /** The last calendar day (UTC) that link works. */
  readonly validUntil: string;
  readonly sender: SenderConfig;
}

export const teamDigestSubject = (teamName: string, summary: string) => `${teamName}: ${summary}`;

/** The monthly summary a manager gets (ADR 0033): who needs attention, who left, and a fresh link to the page. */
export function renderTeamDigest(input: TeamDigestInput): EmailMessage {
  const until = formatLongDate(input.validUntil, 'validUntil');
  const subject = teamDigestSubject(input.teamName, input.summary);
  const blocks: Block[] = [{ kind: 'paragraph', text: `${input.summary}.` }];
  if (input.needsAttention.length > 0) {
    blocks.push({ kind: 'list', title: 'Needs attention', items: input.needsAttention });
  }
  if (input.upToDate > 0 && input.needsAttention.length > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `${input.upToDate} ${input.upToDate === 1 ? 'other is' : 'others are'} up to date.`,
    });
  }
  if (input.departures.length > 0) blocks.push({ kind: 'list', title: 'Left last month', items: input.departures });
  if (input.invitationsWaiting > 0) {
    blocks.push({
      kind: 'paragraph',
      text: `${input.invitationsWaiting === 1 ? '1 invitation is' : `${input.invitationsWaiting} invitations are`} not accepted yet.`,
    });
  }
  blocks.push(
    { kind: 'button', label: 'Open the team roster', url: checkLink(input.teamUrl, 'teamUrl') },
    {
      kind: 'paragraph',
      text: `The link works until ${until}. Anyone with it can see your roster, so do not forward this email.`,
    },
  );
  const layout: Layout = {
    title: subject,
    preheader: `Your monthly team summary: ${input.summary}.`,
    greeting: 'Hi,',
    blocks,
    footer: {
      reason: `You get this monthly summary because this address manages ${input.teamName} on Recert. It stops when the team is deleted from its page.`,
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject, layout });
}
