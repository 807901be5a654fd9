import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { RECERT_TABLE } from '../../functions/adapters/dynamodb/table-definition.js';
import { configurationSetNameFor } from '../../infra/stateful-stack.js';
import { logicalId, synthRecert } from './recert-template.js';

describe('StatefulStack', () => {
  const { stateful, statefulTemplate: template } = synthRecert();

  it('protects the stack itself from deletion', () => {
    expect(stateful.terminationProtection).toBe(true);
  });

  it('keeps the table on delete and replace, with deletion protection and 35 days of PITR', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
          }),
        ],
      }),
    });
  });

  it('creates the keys, TTL attribute and every GSI declared in table-definition.ts', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: RECERT_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: RECERT_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: RECERT_TABLE.timeToLiveAttribute, Enabled: true },
      GlobalSecondaryIndexes: RECERT_TABLE.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    });
  });

  it('suppresses bounced and complained addresses in the configuration set and tracks reputation', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayEquals(['BOUNCE', 'COMPLAINT']) },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
  });

  it('leaves sending on/off out of the template, so no deploy undoes the automatic pause (ADR 0023)', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.allResourcesProperties('AWS::SES::ConfigurationSet', { SendingOptions: Match.absent() });
    expect(JSON.stringify(template.toJSON())).not.toMatch(/SendingEnabled/);
  });

  it('names the configuration set after the stage, so two stages never share one (ADR 0023)', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'recert-dev' });
    expect(stateful.configurationSetName).toBe(configurationSetNameFor('dev'));

    const prod = synthRecert({ stage: 'prod', senderAddress: 'Recert <reminders@recert.example>' });
    const staging = synthRecert({ stage: 'staging', senderAddress: 'Recert <reminders@staging.recert.example>' });
    for (const [stage, stacks] of [
      ['prod', prod],
      ['staging', staging],
    ] as const) {
      stacks.statefulTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: `recert-${stage}` });
      // The stateless stack names the same set everywhere it uses one: sending, pausing, the event rule, the output.
      stacks.statelessTemplate.hasOutput('ConfigurationSetName', { Value: `recert-${stage}` });
      // Each branch of the delivery-event filter (ADR 0025) names the stage's set.
      const ruleBranches = Object.values(stacks.statelessTemplate.findResources('AWS::Events::Rule')).flatMap(
        (rule) => (rule.Properties.EventPattern?.detail?.$or ?? []) as { mail?: { tags?: Record<string, unknown> } }[],
      );
      expect(ruleBranches.length).toBeGreaterThan(0);
      for (const branch of ruleBranches) {
        expect(branch.mail?.tags?.['ses:configuration-set']).toEqual([`recert-${stage}`]);
      }
      const sesSets = Object.values(stacks.statelessTemplate.findResources('AWS::Lambda::Function'))
        .map(
          (fn) => (fn.Properties.Environment?.Variables as Record<string, unknown> | undefined)?.SES_CONFIGURATION_SET,
        )
        .filter((name) => name !== undefined);
      expect(sesSets.length).toBeGreaterThan(0);
      expect(new Set(sesSets)).toEqual(new Set([`recert-${stage}`]));
    }
  });

  it('publishes sends, bounces and complaints (no deliveries: ADR 0025, and nothing else) to the default event bus', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['send', 'bounce', 'complaint']),
        EventBridgeDestination: {
          EventBusArn: { 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] },
        },
      },
    });
  });

  it('creates the sender identity tied to the configuration set', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'reminders@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: Match.anyValue() },
    });
  });

  it('references a hand-verified identity instead of creating one', () => {
    const { statefulTemplate } = synthRecert({
      senderAddress: 'Recert <hi@recert.example>',
      senderIdentity: 'recert.example',
      senderIdentityExists: 'true',
    });

    statefulTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });

  it('keeps a generated token-signing key, a provider secret registry and the Turnstile secret, all retained', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } }),
    });
    template.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('creates the provider-secret registry empty: no value in the template for a deploy to write over (ADR 0023)', () => {
    const registry = template.findResources('AWS::SecretsManager::Secret')[logicalId(stateful.providerSecrets)];

    expect(registry).toBeDefined();
    expect(registry?.Properties).not.toHaveProperty('SecretString');
    expect(registry?.Properties).not.toHaveProperty('GenerateSecretString');
    // No secret of the stack carries a literal value.
    template.allResourcesProperties('AWS::SecretsManager::Secret', { SecretString: Match.absent() });
    template.hasOutput('ProviderSecretsArn', { Value: { Ref: logicalId(stateful.providerSecrets) } });
  });

  it('creates the Turnstile secret as a random placeholder (Turnstile refuses it: fail closed) and outputs its ARN', () => {
    const id = logicalId(stateful.turnstileSecretKey);

    template.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ GenerateSecretString: { PasswordLength: 32, ExcludePunctuation: true } }),
    });
    expect(template.findResources('AWS::SecretsManager::Secret')[id]).toBeDefined();
    template.hasOutput('TurnstileSecretArn', { Value: { Ref: id } });
  });

  it('keeps the Turnstile secret when the CAPTCHA is turned off, so turning it back on finds it', () => {
    const { statefulTemplate, stateful: off } = synthRecert({ captcha: 'off' });

    statefulTemplate.resourceCountIs('AWS::SecretsManager::Secret', 3);
    expect(logicalId(off.turnstileSecretKey)).toBe(logicalId(stateful.turnstileSecretKey));
  });
});
