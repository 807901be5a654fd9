import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface TeamManagerLinkInput {
  readonly to: string;
  readonly teamName: string;
  /** The manager's page, with a fresh `team-manager` token. */
  readonly teamUrl: string;
  /** The last calendar day (UTC, `YYYY-MM-DD`) the link works. */
  readonly validUntil: string;
  readonly sender: SenderConfig;
}

export const teamManagerLinkSubject = (teamName: string) => `Your Recert team page for ${teamName}`;

/**
 * The manager's way in (ADR 0033): sent when the operator sets a team up (`npm run team -- add`) or sends a fresh link
 * (`npm run team -- link`). Transactional, one at a time, asked for by the operator: no list headers.
 */
export function renderTeamManagerLink(input: TeamManagerLinkInput): EmailMessage {
  const until = formatLongDate(input.validUntil, 'validUntil');
  const subject = teamManagerLinkSubject(input.teamName);
  const layout: Layout = {
    title: subject,
    preheader: `Invite your trainers and see at a glance whose certifications need attention.`,
    greeting: 'Hi,',
    blocks: [
      {
        kind: 'paragraph',
        text: `${input.teamName} is set up on Recert, with this address as its manager. On the team page you invite your trainers by email. Each trainer decides on their own Recert status page whether to join; once they do, you see their name, their certifications (current, in the late-renewal window or lapsed, with the expiry date) and whether their CPR/AED card is current, with who needs attention first.`,
      },
      { kind: 'button', label: 'Open the team page', url: checkLink(input.teamUrl, 'teamUrl') },
      {
        kind: 'paragraph',
        text: `The link works until ${until}. Anyone with it can see your roster, so do not forward this email. Each monthly summary brings a fresh link.`,
      },
    ],
    footer: {
      reason: `You get this email because this address was set up as the manager of ${input.teamName} on Recert.`,
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject, layout });
}
