import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  ALL_ENTRY_POINTS,
  HTTP_ROUTES,
  NOT_FOUND_PAGE,
  REPUTATION_GUARD,
  SCHEDULED_RUN,
  type TableAction,
} from '../../functions/entry-points.js';
import { AlarmStateChangeEventSchema } from '../../functions/events/pause-sending.js';
import { SesEventBridgeEventSchema } from '../../functions/events/record-delivery-event.js';
import { PAUSING_STATE } from '../../functions/features/deliverability/pause-sending.js';
import { REMINDERS_STUCK_SENDING_METRIC as RUN_STUCK_SENDING_METRIC } from '../../functions/features/reminders/reconcile-stuck.js';
import {
  type ReminderRunSummary,
  RUN_COMPLETED_METRIC as RUN_HEARTBEAT_METRIC,
  INVALID_DUE_RECORDS_METRIC as RUN_INVALID_DUE_RECORDS_METRIC,
  type RunStatus,
} from '../../functions/features/reminders/run-reminders.js';
import { CAPTCHA_UNAVAILABLE_METRIC as SIGNUP_CAPTCHA_UNAVAILABLE_METRIC } from '../../functions/features/signup/captcha.js';
import { type RunResult, ScheduledEventSchema } from '../../functions/scheduled/send-due-reminders.js';
import { ROUTE_THROTTLES, routeKey } from '../../infra/constructs/recert-http-api.js';
import { DELIVERY_EVENT_DETAIL_TYPES } from '../../infra/stateful-stack.js';
import {
  ALARM_STATE_CHANGE_DETAIL_TYPE,
  CAPTCHA_UNAVAILABLE_METRIC,
  INVALID_DUE_RECORDS_METRIC,
  PAUSING_ALARM_STATE,
  REMINDERS_STUCK_SENDING_METRIC,
  RUN_COMPLETED_METRIC,
  SES_BOUNCE_RATE_ALARM,
  SES_BOUNCE_RATE_PAUSE,
  SES_COMPLAINT_RATE_ALARM,
  SES_COMPLAINT_RATE_PAUSE,
} from '../../infra/stateless-stack.js';
import { logicalId, synthRecert } from './recert-template.js';

const ENTRY_POINTS = ALL_ENTRY_POINTS;
const SES_SAMPLES = join(import.meta.dirname, '..', '..', 'events', 'ses');
const ALARM_SAMPLES = join(import.meta.dirname, '..', '..', 'events', 'cloudwatch');
/** A target DLQ and an async failure queue for each event-driven function: reminder run, SES events, guard. */
const DEAD_LETTER_QUEUES = 6;
const PAUSE_ACTION = 'ses:UpdateConfigurationSetSendingEnabled';

function summary(status: RunStatus): ReminderRunSummary {
  return {
    status,
    runId: 'run',
    asOf: '2026-11-21',
    trainersRead: 0,
    itemsRead: 0,
    emailsSent: 0,
    pending: 0,
    failed: 0,
    outcomeUnknown: 0,
    suppressed: 0,
    stuckSending: 0,
    halted: false,
    continued: status === 'continued',
  };
}

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
}

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

