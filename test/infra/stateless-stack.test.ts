import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { RECERT_TABLE } from '../../functions/adapters/dynamodb/table-definition.js';
import { RECERT_METRICS_NAMESPACE as FUNCTIONS_METRICS_NAMESPACE } from '../../functions/common/metrics.js';
import { HANDLER_ERRORS_METRIC as MAPPER_HANDLER_ERRORS_METRIC } from '../../functions/edge/map-errors.js';
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
import {
  type ReminderRunSummary,
  RUN_COMPLETED_METRIC as RUN_HEARTBEAT_METRIC,
  INVALID_DUE_RECORDS_METRIC as RUN_INVALID_DUE_RECORDS_METRIC,
  REMINDERS_STUCK_SENDING_METRIC as RUN_STUCK_SENDING_METRIC,
  type RunStatus,
} from '../../functions/features/reminders/run-reminders.js';
import {
  SEND_QUOTA_REACHED_METRIC as RUN_SEND_QUOTA_REACHED_METRIC,
  SES_SEND_THROTTLED_METRIC as RUN_SES_SEND_THROTTLED_METRIC,
} from '../../functions/features/reminders/send-pacing.js';
import { CAPTCHA_UNAVAILABLE_METRIC as SIGNUP_CAPTCHA_UNAVAILABLE_METRIC } from '../../functions/features/signup/captcha.js';
import { INTAKE_FLOOR_EXCEEDED_METRIC as SIGNUP_INTAKE_FLOOR_EXCEEDED_METRIC } from '../../functions/features/signup/response-floor.js';
import { INTAKE_RATE_LIMITED_METRIC as SIGNUP_INTAKE_RATE_LIMITED_METRIC } from '../../functions/features/signup/source-limit.js';
import { type RunResult, ScheduledEventSchema } from '../../functions/scheduled/send-due-reminders.js';
import { ROUTE_THROTTLES, routeKey } from '../../infra/constructs/recert-http-api.js';
import { DELIVERY_EVENT_DETAIL_TYPES } from '../../infra/stateful-stack.js';
import {
  ALARM_STATE_CHANGE_DETAIL_TYPE,
  API_LATENCY_P99_ALARM_MS,
  API_SERVER_ERROR_RATE_ALARM,
  CAPTCHA_UNAVAILABLE_METRIC,
  HANDLER_ERRORS_METRIC,
  INTAKE_FLOOR_EXCEEDED_ALARM,
  INTAKE_FLOOR_EXCEEDED_METRIC,
  INTAKE_RATE_LIMITED_ALARM,
  INTAKE_RATE_LIMITED_METRIC,
  INVALID_DUE_RECORDS_METRIC,
  PAUSING_ALARM_STATE,
  RECERT_METRICS_NAMESPACE,
  REMINDERS_STUCK_SENDING_METRIC,
  RUN_COMPLETED_METRIC,
  recertMetricQuery,
  SEND_QUOTA_ACTION,
  SEND_QUOTA_REACHED_METRIC,
  SERVICE_DIMENSION,
  SES_BOUNCE_RATE_ALARM,
  SES_BOUNCE_RATE_PAUSE,
  SES_COMPLAINT_RATE_ALARM,
  SES_COMPLAINT_RATE_PAUSE,
  SES_SEND_THROTTLED_METRIC,
} from '../../infra/stateless-stack.js';
import { matchesPattern } from './event-pattern.js';
import { logicalId, synthRecert } from './recert-template.js';

const ENTRY_POINTS = ALL_ENTRY_POINTS;
const SES_SAMPLES = join(import.meta.dirname, '..', '..', 'events', 'ses');
const ALARM_SAMPLES = join(import.meta.dirname, '..', '..', 'events', 'cloudwatch');
/**
 * A target DLQ and an async failure queue for each event-driven function: reminder run, SES events, guard, team
 * digest, team webhook sweep; and the team webhook queue's DLQ (ADR 0035).
 */
const DEAD_LETTER_QUEUES = 11;
/** Queues that are not dead-letter queues: the team webhook queue (test/infra/team-webhooks.test.ts). */
const WORK_QUEUES = 1;
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

