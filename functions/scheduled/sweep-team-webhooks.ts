/**
 * The daily status sweep for team webhooks (ADR 0035; EventBridge schedule → this Lambda; locally
 * `npm run invoke -- SweepTeamWebhooks events/scheduled/daily-run.json`). The day is the event's, so a replayed event
 * decides the same way. The work itself: functions/features/teams/webhook-sweep.ts.
 */
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import { sweepTeamWebhooks } from '../features/teams/webhook-sweep.js';
import { dependencies } from '../wiring/dependencies.js';

export const TeamWebhookSweepEventSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.iso.datetime(),
});

export const handler = eventRoute({ schema: TeamWebhookSweepEventSchema, kind: 'scheduled event' }, async (event) =>
  sweepTeamWebhooks(await dependencies(), new Date(event.time)),
);