describe('StatelessStack', () => {
  const { stateless, statelessTemplate: template } = synthRecert({ scheduleHourUtc: '6' });

  function fnOf(id: string) {
    const fn = stateless.functions.get(id);
    if (!fn) throw new Error(`no function for ${id}`);
    return fn;
  }

  function statementsOf(id: string): Statement[] {
    const roleId = logicalId(fnOf(id).role!);
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
    );
    return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  }

  function dynamoActionsOf(id: string): string[] {
    return statementsOf(id)
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('dynamodb:'));
  }

  function functionProps(id: string): Record<string, unknown> {
    const resources = template.findResources('AWS::Lambda::Function');
    const resource = resources[logicalId(fnOf(id))];
    if (!resource) throw new Error(`no CloudFormation function for ${id}`);
    return resource.Properties;
  }

  describe('functions', () => {
    it('deploys exactly one function per entry point of entry-points.ts', () => {
      template.resourceCountIs('AWS::Lambda::Function', ENTRY_POINTS.length);
      expect([...stateless.functions.keys()].sort()).toEqual(ENTRY_POINTS.map((entry) => entry.id).sort());
    });

    it.each(ENTRY_POINTS.map((entry) => [entry.id]))(
      '%s runs on ARM64 Node.js 24 with tracing and its own log group kept 30 days',
      (id) => {
        const fn = fnOf(id);
        const logGroupId = logicalId(fn.logGroup);

        template.hasResourceProperties('AWS::Lambda::Function', {
          Architectures: ['arm64'],
          Runtime: 'nodejs24.x',
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: logGroupId } },
          Role: { 'Fn::GetAtt': [logicalId(fn.role!), 'Arn'] },
        });
        expect((fn.node.defaultChild as CfnFunction).runtime).toBe('nodejs24.x');
        expect(template.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(30);
      },
    );

    it('attaches no AWS managed policy to any function role', () => {
      for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it.each(ENTRY_POINTS.map((entry) => [entry.id, entry]))(
      '%s gets the environment its config requires',
      (_id, entry) => {
        const variables = (functionProps(entry.id).Environment as { Variables: Record<string, unknown> }).Variables;

        expect(Object.keys(variables)).toEqual(
          expect.arrayContaining(['TABLE_NAME', 'BASE_URL', 'SENDER_ADDRESS', 'POSTAL_ADDRESS', 'NODE_OPTIONS']),
        );
        expect('SES_CONFIGURATION_SET' in variables).toBe(entry.sendsEmail || entry.pausesSending === true);
        expect('TOKEN_KEY_SECRET_ARN' in variables).toBe(entry.usesTokens);
        expect('PROVIDER_SECRETS_ARN' in variables).toBe(entry.usesProviderSecrets === true);
        // On by default: the verifier gets the secret even before a site key is given (it then refuses sign-ups).
        expect('TURNSTILE_SECRET_ARN' in variables).toBe(entry.verifiesCaptcha === true);
        expect('TURNSTILE_SITE_KEY' in variables).toBe(false);
      },
    );

    it('points emailed links at the configured base URL when one is given', () => {
      const { statelessTemplate } = synthRecert({ baseUrl: 'https://recert.example/' });

      statelessTemplate.allResourcesProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ BASE_URL: 'https://recert.example' }) },
      });
    });
  });

  describe('sign-up CAPTCHA (ADR 0015)', () => {
    const SITE_KEY = '0x4AAAAAAAsiteKeyForTests';
    const turnstileArn = { 'Fn::ImportValue': Match.stringLikeRegexp('TurnstileSecretKey') };

    /** Entry points whose role may read the Turnstile secret. */
    function turnstileReaders(synth: ReturnType<typeof synthRecert>): string[] {
      return ENTRY_POINTS.filter((entry) => {
        const fn = synth.stateless.functions.get(entry.id);
        if (!fn) return false;
        const policies = Object.values(
          synth.statelessTemplate.findResources('AWS::IAM::Policy', {
            Properties: { Roles: [{ Ref: logicalId(fn.role!) }] },
          }),
        );
        return policies
          .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
          .some(
            (statement) =>
              actionsOf(statement).includes('secretsmanager:GetSecretValue') &&
              JSON.stringify(statement.Resource).includes('TurnstileSecretKey'),
          );
      }).map((entry) => entry.id);
    }

    function variablesOf(synth: ReturnType<typeof synthRecert>, id: string): Record<string, unknown> {
      const fn = synth.stateless.functions.get(id);
      if (!fn) throw new Error(`no function for ${id}`);
      const resource = synth.statelessTemplate.findResources('AWS::Lambda::Function')[logicalId(fn)];
      if (!resource) throw new Error(`no CloudFormation function for ${id}`);
      return (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    }

    it('lets only the two form posts (sign-up, status link) read the Turnstile secret, and points them at it', () => {
      const synth = synthRecert({ captchaSiteKey: SITE_KEY });

      expect(turnstileReaders(synth)).toEqual(['SubmitSignup', 'RequestStatusLink']);
      expect(HTTP_ROUTES.filter((route) => route.verifiesCaptcha).map((route) => route.id)).toEqual([
        'SubmitSignup',
        'RequestStatusLink',
      ]);
      synth.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ TURNSTILE_SECRET_ARN: turnstileArn }) },
      });
    });

    it('gives the site key to the functions that render a form with the widget, and to no other', () => {
      const synth = synthRecert({ captchaSiteKey: SITE_KEY });

      const withKey = ENTRY_POINTS.filter((entry) => 'TURNSTILE_SITE_KEY' in variablesOf(synth, entry.id));
      expect(withKey.map((entry) => entry.id).sort()).toEqual([
        'RequestStatusLink',
        'SignupPage',
        'StatusLinkPage',
        'SubmitSignup',
      ]);
      for (const entry of withKey) expect(variablesOf(synth, entry.id).TURNSTILE_SITE_KEY).toBe(SITE_KEY);
    });

    it('warns at synth when the CAPTCHA is on without a site key (sign-ups are refused until one is given)', () => {
      const warnings = (synth: ReturnType<typeof synthRecert>) =>
        Annotations.fromStack(synth.stateless).findWarning('*', Match.stringLikeRegexp('captchaSiteKey'));

      expect(warnings(synthRecert())).toHaveLength(1);
      expect(warnings(synthRecert({ captchaSiteKey: SITE_KEY }))).toEqual([]);
      expect(warnings(synthRecert({ captcha: 'off' }))).toEqual([]);
    });

    it('with -c captcha=off: no site key, no secret, no grant anywhere', () => {
      const synth = synthRecert({ captcha: 'off' });

      expect(turnstileReaders(synth)).toEqual([]);
      for (const entry of ENTRY_POINTS) {
        const variables = Object.keys(variablesOf(synth, entry.id));
        expect(
          variables.filter((name) => name.startsWith('TURNSTILE_')),
          entry.id,
        ).toEqual([]);
      }
    });
  });

  describe('least privilege', () => {
    it.each(ENTRY_POINTS.map((entry) => [entry.id, entry.tableActions]))(
      '%s may perform exactly its listed DynamoDB actions',
      (id, tableActions) => {
        const expected = [...new Set(tableActions.map((action: TableAction) => `dynamodb:${action}`))].sort();

        expect([...new Set(dynamoActionsOf(id))].sort()).toEqual(expected);
      },
    );

    it('never lets the public sign-up function scan, delete or batch-write', () => {
      const actions = dynamoActionsOf('SubmitSignup');

      expect(actions.length).toBeGreaterThan(0);
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
        expect(actions).not.toContain(forbidden);
      }
    });

    it('grants Query on the named index, never on index/*', () => {
      const indexStatements = statementsOf('SendDueReminders').filter((statement) =>
        JSON.stringify(statement.Resource).includes('/index/'),
      );

      expect(indexStatements).toEqual([
        expect.objectContaining({ Action: 'dynamodb:Query', Resource: expect.anything() }),
      ]);
      expect(JSON.stringify(indexStatements)).toContain('/index/byDue');
      expect(JSON.stringify(template.toJSON())).not.toContain('/index/*');
    });

    it.each(ENTRY_POINTS.map((entry) => [entry.id, entry.indexes ?? []]))(
      '%s may Query exactly the indexes it declares (%j), no other',
      (id, indexes) => {
        const granted = statementsOf(id)
          .flatMap((statement) => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
          .flatMap((resource) => /\/index\/([A-Za-z0-9_.-]+)/.exec(JSON.stringify(resource))?.[1] ?? []);

        expect(granted.sort()).toEqual([...indexes].sort());
      },
    );

    it("lets only the reminder run read the due index, which projects every due trainer's address and profile", () => {
      const readers = ENTRY_POINTS.filter((entry) =>
        statementsOf(entry.id).some((statement) => JSON.stringify(statement.Resource).includes('/index/byDue')),
      ).map((entry) => entry.id);

      expect(readers).toEqual([SCHEDULED_RUN.id]);
    });

    it('grants no DynamoDB, SES or Secrets Manager action on "*" and no service wildcard anywhere', () => {
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
      );

      for (const statement of statements) {
        const actions = actionsOf(statement);
        expect(actions.filter((action) => action.endsWith(':*'))).toEqual([]);
        const onEverything = statement.Resource === '*' || JSON.stringify(statement.Resource).includes('"*"');
        if (onEverything) expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    });

    it('scopes ses:SendRawEmail to the sender identity and the configuration set, for senders only', () => {
      for (const entry of ENTRY_POINTS) {
        const sesStatements = statementsOf(entry.id).filter((statement) =>
          actionsOf(statement).some((action) => action.startsWith('ses:') && action !== PAUSE_ACTION),
        );
        if (!entry.sendsEmail) {
          expect(sesStatements, entry.id).toEqual([]);
          continue;
        }
        expect(sesStatements, entry.id).toHaveLength(1);
        const [statement] = sesStatements;
        expect(statement?.Action).toBe('ses:SendRawEmail');
        const resources = statement?.Resource as unknown[];
        expect(resources).toHaveLength(2);
        expect(JSON.stringify(resources[0])).toContain(':identity/');
        expect(JSON.stringify(resources[1])).toContain(':configuration-set/');
      }
    });

    it('lets only the reputation guard turn sending off, on the configuration set alone', () => {
      const pausers = ENTRY_POINTS.filter((entry) => JSON.stringify(statementsOf(entry.id)).includes(PAUSE_ACTION));
      expect(pausers.map((entry) => entry.id)).toEqual([REPUTATION_GUARD.id]);

      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(fnOf(REPUTATION_GUARD.id).role!) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: PAUSE_ACTION,
              Resource: {
                'Fn::Join': [
                  '',
                  Match.arrayWith([
                    ':configuration-set/',
                    { 'Fn::ImportValue': Match.stringLikeRegexp('SendingConfiguration') },
                  ]),
                ],
              },
            },
          ]),
        },
      });
      const sesStatements = statementsOf(REPUTATION_GUARD.id).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('ses:')),
      );
      expect(sesStatements).toHaveLength(1);
      expect(JSON.stringify(sesStatements[0]?.Resource)).not.toContain('*');
    });

    it('lets only the webhook function read the provider secrets', () => {
      const readers = ENTRY_POINTS.filter((entry) =>
        JSON.stringify(statementsOf(entry.id)).includes('ProviderSecrets'),
      ).map((entry) => entry.id);

      expect(readers).toEqual(['CourseCompleted']);
    });
  });

  describe('HTTP API', () => {
    const integrationOf = (id: string) => {
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration', {
        Properties: { IntegrationUri: { 'Fn::GetAtt': [logicalId(fnOf(id)), 'Arn'] } },
      });
      return { 'Fn::Join': ['', ['integrations/', { Ref: Object.keys(integrations)[0] }]] };
    };

    it('routes every HTTP_ROUTES entry to its own function, and everything else to the not-found function', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Route', HTTP_ROUTES.length + 1);
      for (const route of HTTP_ROUTES) {
        template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: routeKey(route),
          Target: integrationOf(route.id),
        });
      }
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: '$default',
        Target: integrationOf(NOT_FOUND_PAGE.id),
      });
    });

    it('throttles every public form route tighter than the default', () => {
      const publicForms = HTTP_ROUTES.filter((route) => route.throttle === 'public-form');
      const tight = ROUTE_THROTTLES['public-form'];

      expect(publicForms.map((route) => route.id)).toContain('SubmitSignup');
      expect(tight.rateLimit).toBeLessThan(ROUTE_THROTTLES.default.rateLimit);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: ROUTE_THROTTLES.default.rateLimit,
          ThrottlingBurstLimit: ROUTE_THROTTLES.default.burstLimit,
        },
        RouteSettings: Object.fromEntries(
          publicForms.map((route) => [
            routeKey(route),
            { ThrottlingRateLimit: tight.rateLimit, ThrottlingBurstLimit: tight.burstLimit },
          ]),
        ),
      });
    });

    it('never throttles one-click unsubscribe (RFC 8058 POSTs from mailbox providers) at the public-form rate', () => {
      const oneClick = HTTP_ROUTES.find((route) => route.method === 'POST' && route.path === '/unsubscribe');
      expect(oneClick?.throttle).toBe('default');
      expect(ROUTE_THROTTLES.default.rateLimit).toBeGreaterThanOrEqual(50);
    });

    it('writes JSON access logs without paths, query strings or headers to a bounded log group', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
      const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
      const fields = JSON.parse(settings.Format) as Record<string, string>;

      expect(fields).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
      expect(Object.values(fields).join(' ')).not.toMatch(/\$context\.(path|rawPath|rawQueryString)|header/i);
      expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logicalId(stateless.httpApi.accessLogs), 'Arn'] });
    });

    it('configures no CORS: pages and API share one origin', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    });
  });

  describe('daily reminder run', () => {
    it('fires once a day at the configured hour (UTC)', () => {
      template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)' });
    });

    it('retries delivery, bounds the event age and parks undeliverable events in a DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: Match.anyValue(),
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId(fnOf('SendDueReminders')), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReminderRunTargetDlq'), 'Arn'] } },
          }),
        ],
      });
    });

    it.each([
      ['SendDueReminders', 'ReminderRunFailureQueue'],
      ['RecordDeliveryEvent', 'DeliveryEventsFailureQueue'],
      ['PauseSending', 'ReputationGuardFailureQueue'],
    ])('%s retries async failures, then sends them to %s', (id, queue) => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(fnOf(id)) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${queue}`), 'Arn'] } },
        },
      });
    });

    it('encrypts every dead-letter queue and refuses non-TLS access to it', () => {
      template.resourceCountIs('AWS::SQS::Queue', DEAD_LETTER_QUEUES);
      template.allResourcesProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      template.resourcePropertiesCountIs(
        'AWS::SQS::QueuePolicy',
        {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 'sqs:*',
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              }),
            ]),
          },
        },
        DEAD_LETTER_QUEUES,
      );
    });
  });

  describe('reminder-run continuation', () => {
    const continuationRule = () => {
      const rules = template.findResources('AWS::Events::Rule', {
        Properties: { EventPattern: { source: ['lambda'] } },
      });
      expect(Object.keys(rules)).toHaveLength(1);
      return Object.values(rules)[0]?.Properties as Record<string, unknown>;
    };

    it('reports successful async runs of SendDueReminders to the default event bus, and no other function', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(fnOf('SendDueReminders')) },
        DestinationConfig: {
          OnSuccess: { Destination: { 'Fn::Join': ['', Match.arrayWith([':event-bus/default'])] } },
          OnFailure: Match.anyValue(),
        },
      });
      template.resourcePropertiesCountIs(
        'AWS::Lambda::EventInvokeConfig',
        { DestinationConfig: { OnSuccess: Match.anyValue() } },
        1,
      );
      const putEvents = statementsOf('SendDueReminders').filter((statement) =>
        actionsOf(statement).includes('events:PutEvents'),
      );
      expect(JSON.stringify(putEvents)).toContain(':event-bus/default');
    });

    it('matches only a "continued" result of this very function', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['lambda'],
          'detail-type': ['Lambda Function Invocation Result - Success'],
          detail: {
            requestContext: {
              functionArn: [
                { prefix: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(fnOf('SendDueReminders')), 'Arn'] }, ':']] } },
              ],
            },
            responsePayload: { status: ['continued'] },
          },
        },
      });
    });

    it('re-delivers the returned continuation to the same function, with its own retries and the run DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ source: ['lambda'] }),
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId(fnOf('SendDueReminders')), 'Arn'] },
            InputPath: '$.detail.responsePayload.continuation',
            RetryPolicy: { MaximumRetryAttempts: 16, MaximumEventAgeInSeconds: 21600 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReminderRunTargetDlq'), 'Arn'] } },
          }),
        ],
      });
      // Both rules share the one target DLQ, and both may invoke the function.
      template.resourcePropertiesCountIs(
        'AWS::Lambda::Permission',
        {
          FunctionName: { 'Fn::GetAtt': [logicalId(fnOf('SendDueReminders')), 'Arn'] },
          Principal: 'events.amazonaws.com',
        },
        2,
      );
    });

    it('extracts from what the handler returns exactly the event its schema parses back', () => {
      const rule = continuationRule() as {
        EventPattern: { detail: { responsePayload: { status: string[] } } };
        Targets: Array<{ InputPath: string }>;
      };
      const scheduled = ScheduledEventSchema.parse(
        JSON.parse(
          readFileSync(join(import.meta.dirname, '..', '..', 'events', 'scheduled', 'daily-run.json'), 'utf8'),
        ),
      );
      // Typed as the handler's result: renaming `status`, `continuation` or the 'continued' status breaks tsc here.
      const result: RunResult = { ...summary('continued'), continuation: scheduled };
      const destinationEvent = { detail: { requestContext: {}, responsePayload: result } };
      const extracted = (rule.Targets[0]?.InputPath ?? '')
        .replace(/^\$\./, '')
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], destinationEvent);

      expect(rule.EventPattern.detail.responsePayload.status).toEqual([result.status]);
      expect(ScheduledEventSchema.parse(extracted)).toEqual(scheduled);
    });
  });

  describe('SES delivery events', () => {
    it("sends this configuration set's send, delivery, bounce and complaint events to RecordDeliveryEvent", () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.ses'],
          'detail-type': Match.arrayEquals([
            'Email Sent',
            'Email Delivered',
            'Email Bounced',
            'Email Complaint Received',
          ]),
          detail: { mail: { tags: { 'ses:configuration-set': [Match.anyValue()] } } },
        },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId(fnOf('RecordDeliveryEvent')), 'Arn'] },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 4 }),
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryEventsTargetDlq'), 'Arn'] } },
          }),
        ],
      });
    });

    it.each(readdirSync(SES_SAMPLES).filter((name) => name.endsWith('.json')))(
      'routes the sample %s, which the handler accepts, to it',
      (name) => {
        const event = SesEventBridgeEventSchema.parse(JSON.parse(readFileSync(join(SES_SAMPLES, name), 'utf8')));

        expect(DELIVERY_EVENT_DETAIL_TYPES).toContain(event['detail-type']);
      },
    );
  });

  describe('alarms', () => {
    it.each(ENTRY_POINTS.map((entry) => [entry.id]))('alarms on any error of %s', (id) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fnOf(id)) } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });

    it('alarms as soon as any dead-letter queue holds a message', () => {
      template.resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          ComparisonOperator: 'GreaterThanThreshold',
          Threshold: 0,
        },
        DEAD_LETTER_QUEUES,
      );
    });

    it.each([
      ['Recert', 'WebhookQuarantined', 1],
      ['Recert', 'SendingHalted', 1],
      ['Recert', 'ProviderSecretsUnavailable', 1],
      ['Recert', 'RemindersStuckSending', 1],
      ['Recert', 'InvalidDueRecords', 1],
      ['Recert', 'CaptchaUnavailable', 1],
      // Reliability item 28's numbers, written out: a constant edited by mistake must fail here.
      ['AWS/SES', 'Reputation.BounceRate', 0.02],
      ['AWS/SES', 'Reputation.ComplaintRate', 0.0005],
      ['AWS/SES', 'Reputation.BounceRate', 0.04],
      ['AWS/SES', 'Reputation.ComplaintRate', 0.0008],
    ])('alarms on %s %s at %s', (namespace, metricName, threshold) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: namespace,
        MetricName: metricName,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('alarms when no daily run completed in 24 hours, missing data included', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Recert',
        MetricName: 'ReminderRunCompleted',
        Period: 86_400,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(RUN_COMPLETED_METRIC).toBe(RUN_HEARTBEAT_METRIC);
    });

    it('alarms on HTTP API 5xx responses, which the per-function error alarms never see', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Threshold: 3,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('alarms on the very metric names the reminder run and the sign-up emit', () => {
      expect([REMINDERS_STUCK_SENDING_METRIC, INVALID_DUE_RECORDS_METRIC, CAPTCHA_UNAVAILABLE_METRIC]).toEqual([
        RUN_STUCK_SENDING_METRIC,
        RUN_INVALID_DUE_RECORDS_METRIC,
        SIGNUP_CAPTCHA_UNAVAILABLE_METRIC,
      ]);
    });
  });

  describe('reputation guard', () => {
    /** The logical id of the one alarm on `metricName` at `threshold`. */
    function alarmAt(metricName: string, threshold: number): string {
      const found = Object.keys(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { Namespace: 'AWS/SES', MetricName: metricName, Threshold: threshold },
        }),
      );
      expect(found, `${metricName} ≥ ${threshold}`).toHaveLength(1);
      return found[0] ?? '';
    }

    it('pauses above the warning levels and below the AWS review thresholds of 5 % and 0.1 %', () => {
      expect(SES_BOUNCE_RATE_ALARM).toBeLessThan(SES_BOUNCE_RATE_PAUSE);
      expect(SES_BOUNCE_RATE_PAUSE).toBeLessThan(0.05);
      expect(SES_COMPLAINT_RATE_ALARM).toBeLessThan(SES_COMPLAINT_RATE_PAUSE);
      expect(SES_COMPLAINT_RATE_PAUSE).toBeLessThan(0.001);
      expect([SES_BOUNCE_RATE_PAUSE, SES_COMPLAINT_RATE_PAUSE]).toEqual([0.04, 0.0008]);
    });

    it('sends exactly the two pause alarms entering ALARM to PauseSending, with retries and a DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          resources: Match.arrayEquals([
            { 'Fn::GetAtt': [alarmAt('Reputation.BounceRate', SES_BOUNCE_RATE_PAUSE), 'Arn'] },
            { 'Fn::GetAtt': [alarmAt('Reputation.ComplaintRate', SES_COMPLAINT_RATE_PAUSE), 'Arn'] },
          ]),
          detail: { state: { value: ['ALARM'] } },
        },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId(fnOf(REPUTATION_GUARD.id)), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReputationGuardTargetDlq'), 'Arn'] } },
          }),
        ],
      });
      template.resourcePropertiesCountIs(
        'AWS::Events::Rule',
        { EventPattern: Match.objectLike({ source: ['aws.cloudwatch'] }) },
        1,
      );
    });

    it('routes the ALARM sample, which the handler accepts, and pauses on the state the handler pauses on', () => {
      const event = AlarmStateChangeEventSchema.parse(
        JSON.parse(readFileSync(join(ALARM_SAMPLES, 'bounce-rate-alarm.json'), 'utf8')),
      );

      expect([event.source, event['detail-type'], event.detail.state.value]).toEqual([
        'aws.cloudwatch',
        ALARM_STATE_CHANGE_DETAIL_TYPE,
        PAUSING_ALARM_STATE,
      ]);
      expect(PAUSING_ALARM_STATE).toBe(PAUSING_STATE);
    });
  });

  describe('alarm notifications', () => {
    const topicRef = () => ({ Ref: logicalId(stateless.alarmTopic) });

    it('makes every alarm of the stack notify the alarm topic on ALARM and on OK', () => {
      const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'));

      expect(alarms.length).toBe(stateless.alarms.length);
      // One errors alarm per function, one depth alarm per DLQ, ten business alarms and the two pause alarms.
      expect(alarms.length).toBe(ENTRY_POINTS.length + DEAD_LETTER_QUEUES + 10 + 2);
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions, id).toEqual([topicRef()]);
        expect(alarm.Properties.OKActions, id).toEqual([topicRef()]);
      }
    });

    it('encrypts the topic with a rotated key CloudWatch may use, and refuses publishing without TLS', () => {
      const keyId = logicalId(stateless.alarmTopic.masterKey!);

      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      template.hasResource('AWS::KMS::Key', {
        Properties: Match.objectLike({
          EnableKeyRotation: true,
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: Match.arrayWith([
              {
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
              },
            ]),
          },
        }),
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': Match.anyValue() },
              },
            }),
          ]),
        },
      });
    });

    it('outputs the topic ARN, and the configuration set name the re-enable command needs', () => {
      template.hasOutput('AlarmTopicArn', { Value: topicRef() });
      template.hasOutput('ConfigurationSetName', {
        Value: { 'Fn::ImportValue': Match.stringLikeRegexp('SendingConfiguration') },
      });
    });

    it('subscribes nobody unless alarmEmail is given, then exactly that address by email', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);

      const { stateless: withEmail, statelessTemplate } = synthRecert({ alarmEmail: 'OnCall@Recert.example' });

      statelessTemplate.resourceCountIs('AWS::SNS::Subscription', 1);
      statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@recert.example',
        TopicArn: { Ref: logicalId(withEmail.alarmTopic) },
      });
    });
  });
});
