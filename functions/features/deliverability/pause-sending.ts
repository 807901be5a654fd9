/**
 * The reputation guard's decision (reliability item 28, ADR 0014): an alarm on the SES bounce or complaint rate
 * went into ALARM, so sending stops on the configuration set before AWS reviews (or pauses) the whole account.
 * Only ever turns sending off: turning it back on needs someone to find and fix the cause first (docs/deploy.md).
 */
import { createSendingSwitch, type SendingSwitch } from '../../adapters/ses/sending-switch.js';
import { createSesClient } from '../../adapters/ses/ses-client.js';
import { type Config, ConfigurationError, config } from '../../common/config.js';
import { logger } from '../../common/logger.js';

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The state an alarm must have entered for sending to stop. */
export const PAUSING_STATE: AlarmStateValue = 'ALARM';

export interface AlarmStateChange {
  readonly alarmName: string;
  readonly state: AlarmStateValue;
}

export interface PauseSendingDependencies {
  readonly sending: SendingSwitch;
  readonly logger: {
    info(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
    warn(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
  };
}

export interface PauseSendingResult {
  readonly action: 'paused' | 'ignored';
  readonly alarmName: string;
  readonly configurationSetName: string;
}

/** Turns sending off when `change` entered ALARM; any other state changes nothing. An SES error propagates. */
export async function pauseSendingOnAlarm(
  change: AlarmStateChange,
  { sending, logger }: PauseSendingDependencies,
): Promise<PauseSendingResult> {
  const { alarmName, state } = change;
  const { configurationSetName } = sending;
  if (state !== PAUSING_STATE) {
    // Recovery does not resume sending: the rate can drop back under the threshold while its cause (a stale list,
    // a form abused to sign up strangers) is still there.
    logger.info('reputation alarm left ALARM; sending stays as it is (re-enabling is a manual step)', {
      alarmName,
      state,
      configurationSet: configurationSetName,
    });
    return { action: 'ignored', alarmName, configurationSetName };
  }
  await sending.disable();
  logger.warn('SES sending paused on the configuration set by a reputation alarm', {
    alarmName,
    configurationSet: configurationSetName,
  });
  return { action: 'paused', alarmName, configurationSetName };
}

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

export function pauseSendingDependencies(): PauseSendingDependencies {
  cached ??= buildPauseSendingDependencies(config());
  return cached;
}
