import { CfnOutput, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  type IConfigurationSet,
  Identity,
  type IEmailIdentity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { type KeyAttribute, RECERT_TABLE } from '../functions/adapters/dynamodb/table-definition.js';
import type { RecertTableRef } from './constructs/recert-function.js';

export interface StatefulStackProps extends StackProps {
  /** The deployment stage (`-c stage`): it names the configuration set, so stages never share one. */
  readonly stage: string;
  /** The SES identity (an address or a domain) that authorizes the sender address. */
  readonly senderIdentity: string;
  /** The identity was verified by hand already: reference it instead of creating it. */
  readonly senderIdentityExists: boolean;
}

/**
 * The configuration-set events SES publishes to the default bus, and their EventBridge detail types (same order).
 * Bounces and complaints feed the suppression list; Send events carry the reminder tags that reconcile ledger rows a
 * crashed run left SENDING (ADR 0010). No Delivery events (ADR 0025): a Send event already proves SES accepted the
 * email, and a second event per email would double the invocations. The stateless stack routes these, filtered.
 */
export const PUBLISHED_SES_EVENTS = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
] as const;
export const DELIVERY_EVENT_DETAIL_TYPES = ['Email Sent', 'Email Bounced', 'Email Complaint Received'] as const;

/**
 * The SES configuration set of a stage: a fixed name per stage (ADR 0023), so two stages in one account never share
 * sending events, suppression feedback or the pause switch, and the stateless stack can name it without a
 * cross-stack export. SES allows letters, digits, `-` and `_` (≤ 64); stage names are a subset (app-config.ts).
 */
export function configurationSetNameFor(stage: string): string {
  return `recert-${stage}`;
}

function attribute(key: KeyAttribute): { name: string; type: AttributeType } {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * Everything that holds data or identity and must survive a redeploy of the code: the table, the SES identity and
 * configuration set, and the secrets. Construct ids here are stable on purpose: renaming one replaces the resource.
 */
export class StatefulStack extends Stack {
  readonly table: RecertTableRef;
  readonly senderIdentity: IEmailIdentity;
  readonly configurationSet: IConfigurationSet;
  /** `configurationSetNameFor(stage)`, a plain string: the stateless stack uses it without importing anything. */
  readonly configurationSetName: string;
  readonly tokenSigningKey: Secret;
  readonly providerSecrets: Secret;
  readonly turnstileSecretKey: Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { terminationProtection: true, ...props });

    const table = new TableV2(this, RECERT_TABLE.logicalId, {
      partitionKey: attribute(RECERT_TABLE.partitionKey),
      sortKey: attribute(RECERT_TABLE.sortKey),
      billing: Billing.onDemand(),
      // AWS managed key: encryption at rest that shows in the template and in CloudTrail, with no key to manage.
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: RECERT_TABLE.timeToLiveAttribute,
      globalSecondaryIndexes: RECERT_TABLE.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      })),
    });
    this.table = { table, indexNames: RECERT_TABLE.globalSecondaryIndexes.map((index) => index.indexName) };

    this.configurationSetName = configurationSetNameFor(props.stage);
    const configurationSet = new ConfigurationSet(this, 'SendingConfiguration', {
      configurationSetName: this.configurationSetName,
      reputationMetrics: true,
      // No `sendingEnabled`, so the template has no SendingOptions (ADR 0023): SES creates the set with sending on,
      // and from then on only the reputation guard (off) and an operator (on) set it. A template value would put
      // sending back on with any deploy that updates this resource while the guard has it paused (ADR 0014).
      // Configuration-set suppression: SES drops sends to addresses that bounced or complained, even if the app's
      // own suppression list missed them. Account-level suppression has no CloudFormation resource (docs/deploy.md).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // The id predates Send/Delivery events and stays: renaming it would replace the destination (ids here are frozen).
    configurationSet.addEventDestination('BouncesAndComplaints', {
      // SES publishes configuration-set events to the account's default bus only.
      destination: EventDestination.eventBus(EventBus.fromEventBusName(this, 'DefaultBus', 'default')),
      events: [...PUBLISHED_SES_EVENTS],
    });
    this.configurationSet = configurationSet;

    this.senderIdentity = props.senderIdentityExists
      ? EmailIdentity.fromEmailIdentityName(this, 'SenderIdentity', props.senderIdentity)
      : new EmailIdentity(this, 'SenderIdentity', {
          identity: props.senderIdentity.includes('@')
            ? Identity.email(props.senderIdentity)
            : Identity.domain(props.senderIdentity),
          configurationSet,
        });

    this.tokenSigningKey = new Secret(this, 'TokenSigningKey', {
      description: 'Recert HMAC key signing confirmation, session and unsubscribe tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.tokenSigningKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Automatic rotation would invalidate every emailed unsubscribe link, which must keep working for at least ' +
        '60 days (CAN-SPAM, reliability item 26); the key is rotated by hand with an overlap period instead.',
    });

    this.providerSecrets = new Secret(this, 'ProviderSecrets', {
      description: 'Recert course-provider webhook secrets: JSON object keyed by provider id (see docs/deploy.md)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No value in the template at all (ADR 0023): neither SecretString nor GenerateSecretString, so CloudFormation
    // creates the secret empty and no later deploy has a value to write over the registry an operator put in. CDK
    // adds `GenerateSecretString: {}` when given neither, hence the deletion. Until the operator's first
    // put-secret-value the webhook fails closed (500 and the ProviderSecretsUnavailable alarm; docs/deploy.md).
    (this.providerSecrets.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(this.providerSecrets).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Webhook secrets are issued to the course provider, who must install each new one; rotation is a ' +
        'coordinated manual step (Standard Webhooks allows two valid secrets during the overlap).',
    });

    // Created whether or not the CAPTCHA is on, so turning it off and on again never deletes or replaces it.
    this.turnstileSecretKey = new Secret(this, 'TurnstileSecretKey', {
      description: 'Recert sign-up CAPTCHA: the Cloudflare Turnstile widget secret key (see docs/deploy.md)',
      // A random placeholder until the widget's real secret is put in: Turnstile refuses it, so sign-ups fail closed
      // (503 and the CaptchaUnavailable alarm) instead of running unchecked.
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.turnstileSecretKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value is issued by Cloudflare for the Turnstile widget, not generated here: it is rotated in the ' +
        'Cloudflare dashboard and then put into this secret by hand (docs/deploy.md).',
    });

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'Recert DynamoDB table' });
    new CfnOutput(this, 'ProviderSecretsArn', {
      value: this.providerSecrets.secretArn,
      description: 'Secrets Manager secret holding the course-provider webhook secrets',
    });
    new CfnOutput(this, 'TurnstileSecretArn', {
      value: this.turnstileSecretKey.secretArn,
      description: 'Secrets Manager secret to put the Turnstile widget secret key into (docs/deploy.md)',
    });
  }
}
