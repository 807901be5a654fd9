/**
 * Status-change events (ADR 0035): when what a team sees of a member (the share link's projection, core's
 * `sharedView`) differs from what the team's webhook endpoints were last told, one `credential.status_changed` event
 * says what changed and carries the whole new status. The record seam calls it after a trainer's profile is saved;
 * the daily sweep calls the same `publishMemberStatus` for time alone (an expiry passing, a card lapsing).
 *
 * Not lost, not sent twice: the member's new snapshot and sequence and the event are committed in one conditional
 * write of the team's side of the membership (the outbox rides on that item), then handed to the queue, then taken out
 * of the outbox. A crash in between leaves the event there, and the daily sweep hands it to the queue again; receivers drop a repeat by its `webhook-id` (the event id, derived from
 * team, membership and sequence), and the body of one event id never changes.
 */
import { createHash } from 'node:crypto';
import { type PublishedStatus, publishedStatusOf, sharedView, statusChanges } from '../../core/index.js';
import { memberRefOf } from '../adapters/dynamodb/team-roster-repository.js';
import type { OutboxEvent, WebhookEndpoint } from '../adapters/dynamodb/team-webhook-repository.js';
import type { TrainerRecord } from '../adapters/dynamodb/trainer-repository.js';
import type { StatusEventPorts } from '../adapters/queue/webhook-queue.js';
import { logger } from '../common/logger.js';
import { calendarDateAt, evaluateTrainer } from './next-reminder.js';

export const STATUS_CHANGED = 'credential.status_changed';

export type { StatusEventPorts };

/** `evt_` + 32 hex: the same team, membership and sequence always give the same id (the receivers' dedupe key). */
export function eventIdOf(teamId: string, trainerId: string, joinedAt: string, sequence: number): string {
  return `evt_${createHash('sha256').update(`${teamId}#${trainerId}#${joinedAt}#${sequence}`).digest('hex').slice(0, 32)}`;
}

export const hasActiveEndpoint = (endpoints: readonly WebhookEndpoint[]) =>
  endpoints.some((endpoint) => endpoint.state === 'active');

/**
 * Hands a committed event to the queue, one message per active endpoint; a disabled endpoint's log says skipped
 * (it is not queued to wait forever). Then the event leaves the outbox. Also what the sweep does with a left-over one.
 */
export async function handToQueue(
  ports: Pick<StatusEventPorts, 'webhooks' | 'queue'>,
  teamId: string,
  endpoints: readonly WebhookEndpoint[],
  event: OutboxEvent,
  now: Date,
): Promise<void> {
  const active = endpoints.filter((endpoint) => endpoint.state === 'active');
  await ports.queue.send(active.map((endpoint) => ({ teamId, endpointId: endpoint.endpointId, event })));
  for (const endpoint of endpoints.filter((candidate) => candidate.state !== 'active')) {
    await ports.webhooks.recordDelivery(
      teamId,
      {
        endpointId: endpoint.endpointId,
        eventId: event.eventId,
        type: event.type,
        sequence: event.sequence,
        status: 'skipped',
        attempts: 0,
        lastError: 'the endpoint is turned off',
      },
      now,
    );
  }
  await ports.webhooks.clearOutbox(teamId, event);
}

export type PublishOutcome = 'published' | 'unchanged' | 'not-member' | 'raced';

/**
 * Compares the member's status today with what the team was last told and, when it differs, publishes one event.
 * `raced`: another publisher (a save and the sweep at once) committed first; its event stands, this one is dropped.
 */
export async function publishMemberStatus(
  ports: StatusEventPorts,
  teamId: string,
  endpoints: readonly WebhookEndpoint[],
  trainer: TrainerRecord,
  now: Date,
): Promise<PublishOutcome> {
  const member = await ports.webhooks.memberPublication(teamId, trainer.trainerId);
  if (!member) return 'not-member';
  const view = sharedView(trainer.name, evaluateTrainer(trainer, calendarDateAt(now)));
  const published: PublishedStatus = publishedStatusOf(view);
  const changes = statusChanges(member.published, published);
  if (changes.length === 0) return 'unchanged';
  const sequence = member.sequence + 1;
  const eventId = eventIdOf(teamId, trainer.trainerId, member.joinedAt, sequence);
  // The share link's fields and nothing else: no address, no trainer id, no courses or advice.
  const body = JSON.stringify({
    type: STATUS_CHANGED,
    timestamp: now.toISOString(),
    data: {
      eventId,
      teamId,
      member: { ref: memberRefOf(teamId, trainer.trainerId), name: view.name },
      sequence,
      changes,
      status: view,
    },
  });
  const event: OutboxEvent = { eventId, type: STATUS_CHANGED, sequence, trainerId: trainer.trainerId, body };
  if (!(await ports.webhooks.commitEvent(teamId, member.sequence, published, event, now))) return 'raced';
  await handToQueue(ports, teamId, endpoints, event, now);
  return 'published';
}

/**
 * After a trainer's profile was saved: every team they accepted that has an active endpoint hears of a change. A
 * failure here does not fail the save (it is written): the outbox or the daily sweep delivers the change later.
 */
export async function publishAfterSave(ports: StatusEventPorts, trainer: TrainerRecord, now: Date): Promise<void> {
  let memberships: Awaited<ReturnType<StatusEventPorts['memberships']['membershipsOf']>>;
  try {
    memberships = await ports.memberships.membershipsOf(trainer.trainerId);
  } catch (error) {
    logger.warn('status events not published after a save; the daily sweep will', { error });
    return;
  }
  for (const { teamId } of memberships) {
    try {
      const endpoints = await ports.webhooks.endpointsOf(teamId);
      if (!hasActiveEndpoint(endpoints)) continue;
      const outcome = await publishMemberStatus(ports, teamId, endpoints, trainer, now);
      logger.info('status change checked', { teamId, outcome });
    } catch (error) {
      logger.warn('status event not published after a save; the outbox or the daily sweep will', { teamId, error });
    }
  }
}