interface MetricOfStat {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: ReadonlyArray<{ readonly Name: string; readonly Value: unknown }>;
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
        // Besides X-Ray, only reading the SES quota (no resource type exists for it), alone in its statement.
        if (onEverything && actions.includes(SEND_QUOTA_ACTION)) expect(actions).toEqual([SEND_QUOTA_ACTION]);
        else if (onEverything) expect(actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    });

    it('scopes ses:SendRawEmail to the sender identity and the configuration set, for senders only', () => {
      for (const entry of ENTRY_POINTS) {
        const sesStatements = statementsOf(entry.id).filter((statement) =>
          actionsOf(statement).some(
            (action) => action.startsWith('ses:') && action !== PAUSE_ACTION && action !== SEND_QUOTA_ACTION,
          ),
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

    it('lets only the reminder run read the SES send quota it paces itself by (ADR 0025)', () => {
      const readers = ENTRY_POINTS.filter((entry) =>
        statementsOf(entry.id).some((statement) => actionsOf(statement).includes(SEND_QUOTA_ACTION)),
      ).map((entry) => entry.id);

      expect(SEND_QUOTA_ACTION).toBe('ses:GetSendQuota');
      expect(readers).toEqual([SCHEDULED_RUN.id]);
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
                  // By name (ADR 0023): the stage's own set, with no export from the stateful stack.
                  Match.arrayWith([':configuration-set/recert-dev']),
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

    it('lets the public share link (GET /verify/{link}) read and count, and nothing else: no delete, no token key', () => {
      expect([...new Set(dynamoActionsOf('SharedStatus'))].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      const variables = (functionProps('SharedStatus').Environment as { Variables: Record<string, unknown> }).Variables;
      expect('TOKEN_KEY_SECRET_ARN' in variables).toBe(false);
      expect('SES_CONFIGURATION_SET' in variables).toBe(false);
      expect(JSON.stringify(statementsOf('SharedStatus'))).not.toMatch(/secretsmanager|ses:/i);
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /verify/{link}' });
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
      ['SendTeamDigests', 'TeamDigestsFailureQueue'],
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
      template.resourceCountIs('AWS::SQS::Queue', DEAD_LETTER_QUEUES + WORK_QUEUES);
      template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      template.resourcePropertiesCountIs(
        'AWS::SQS::Queue',
        { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
        DEAD_LETTER_QUEUES,
      );
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
        DEAD_LETTER_QUEUES + WORK_QUEUES,
      );
    });
  });

  describe('monthly team digest (ADR 0033)', () => {
    it('fires on the 1st, 2nd and 3rd of each month, half an hour after the reminder run, with retries and a DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'cron(30 6 1-3 * ? *)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [logicalId(fnOf('SendTeamDigests')), 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TeamDigestsTargetDlq'), 'Arn'] } },
          }),
        ],
      });
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
    const recordDeliveryEventArn = () => ({ 'Fn::GetAtt': [logicalId(fnOf('RecordDeliveryEvent')), 'Arn'] });

    /** The one rule that targets RecordDeliveryEvent, as synthesized. */
    function deliveryRule(): { EventPattern: Parameters<typeof matchesPattern>[0] } {
      const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((rule) =>
        JSON.stringify(rule.Properties.Targets).includes(JSON.stringify(recordDeliveryEventArn())),
      );
      expect(rules).toHaveLength(1);
      return rules[0]!.Properties;
    }

    /** A sample from events/ses/, as SES would publish it for this stage's configuration set. */
    function sesEvent(name: string, change: (event: SesEvent) => void = () => undefined): SesEvent {
      const event = JSON.parse(readFileSync(join(SES_SAMPLES, name), 'utf8')) as SesEvent;
      event.detail.mail.tags['ses:configuration-set'] = ['recert-dev'];
      change(event);
      return event;
    }

    interface SesEvent {
      'detail-type': string;
      detail: { eventType: string; mail: { tags: Record<string, string[]> }; [key: string]: unknown };
    }

    const reminderSend = () => sesEvent('send.json');
    /** What SES publishes when the same reminder reaches the mailbox (no longer subscribed: ADR 0025). */
    const reminderDelivery = () =>
      sesEvent('send.json', (event) => {
        event['detail-type'] = 'Email Delivered';
        event.detail.eventType = 'Delivery';
        event.detail.delivery = { recipients: ['sam.lee@example.com'], smtpResponse: '250 ok' };
      });

    it('routes only what changes state: permanent bounces, complaints and the Send event of a reminder', () => {
      const { EventPattern } = deliveryRule();
      const routed = (event: SesEvent) => matchesPattern(EventPattern, event as never);

      expect({
        permanentBounce: routed(sesEvent('bounce-permanent.json')),
        complaint: routed(sesEvent('complaint.json')),
        reminderSend: routed(reminderSend()),
        transientBounce: routed(sesEvent('bounce-transient.json')),
        delivery: routed(reminderDelivery()),
        // A sign-up confirmation, status link or credit email: SES tags it with the configuration set only.
        sendWithoutReminderTags: routed(
          sesEvent('send.json', (event) => {
            event.detail.mail.tags = { 'ses:configuration-set': ['recert-dev'] };
          }),
        ),
        otherStagesBounce: routed(
          sesEvent('bounce-permanent.json', (event) => {
            event.detail.mail.tags['ses:configuration-set'] = ['recert-prod'];
          }),
        ),
      }).toEqual({
        permanentBounce: true,
        complaint: true,
        reminderSend: true,
        transientBounce: false,
        delivery: false,
        sendWithoutReminderTags: false,
        otherStagesBounce: false,
      });
    });

    it('invokes RecordDeliveryEvent once per delivered reminder (SES publishes Send, then Delivery)', () => {
      const { EventPattern } = deliveryRule();
      const invocations = [reminderSend(), reminderDelivery()].filter((event) =>
        matchesPattern(EventPattern, event as never),
      );

      expect(invocations).toHaveLength(1);
    });

    it('has the configuration set publish only the event types the rule routes', () => {
      expect(DELIVERY_EVENT_DETAIL_TYPES).toEqual(['Email Sent', 'Email Bounced', 'Email Complaint Received']);
      expect(deliveryRule().EventPattern).toMatchObject({ 'detail-type': [...DELIVERY_EVENT_DETAIL_TYPES] });
    });

    it('retries delivery to RecordDeliveryEvent and parks what still fails in its DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: [
          Match.objectLike({
            Arn: recordDeliveryEventArn(),
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 4 }),
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DeliveryEventsTargetDlq'), 'Arn'] } },
          }),
        ],
      });
    });

    it.each(readdirSync(SES_SAMPLES).filter((name) => name.endsWith('.json')))(
      'has a handler that accepts the sample %s',
      (name) => {
        const event = SesEventBridgeEventSchema.parse(JSON.parse(readFileSync(join(SES_SAMPLES, name), 'utf8')));

        expect(event.detail.eventType.length).toBeGreaterThan(0);
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

    it.each(ENTRY_POINTS.map((entry) => [entry.id]))('alarms on any throttled invocation of %s', (id) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fnOf(id)) } }],
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
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
      ['WebhookQuarantined', 1, 300],
      ['SendingHalted', 1, 300],
      ['ProviderSecretsUnavailable', 1, 300],
      ['RemindersStuckSending', 1, 300],
      ['InvalidDueRecords', 1, 300],
      ['SesSendThrottled', 1, 300],
      ['ReminderSendQuotaReached', 1, 300],
      ['CaptchaUnavailable', 1, 300],
      ['UnhandledHttpErrors', 1, 300],
      // Issue 12's leftovers, written out: a constant edited by mistake must fail here.
      ['IntakeRateLimited', 10, 300],
      ['IntakeFloorExceeded', 10, 3600],
    ])(
      'alarms on Recert %s, summed over every function that counts it, at %s per %s s',
      (metricName, threshold, period) => {
        const expression = `SELECT SUM("${metricName}") FROM SCHEMA("Recert", "service")`;
        const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
          ((alarm.Properties.Metrics ?? []) as MetricQuery[]).some((query) => query.Expression === expression),
        );

        expect(alarms).toHaveLength(1);
        expect(alarms[0]?.Properties).toMatchObject({
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          EvaluationPeriods: 1,
          TreatMissingData: 'notBreaching',
          Metrics: [{ Expression: expression, Period: period, ReturnData: true }],
        });
      },
    );

    it('each Recert alarm sees the metric as Powertools emits it: namespace Recert, dimension service only', () => {
      // The query's SCHEMA matches the metrics whose dimensions are exactly those named, so the EMF directive must
      // carry `service` and nothing else, in the namespace the alarms read.
      const emf = new Metrics({ namespace: FUNCTIONS_METRICS_NAMESPACE, serviceName: SCHEDULED_RUN.id })
        .addMetric(RUN_HEARTBEAT_METRIC, MetricUnit.Count, 1)
        .serializeMetrics();
      const [directive] = emf._aws.CloudWatchMetrics;

      expect(FUNCTIONS_METRICS_NAMESPACE).toBe(RECERT_METRICS_NAMESPACE);
      expect(directive).toMatchObject({ Namespace: RECERT_METRICS_NAMESPACE, Dimensions: [[SERVICE_DIMENSION]] });
      expect(recertMetricQuery(RUN_HEARTBEAT_METRIC)).toBe(
        `SELECT SUM("${RUN_HEARTBEAT_METRIC}") FROM SCHEMA("${RECERT_METRICS_NAMESPACE}", "${SERVICE_DIMENSION}")`,
      );
      expect(emf).toMatchObject({ [SERVICE_DIMENSION]: SCHEDULED_RUN.id, [RUN_HEARTBEAT_METRIC]: 1 });
    });

    it.each(ENTRY_POINTS.map((entry) => [entry.id]))(
      '%s names itself as the Powertools service, the dimension its metrics carry',
      (id) => {
        const variables = (functionProps(id).Environment as { Variables: Record<string, unknown> }).Variables;
        expect(variables.POWERTOOLS_SERVICE_NAME).toBe(id);
      },
    );

    it.each([
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
      // Past what a Metrics Insights alarm can read (3 hours): the run's own series, the one function that emits it.
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Recert',
        MetricName: 'ReminderRunCompleted',
        Dimensions: [{ Name: 'service', Value: SCHEDULED_RUN.id }],
        Period: 86_400,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(RUN_COMPLETED_METRIC).toBe(RUN_HEARTBEAT_METRIC);
    });

    interface MetricQuery {
      readonly Id: string;
      readonly Expression?: string;
      readonly MetricStat?: { readonly Metric: MetricOfStat; readonly Period: number; readonly Stat: string };
    }

    /** The `Metrics` entry of a math alarm that reads `metricName` of `namespace`, for a closer look. */
    function metricStatOf(alarm: { Properties: { Metrics?: unknown[] } }, namespace: string, metricName: string) {
      return (alarm.Properties.Metrics as MetricQuery[] | undefined)?.find(
        (query) =>
          query.MetricStat?.Metric.Namespace === namespace && query.MetricStat.Metric.MetricName === metricName,
      );
    }

    function onlyAlarm(logicalIdPrefix: string) {
      const found = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) =>
        id.startsWith(logicalIdPrefix),
      );
      expect(found, logicalIdPrefix).toHaveLength(1);
      return found[0]![1] as { Properties: Record<string, unknown> & { Metrics?: unknown[] } };
    }

    const stageDimensions = () => [
      { Name: 'ApiId', Value: { Ref: logicalId(stateless.httpApi.api) } },
      { Name: 'Stage', Value: '$default' },
    ];

    it('alarms on the 5xx share of the API stage (≥ 5 %, from 3 responses up), which no function alarm sees', () => {
      const alarm = onlyAlarm('ApiServerErrorsAlarm');
      const errors = metricStatOf(alarm, 'AWS/ApiGateway', '5xx');
      const requests = metricStatOf(alarm, 'AWS/ApiGateway', 'Count');

      expect(API_SERVER_ERROR_RATE_ALARM).toEqual({ percent: 5, minimumErrors: 3 });
      expect(alarm.Properties).toMatchObject({
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
      for (const series of [errors, requests]) {
        expect(series?.MetricStat).toMatchObject({ Period: 300, Stat: 'Sum' });
        expect(series?.MetricStat?.Metric.Dimensions).toEqual(stageDimensions());
      }
      const expression = (alarm.Properties.Metrics as MetricQuery[]).find((query) => query.Expression !== undefined);
      expect(expression?.Expression).toBe(`IF(${errors?.Id} >= 3, 100 * ${errors?.Id} / ${requests?.Id}, 0)`);
    });

    it('alarms on the p99 latency of the API stage held at 3 s or more for 15 minutes', () => {
      expect(API_LATENCY_P99_ALARM_MS).toBe(3000);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        Dimensions: stageDimensions(),
        ExtendedStatistic: 'p99',
        Period: 300,
        Threshold: 3000,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms on any DynamoDB read or write throttling of the table and of every index', () => {
      const alarm = onlyAlarm('DynamoDbThrottlesAlarm');
      // The same cross-stack reference the functions get as TABLE_NAME.
      const tableName = (functionProps(SCHEDULED_RUN.id).Environment as { Variables: Record<string, unknown> })
        .Variables.TABLE_NAME;
      const seen = (alarm.Properties.Metrics ?? []).flatMap((query) => {
        const stat = (query as MetricQuery).MetricStat;
        if (!stat) return [];
        expect(stat.Metric.Namespace).toBe('AWS/DynamoDB');
        const index = stat.Metric.Dimensions.find((dimension) => dimension.Name === 'GlobalSecondaryIndexName');
        expect(stat.Metric.Dimensions.find((dimension) => dimension.Name === 'TableName')?.Value).toEqual(tableName);
        return [`${stat.Metric.MetricName}@${String(index?.Value ?? 'table')}`];
      });

      expect(seen.sort()).toEqual(
        ['table', ...RECERT_TABLE.globalSecondaryIndexes.map((index) => index.indexName)]
          .flatMap((target) => [`ReadThrottleEvents@${target}`, `WriteThrottleEvents@${target}`])
          .sort(),
      );
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    });

    it('alarms on the very metric names the reminder run and the sign-up emit', () => {
      expect([
        REMINDERS_STUCK_SENDING_METRIC,
        INVALID_DUE_RECORDS_METRIC,
        CAPTCHA_UNAVAILABLE_METRIC,
        HANDLER_ERRORS_METRIC,
        SES_SEND_THROTTLED_METRIC,
        SEND_QUOTA_REACHED_METRIC,
        INTAKE_RATE_LIMITED_METRIC,
        INTAKE_FLOOR_EXCEEDED_METRIC,
      ]).toEqual([
        RUN_STUCK_SENDING_METRIC,
        RUN_INVALID_DUE_RECORDS_METRIC,
        SIGNUP_CAPTCHA_UNAVAILABLE_METRIC,
        MAPPER_HANDLER_ERRORS_METRIC,
        RUN_SES_SEND_THROTTLED_METRIC,
        RUN_SEND_QUOTA_REACHED_METRIC,
        SIGNUP_INTAKE_RATE_LIMITED_METRIC,
        SIGNUP_INTAKE_FLOOR_EXCEEDED_METRIC,
      ]);
      expect([INTAKE_RATE_LIMITED_ALARM, INTAKE_FLOOR_EXCEEDED_ALARM]).toEqual([10, { count: 10, periodHours: 1 }]);
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
      // An errors and a throttles alarm per function, one depth alarm per DLQ, fifteen business alarms (SES
      // throttling and the run's quota stop among them, ADR 0025; the intake's 429s and floor overruns, ADR 0028;
      // disabled webhook endpoints, ADR 0035), three platform alarms (API 5xx share, API p99 latency, DynamoDB
      // throttling) and the two pause alarms.
      expect(alarms.length).toBe(2 * ENTRY_POINTS.length + DEAD_LETTER_QUEUES + 15 + 3 + 2);
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
      template.hasOutput('ConfigurationSetName', { Value: 'recert-dev' });
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
