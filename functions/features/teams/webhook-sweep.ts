/**
 * The daily status sweep (ADR 0035): phases change with time alone (an expiry passes, a CPR/AED card lapses), which no
 * record save announces. For each team with a webhook endpoint: first the outbox items a crash left unsent, then each
 * member's status compared with what the team was last told, through the same use case a save uses.
 */
import type { StatusEventPorts } from '../../adapters/queue/webhook-queue.js';
import { ConfigurationError } from '../../common/config.js';
import { logger } from '../../common/logger.js';
import {
  handToQueue,
  hasActiveEndpoint,
  type PublishOutcome,
  publishMemberStatus,
} from '../../record/status-events.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/** An outbox item younger than this may still be in its publisher's hands; the next sweep takes it. */
export const OUTBOX_GRACE_MS = 5 * 60_000;

export interface SweepSummary {
  readonly teams: number;
  readonly published: number;
  /** Outbox events a crash had left, now queued. (Those of a member who left went with their membership item.) */
  readonly resent: number;
}

export class SweepIncompleteError extends Error {
  override readonly name = 'SweepIncompleteError';
  readonly code = 'team-webhooks.sweep-incomplete';
  constructor(readonly failedTeams: number) {
    super(`the status sweep failed for ${failedTeams} team(s); the others were swept`);
  }
}

export function statusEventPorts(deps: Dependencies): StatusEventPorts {
  if (!deps.webhookQueue) throw new ConfigurationError('WEBHOOK_QUEUE_URL is not set: status events have no queue');
  return {
    webhooks: deps.repositories.teamWebhooks,
    memberships: deps.repositories.teamRosters,
    queue: deps.webhookQueue,
  };
}

export async function sweepTeamWebhooks(deps: Dependencies, now: Date): Promise<SweepSummary> {
  const ports = statusEventPorts(deps);
  const webhooks = deps.repositories.teamWebhooks;
  let teams = 0;
  let published = 0;
  let resent = 0;
  const failed: string[] = [];
  for (const team of await deps.repositories.teams.list()) {
    const endpoints = await webhooks.endpointsOf(team.teamId);
    if (endpoints.length === 0) continue;
    teams += 1;
    // One team's fault (its queue send, a member's record) must not keep the others' changes from going out.
    try {
      for (const event of await webhooks.pendingOutbox(team.teamId)) {
        if (now.getTime() - Date.parse(event.createdAt) < OUTBOX_GRACE_MS) continue;
        await handToQueue(ports, team.teamId, endpoints, event, now);
        resent += 1;
      }
      if (!hasActiveEndpoint(endpoints)) continue;
      const { members } = await deps.repositories.teamRosters.rosterOf(team.teamId, now);
      for (const member of members) {
        const trainer = await deps.repositories.trainers.get(member.trainerId);
        if (!trainer) continue;
        const outcome: PublishOutcome = await publishMemberStatus(ports, team.teamId, endpoints, trainer, now);
        if (outcome === 'published') published += 1;
      }
    } catch (error) {
      logger.error('team webhook sweep failed for a team; the next sweep tries again', { teamId: team.teamId, error });
      failed.push(team.teamId);
    }
  }
  if (failed.length > 0) {
    // Failing the invocation retries it (nothing is sent twice: sequences and the outbox) and raises its alarm.
    throw new SweepIncompleteError(failed.length);
  }
  const summary = { teams, published, resent };
  logger.info('team webhook sweep done', { ...summary });
  return summary;
}
