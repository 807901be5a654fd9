/**
 * "Status-change webhooks" on the manager's page (ADR 0035): each endpoint with its state and its recent deliveries
 * (event, status, attempts, last error in plain words, when). Shown only when the team has an endpoint; endpoints are
 * registered by whoever set the team up (`npm run team -- webhook add`). Never a secret.
 */
import { formatLongDate } from '../../core/index.js';
import type { DeliveryLogEntry, WebhookEndpoint } from '../adapters/dynamodb/team-webhook-repository.js';
import { escapeHtml } from '../common/http.js';

/** Deliveries listed per endpoint on the page; the log itself keeps 30 days. */
export const DELIVERIES_SHOWN = 20;

export interface TeamWebhooksView {
  readonly endpoints: readonly Pick<WebhookEndpoint, 'endpointId' | 'url' | 'state' | 'disabledAt'>[];
  /** Newest first. */
  readonly deliveries: readonly DeliveryLogEntry[];
}

const STATUS_WORDS: Readonly<Record<DeliveryLogEntry['status'], string>> = {
  delivered: 'Delivered',
  retrying: 'Failed, trying again',
  failed: 'Failed for 24 hours',
  skipped: 'Not sent',
};

const when = (instant: string) => `${formatLongDate(instant.slice(0, 10))}, ${instant.slice(11, 16)} UTC`;

function deliveryItem(entry: DeliveryLogEntry): string {
  const attempts = entry.attempts === 1 ? '1 attempt' : `${entry.attempts} attempts`;
  const error = entry.lastError ? ` · ${escapeHtml(entry.lastError)}` : '';
  return `<li data-status="${entry.status}"><strong>${STATUS_WORDS[entry.status]}</strong> · change #${entry.sequence} · ${attempts}${error}
<p class="meta">${escapeHtml(when(entry.at))} · event ${escapeHtml(entry.eventId)}</p></li>`;
}

function endpointBlock(
  endpoint: TeamWebhooksView['endpoints'][number],
  deliveries: readonly DeliveryLogEntry[],
): string {
  const state =
    endpoint.state === 'active'
      ? '<p class="status-active">On: status changes are sent to it.</p>'
      : `<p class="status-lapsed">Turned off${endpoint.disabledAt ? ` on ${escapeHtml(formatLongDate(endpoint.disabledAt.slice(0, 10)))}` : ''} after failing for 24 hours. Whoever set up your team turns it back on with <code>npm run team -- webhook enable --endpoint ${escapeHtml(endpoint.endpointId)}</code>.</p>`;
  const own = deliveries.filter((entry) => entry.endpointId === endpoint.endpointId).slice(0, DELIVERIES_SHOWN);
  const table =
    own.length === 0
      ? '<p class="meta">Nothing sent yet.</p>'
      : `<h4>Recent deliveries</h4><ul class="entries">${own.map(deliveryItem).join('')}</ul>`;
  return `<article data-endpoint="${escapeHtml(endpoint.endpointId)}"><h3>${escapeHtml(endpoint.url)}</h3>
<p class="meta">Endpoint ${escapeHtml(endpoint.endpointId)}</p>${state}${table}</article>`;
}

export function teamWebhooksSection(view: TeamWebhooksView | undefined): string {
  if (!view || view.endpoints.length === 0) return '';
  return `<section class="card tight" id="webhooks" aria-labelledby="webhooks-title"><h2 id="webhooks-title">Status-change webhooks</h2>
<p>Your systems get a signed message when a member's status changes (a phase, an expiry, their CPR/AED card).</p>
${view.endpoints.map((endpoint) => endpointBlock(endpoint, view.deliveries)).join('\n')}</section>`;
}
