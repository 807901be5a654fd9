import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { AppConfig } from './app-config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export interface RecertStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds Recert's two stacks to `app` and registers the cdk-nag AWS Solutions checks, which fail the synth on any
 * finding that is not acknowledged with a reason. Reads nothing from context or env: app.ts does that.
 */
export function addRecert(app: App, config: AppConfig, env?: Environment): RecertStacks {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  const prefix = `Recert-${config.stage}`;
  const stackEnv = env ? { env } : {};

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    ...stackEnv,
    description: 'Recert data: DynamoDB table, SES identity and configuration set, secrets',
    stage: config.stage,
    senderIdentity: config.senderIdentity,
    senderIdentityExists: config.senderIdentityExists,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    ...stackEnv,
    description: 'Recert code: HTTP API, Lambda functions, daily schedule, reputation guard, alarms and their topic',
    table: stateful.table,
    senderIdentity: stateful.senderIdentity,
    // The name, not the construct: a plain string needs no cross-stack export (ADR 0023).
    configurationSetName: stateful.configurationSetName,
    tokenSigningKey: stateful.tokenSigningKey,
    providerSecrets: stateful.providerSecrets,
    turnstileSecretKey: stateful.turnstileSecretKey,
    captcha: config.captcha,
    senderAddress: config.senderAddress,
    postalAddress: config.postalAddress,
    baseUrl: config.baseUrl,
    scheduleHourUtc: config.scheduleHourUtc,
    alarmEmail: config.alarmEmail,
  });
  return { stateful, stateless };
}
