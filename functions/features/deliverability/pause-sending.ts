/**
 * The reputation guard's decision (reliability item 28, ADR 0014): an alarm on the SES bounce or complaint rate
 * went into ALARM, so sending stops on the configuration set before AWS reviews (or pauses) the whole account.
 * Only ever turns sending off: turning it back on needs someone to find and fix the cause first (docs/deploy.md).
 */
import type { SendingSwitch } from '../../adapters/ses/sending-switch.js';

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
    info(message: string, fields?: Readonly<Record<string, unknown>>): void;
    warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
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
