/**
 * The reputation guard (CloudWatch alarm on the SES bounce or complaint rate → EventBridge "CloudWatch Alarm State
 * Change" → this Lambda): turns sending off on the configuration set when the alarm enters ALARM. Idempotent, so
 * the SDK and Lambda's async retries may repeat it; an SES failure is thrown and ends in the failure queue.
 */
import middy from '@middy/core';
import { createSendingSwitch } from '../adapters/ses/sending-switch.js';
import { createSesClient } from '../adapters/ses/ses-client.js';
import { type Config, ConfigurationError, config } from '../common/config.js';
import { logger } from '../common/logger.js';
import * as z from '../common/zod.js';
import { parseEvent } from '../edge/event-input.js';
import {
  type PauseSendingDependencies,
  type PauseSendingResult,
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

/**
 * Setting a value twice is harmless, so this client may retry (unlike the mailer's, which never does): a throttled
 * or dropped call is repeated before the invocation fails.
 */
export const PAUSE_SENDING_MAX_ATTEMPTS = 3;

export function buildPauseSendingDependencies(cfg: Config): PauseSendingDependencies {
  if (!cfg.SES_CONFIGURATION_SET) {
    throw new ConfigurationError(
      'SES_CONFIGURATION_SET is not set: PauseSending cannot tell which configuration set to pause',
    );
  }
  const client = createSesClient({
    region: cfg.AWS_REGION,
    maxAttempts: PAUSE_SENDING_MAX_ATTEMPTS,
    ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}),
  });
  return { sending: createSendingSwitch(client, cfg.SES_CONFIGURATION_SET), logger };
}

let cached: PauseSendingDependencies | undefined;

function pauseSendingDependencies(): PauseSendingDependencies {
  cached ??= buildPauseSendingDependencies(config());
  return cached;
}

export function createPauseSendingHandler(load: () => PauseSendingDependencies = pauseSendingDependencies) {
  return async (input: unknown): Promise<PauseSendingResult> => {
    const event = parseEvent(AlarmStateChangeEventSchema, 'alarm state change event', input);
    return pauseSendingOnAlarm({ alarmName: event.detail.alarmName, state: event.detail.state.value }, load());
  };
}

export const handler = middy<unknown, PauseSendingResult>().handler(createPauseSendingHandler());
