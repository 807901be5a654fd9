import { composeMessage } from './compose-message.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface ConfirmationInput {
  readonly name: string;
  readonly to: string;
  /** The confirm page (a GET shows a button; only its POST confirms, so mail scanners change nothing). */
  readonly confirmUrl: string;
  readonly sender: SenderConfig;
}

export const CONFIRMATION_SUBJECT = 'Confirm your email for Recert';

/**
 * The double opt-in email: one link, and a promise that nothing else is sent until it is used. No unsubscribe
 * headers: this address is not on any list yet.
 */
export function renderConfirmation(input: ConfirmationInput): EmailMessage {
  const confirmUrl = checkLink(input.confirmUrl, 'confirmUrl');
  const layout: Layout = {
    title: CONFIRMATION_SUBJECT,
    preheader: 'One click and your certification reminders start.',
    greeting: `Hi ${input.name.trim()},`,
    blocks: [
      {
        kind: 'paragraph',
        text: 'Someone, hopefully you, asked Recert to send certification reminders to this address. Please confirm it is yours.',
      },
      { kind: 'button', label: 'Confirm my email', url: confirmUrl },
      {
        kind: 'paragraph',
        text: 'We send nothing else to this address until you confirm. If you did not sign up, ignore this email and you will not hear from us again.',
      },
    ],
    footer: {
      reason: 'You get this email because this address was entered on the Recert sign-up form.',
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject: CONFIRMATION_SUBJECT, layout });
}
