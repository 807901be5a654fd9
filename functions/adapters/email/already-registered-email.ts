import { composeMessage } from './compose-message.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export const ALREADY_REGISTERED_SUBJECT = 'You are already signed up for Recert';

/**
 * Sent instead of a confirmation when a confirmed address is submitted again (at most once per 24 h, like the
 * confirmation): the owner gets a fresh status-page link, everyone else learns nothing from the form.
 */
export function renderAlreadyRegistered(input: { to: string; statusUrl: string; sender: SenderConfig }): EmailMessage {
  const layout: Layout = {
    title: ALREADY_REGISTERED_SUBJECT,
    preheader: 'Here is the link to your status page.',
    greeting: 'Hi,',
    blocks: [
      {
        kind: 'paragraph',
        text: 'Someone, hopefully you, entered this address on the Recert sign-up form. It is already confirmed, so nothing changed.',
      },
      { kind: 'button', label: 'Open my status page', url: checkLink(input.statusUrl, 'statusUrl') },
      {
        kind: 'paragraph',
        text: 'From your status page you can update your certifications, export or delete your data. If this was not you, ignore this email.',
      },
    ],
    footer: {
      reason: 'You get this email because this address was entered on the Recert sign-up form.',
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject: ALREADY_REGISTERED_SUBJECT, layout });
}
