/**
 * The reputation guard (CloudWatch alarm on the SES bounce or complaint rate → EventBridge "CloudWatch Alarm State
 * Change" → this Lambda): turns sending off on the configuration set when the alarm enters ALARM. Idempotent, so
 * the SDK and Lambda's async retries may repeat it; an SES failure is thrown and ends in the failure queue.
 */
import * as z from '../common/zod.js';
import { eventRoute } from '../edge/event-route.js';
import {
  type PauseSendingDependencies,
  pauseSendingDependencies,
  pauseSendingOnAlarm,
} from '../features/deliverability/pause-sending.js';

/** An EventBridge "CloudWatch Alarm State Change" event (also what the events contract test validates samples with). */
export const AlarmStateChangeEventSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  time: z.iso.datetime(),
  detail: z.looseObject({
    alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
    state: z.looseObject({ value: z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']) }),
  }),
});

export type AlarmStateChangeEvent = z.infer<typeof AlarmStateChangeEventSchema>;

export function createPauseSendingHandler(load: () => PauseSendingDependencies = pauseSendingDependencies) {
  return eventRoute({ schema: AlarmStateChangeEventSchema, kind: 'alarm state change event' }, async (event) =>
    pauseSendingOnAlarm({ alarmName: event.detail.alarmName, state: event.detail.state.value }, load()),
  );
}

export const handler = createPauseSendingHandler();
