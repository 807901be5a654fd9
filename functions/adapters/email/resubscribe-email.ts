import { composeMessage } from './compose-message.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export const RESUBSCRIBE_SUBJECT = 'Turn your Recert reminders back on';

/**
 * The opt-in after an unsubscribe, asked for from the trainer's status page: reminders start again only once this
 * link is used, so a status link in someone else's hands cannot re-enrol an address.
 */
export function renderResubscribe(input: {
  name: string;
  to: string;
  resubscribeUrl: string;
  sender: SenderConfig;
}): EmailMessage {
  const layout: Layout = {
    title: RESUBSCRIBE_SUBJECT,
    preheader: 'One click and your certification reminders start again.',
    greeting: `Hi ${input.name.trim()},`,
    blocks: [
      {
        kind: 'paragraph',
        text: 'You asked, from your Recert status page, to get certification reminders again. Please confirm it was you.',
      },
      { kind: 'button', label: 'Turn my reminders back on', url: checkLink(input.resubscribeUrl, 'resubscribeUrl') },
      {
        kind: 'paragraph',
        text: 'Until you confirm, Recert sends you no reminder. If this was not you, ignore this email and nothing changes.',
      },
    ],
    footer: {
      reason: 'You get this email because reminders were requested again from your Recert status page.',
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject: RESUBSCRIBE_SUBJECT, layout });
}
