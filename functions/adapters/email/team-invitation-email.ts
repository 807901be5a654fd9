import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface TeamInvitationInput {
  readonly to: string;
  readonly teamName: string;
  /** The last calendar day (UTC, `YYYY-MM-DD`) the invitation waits. */
  readonly validUntil: string;
  /** Where a trainer asks for a fresh status-page link (`/status-link`). */
  readonly statusLinkUrl: string;
  /** The sign-up form (`/`). */
  readonly signupUrl: string;
  readonly sender: SenderConfig;
}

export const teamInvitationSubject = (teamName: string) => `${teamName} invites you to share your certification status`;

/**
 * An invitation to a team (ADR 0033). The same email to every address, trainer or not: it carries no link that only
 * a trainer could use, so it tells nobody, the team included, whether the address belongs to a Recert trainer. The
 * answer is given on the trainer's own status page, which they reach the usual way.
 */
export function renderTeamInvitation(input: TeamInvitationInput): EmailMessage {
  const until = formatLongDate(input.validUntil, 'validUntil');
  const subject = teamInvitationSubject(input.teamName);
  const layout: Layout = {
    title: subject,
    preheader: `Nothing is shared unless you accept, on your Recert status page, by ${until}.`,
    greeting: 'Hi,',
    blocks: [
      {
        kind: 'paragraph',
        text: `${input.teamName} uses Recert to see that their trainers' certifications and CPR/AED cards are current, and invited this address to their team.`,
      },
      {
        kind: 'paragraph',
        text: 'If you join, they see your name, each certification on your record (current, in the late-renewal window or lapsed, with the expiry date) and whether your CPR/AED card is current. Never your email address, your courses or our advice. You can leave at any time.',
      },
      {
        kind: 'links',
        title: `To answer, open your Recert status page by ${until} and choose Join or Decline under "Teams":`,
        items: [
          { label: 'Already on Recert: email me my status link', url: checkLink(input.statusLinkUrl, 'statusLinkUrl') },
          { label: 'New to Recert: sign up with this address', url: checkLink(input.signupUrl, 'signupUrl') },
        ],
      },
      {
        kind: 'paragraph',
        text: 'Did not expect this? Ignore it: nothing is shared unless you join.',
      },
    ],
    footer: {
      reason: `You get this email because ${input.teamName} invited this address to their team on Recert.`,
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject, layout });
}
