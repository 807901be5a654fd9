import { composeMessage } from './compose-message.js';
import { formatLongDate } from './dates.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface StatusLinkInput {
  readonly to: string;
  /** A fresh status-page link (token purpose `status`). */
  readonly statusUrl: string;
  /** How many days the link works, as the token service issues it. */
  readonly validDays: number;
  /** The last calendar day (UTC, `YYYY-MM-DD`) the link works. */
  readonly validUntil: string;
  readonly sender: SenderConfig;
}

export const STATUS_LINK_SUBJECT = 'Your Recert status link';

/**
 * Sent when a trainer asks for their link again ("Email me a fresh link", at most once an hour): a transactional
 * answer to their own request, so it goes to unsubscribed trainers too, and carries no list headers.
 */
export function renderStatusLink(input: StatusLinkInput): EmailMessage {
  const statusUrl = checkLink(input.statusUrl, 'statusUrl');
  const until = formatLongDate(input.validUntil, 'validUntil');
  const layout: Layout = {
    title: STATUS_LINK_SUBJECT,
    preheader: `A fresh link to your status page, valid until ${until}.`,
    greeting: 'Hi,',
    blocks: [
      {
        kind: 'paragraph',
        text: 'Someone, hopefully you, asked for a fresh link to the Recert status page of this address. Here it is.',
      },
      { kind: 'button', label: 'Open my status page', url: statusUrl },
      {
        kind: 'paragraph',
        text: `The link works for ${input.validDays} days, until ${until}. Anyone with it can see and change your record, so do not forward this email. Once it has expired, opening it offers to email you a new one.`,
      },
      {
        kind: 'paragraph',
        text: 'If you did not ask for it, you can ignore this email: nothing changed, and only someone who reads this inbox can use the link.',
      },
    ],
    footer: {
      reason: 'You get this email because this address was entered on the Recert "Email me a fresh link" form.',
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject: STATUS_LINK_SUBJECT, layout });
}
