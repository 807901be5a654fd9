/**
 * The monthly team digest (EventBridge schedule on the 1st to 3rd of each month → this Lambda; locally
 * `npm run invoke -- SendTeamDigests events/scheduled/daily-run.json`). The month is the event's (UTC) and the run id
 * its id, so a replayed event decides the same way. The work itself: functions/features/teams/monthly-digest.ts.
 */
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import { sendTeamDigests } from '../features/teams/monthly-digest.js';
import { mailingDependencies } from '../wiring/mailing-dependencies.js';

/** The fields of an EventBridge "Scheduled Event" the digest reads. */
export const TeamDigestEventSchema = z.looseObject({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.iso.datetime(),
});

export const handler = eventRoute({ schema: TeamDigestEventSchema, kind: 'scheduled event' }, async (event, context) =>
  sendTeamDigests(await mailingDependencies(), {
    runId: event.id,
    now: new Date(event.time),
    ...(typeof context.getRemainingTimeInMillis === 'function'
      ? { remainingMs: () => context.getRemainingTimeInMillis() }
      : {}),
  }),
);
