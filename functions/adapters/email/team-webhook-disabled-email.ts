import { composeMessage } from './compose-message.js';
import type { Layout } from './layout.js';
import { checkLink, type EmailMessage, type SenderConfig } from './message.js';

export interface TeamWebhookDisabledInput {
  readonly to: string;
  readonly teamName: string;
  readonly endpointId: string;
  /** The endpoint's URL as registered: the manager recognises their own system by it. */
  readonly url: string;
  /** The last answer, in plain words ("answered 500", "timed out"). */
  readonly lastError: string;
  /** The manager's page, with a fresh `team-manager` token: its delivery log shows each attempt. */
  readonly teamUrl: string;
  readonly sender: SenderConfig;
}

export const teamWebhookDisabledSubject = (teamName: string) =>
  `${teamName}: your Recert webhook endpoint was turned off`;

/** The one command that turns a disabled endpoint back on (docs/teams.md). */
export const enableCommand = (endpointId: string) => `npm run team -- webhook enable --endpoint ${endpointId}`;

/**
 * Sent once when an endpoint is turned off after an event failed for about 24 hours (ADR 0035). Transactional and
 * rare: no list headers.
 */
export function renderTeamWebhookDisabled(input: TeamWebhookDisabledInput): EmailMessage {
  const subject = teamWebhookDisabledSubject(input.teamName);
  const layout: Layout = {
    title: subject,
    preheader: 'Status changes of your trainers are no longer sent to it until it is turned back on.',
    greeting: 'Hi,',
    blocks: [
      {
        kind: 'paragraph',
        text: `Your webhook endpoint ${input.endpointId} (${input.url}) was turned off after failing for 24 hours. The last attempt: ${input.lastError}. Until it is turned back on, status changes of your trainers are not sent to it; the team page still shows them.`,
      },
      {
        kind: 'paragraph',
        text: `Once it answers again, turn it back on with: ${enableCommand(input.endpointId)} (whoever set up Recert for your team runs it). Changes that happen after that are sent again.`,
      },
      { kind: 'button', label: 'See the delivery log', url: checkLink(input.teamUrl, 'teamUrl') },
    ],
    footer: {
      reason: `You get this email because this address is the manager of ${input.teamName} on Recert.`,
      postalAddress: input.sender.postalAddress,
    },
  };
  return composeMessage({ sender: input.sender, to: input.to, subject, layout });
}
