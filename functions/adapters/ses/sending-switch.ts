import { type SESClient, UpdateConfigurationSetSendingEnabledCommand } from '@aws-sdk/client-ses';

/** The on/off switch of one SES configuration set's sending; only the "off" side is automated. */
export interface SendingSwitch {
  readonly configurationSetName: string;
  /**
   * Turns sending off for every message that names the configuration set (SES then refuses them with
   * `ConfigurationSetSendingPausedException`). Idempotent; an SES error is thrown unchanged.
   */
  disable(): Promise<void>;
}

export function createSendingSwitch(client: SESClient, configurationSetName: string): SendingSwitch {
  return {
    configurationSetName,
    async disable() {
      await client.send(
        new UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: configurationSetName, Enabled: false }),
      );
    },
  };
}
