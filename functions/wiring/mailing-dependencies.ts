import { createMailer, createSesClient, type Mailer } from '../adapters/ses/index.js';
import type { Config } from '../common/config.js';
import { type Dependencies, dependencies } from './dependencies.js';
import { type IntakeFloor, SYSTEM_INTAKE_FLOOR } from './intake-floor.js';

/** The dependencies of the entry points that send email: sign-up, status link, webhook credit, daily reminders. */
export interface MailingDependencies extends Dependencies {
  readonly mailer: Mailer;
  /** The response-time floor of the public intake (sign-up, "email me my link"); the others never use it. */
  readonly intakeFloor: IntakeFloor;
}

export function createConfiguredMailer(cfg: Config): Mailer {
  return createMailer({
    client: createSesClient({ region: cfg.AWS_REGION, ...(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {}) }),
    fromAddress: cfg.SENDER_ADDRESS,
    ...(cfg.SES_CONFIGURATION_SET ? { configurationSetName: cfg.SES_CONFIGURATION_SET } : {}),
  });
}

export async function buildMailingDependencies(deps: Dependencies): Promise<MailingDependencies> {
  return { ...deps, mailer: createConfiguredMailer(deps.config), intakeFloor: SYSTEM_INTAKE_FLOOR };
}

let cached: Promise<MailingDependencies> | undefined;

/** The process-wide dependencies plus a mailer; a failed build is not cached. */
export function mailingDependencies(): Promise<MailingDependencies> {
  cached ??= dependencies()
    .then(buildMailingDependencies)
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
