/**
 * A team's webhook endpoints, as the operator's CLI manages them (`npm run team -- webhook …`, ADR 0035). The secret
 * is returned once, when it is made; it is never logged.
 */
import type { WebhookEndpoint } from '../../adapters/dynamodb/team-webhook-repository.js';
import { logger } from '../../common/logger.js';
import { generateSecret } from '../../edge/webhook-signature.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { checkEndpoint, type Resolve } from './webhook-address.js';

/** At most this many endpoints per team: each event is one delivery per endpoint. */
export const MAX_ENDPOINTS_PER_TEAM = 5;

export type AddEndpointOutcome =
  | { readonly ok: true; readonly endpoint: WebhookEndpoint; readonly secret: string }
  | { readonly ok: false; readonly problem: string; readonly kind: 'url' | 'team' | 'limit' };

const addressPolicy = (deps: Pick<Dependencies, 'config'>, resolve?: Resolve) => ({
  allowLoopback: deps.config.RECERT_ALLOW_LOOPBACK_WEBHOOKS === '1',
  ...(resolve ? { resolve } : {}),
});

export async function addWebhookEndpoint(
  deps: Dependencies,
  input: { readonly teamId: string; readonly url: string },
  now: Date,
  resolve?: Resolve,
): Promise<AddEndpointOutcome> {
  const team = await deps.repositories.teams.get(input.teamId);
  if (!team) return { ok: false, kind: 'team', problem: `there is no team ${input.teamId}` };
  const checked = await checkEndpoint(input.url, addressPolicy(deps, resolve));
  if (!checked.ok) return { ok: false, kind: 'url', problem: checked.problem };
  const existing = await deps.repositories.teamWebhooks.endpointsOf(team.teamId);
  if (existing.length >= MAX_ENDPOINTS_PER_TEAM) {
    return { ok: false, kind: 'limit', problem: `${team.name} already has ${MAX_ENDPOINTS_PER_TEAM} endpoints` };
  }
  const secret = generateSecret();
  const endpoint = await deps.repositories.teamWebhooks.addEndpoint(team.teamId, { url: input.url, secret }, now);
  logger.info('team webhook endpoint added', { teamId: team.teamId, endpointId: endpoint.endpointId });
  return { ok: true, endpoint, secret };
}

/** A new secret for the endpoint; the old one keeps signing for 24 hours beside it. Undefined: no such endpoint. */
export async function rotateWebhookSecret(
  deps: Dependencies,
  endpointId: string,
  now: Date,
): Promise<{ readonly endpoint: WebhookEndpoint; readonly secret: string } | undefined> {
  const endpoint = await deps.repositories.teamWebhooks.findEndpoint(endpointId);
  if (!endpoint) return undefined;
  const secret = generateSecret();
  await deps.repositories.teamWebhooks.rotateSecret(endpoint, secret, now);
  logger.info('team webhook secret rotated', { teamId: endpoint.teamId, endpointId });
  return { endpoint, secret };
}

export async function removeWebhookEndpoint(
  deps: Dependencies,
  endpointId: string,
): Promise<WebhookEndpoint | undefined> {
  const endpoint = await deps.repositories.teamWebhooks.findEndpoint(endpointId);
  if (!endpoint) return undefined;
  await deps.repositories.teamWebhooks.removeEndpoint(endpoint);
  logger.info('team webhook endpoint removed', { teamId: endpoint.teamId, endpointId });
  return endpoint;
}

/** `enabled`, `already-on`, or `missing`. The address is checked again: it may have moved since it was added. */
export async function enableWebhookEndpoint(
  deps: Dependencies,
  endpointId: string,
  resolve?: Resolve,
): Promise<
  { readonly outcome: 'enabled' | 'already-on' | 'missing' } | { readonly outcome: 'refused'; readonly problem: string }
> {
  const endpoint = await deps.repositories.teamWebhooks.findEndpoint(endpointId);
  if (!endpoint) return { outcome: 'missing' };
  const checked = await checkEndpoint(endpoint.url, addressPolicy(deps, resolve));
  if (!checked.ok) return { outcome: 'refused', problem: checked.problem };
  const enabled = await deps.repositories.teamWebhooks.enableEndpoint(endpoint.teamId, endpointId);
  if (enabled) logger.info('team webhook endpoint turned back on', { teamId: endpoint.teamId, endpointId });
  return { outcome: enabled ? 'enabled' : 'already-on' };
}
