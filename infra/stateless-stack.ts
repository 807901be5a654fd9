import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type EventPattern, Match, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { EventBridgeDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ConfigurationSet, type IConfigurationSet, type IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { REMINDER_TAG_PREFIX } from '../functions/adapters/ses/message-tags.js';
import {
  DELIVERY_EVENTS,
  type EntryPoint,
  HTTP_ROUTES,
  NOT_FOUND_PAGE,
  REPUTATION_GUARD,
  SCHEDULED_RUN,
  TEAM_DIGESTS,
  TEAM_WEBHOOK_DELIVERY,
  TEAM_WEBHOOK_SWEEP,
} from '../functions/entry-points.js';
import { MAX_DELIVERY_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../functions/features/teams/webhook-backoff.js';
import type { AppConfig } from './app-config.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';
import { OperatorDashboard } from './constructs/operator-dashboard.js';
import {
  type ReadableSecret,
  RecertFunction,
  type RecertFunctionProps,
  type RecertTableRef,
} from './constructs/recert-function.js';
import { RecertHttpApi } from './constructs/recert-http-api.js';
import { DELIVERY_EVENT_DETAIL_TYPES } from './stateful-stack.js';

export interface StatelessStackProps extends StackProps {
  readonly table: RecertTableRef;
  readonly senderIdentity: IEmailIdentity;
  /** The stage's SES configuration set (`configurationSetNameFor(stage)` in stateful-stack.ts), by name. */
  readonly configurationSetName: string;
  readonly tokenSigningKey: ReadableSecret;
  readonly providerSecrets: ReadableSecret;
  /** The Turnstile widget's secret key; only the function that verifies sign-up tokens may read it. */
  readonly turnstileSecretKey: ReadableSecret;
  /** The sign-up CAPTCHA (ADR 0015): on unless explicitly off; a missing site key then refuses sign-ups. */
  readonly captcha: AppConfig['captcha'];
  readonly senderAddress: string;
  readonly postalAddress: string;
  /** Public base URL for emailed links; undefined uses the HTTP API's own endpoint. */
  readonly baseUrl: string | undefined;
  /** Hour of the day (UTC) the daily reminder run starts. */
  readonly scheduleHourUtc: number;
  /** Subscribed by email to the alarm topic when given. */
  readonly alarmEmail: string | undefined;
}

/**
 * Custom metrics the handlers emit through CloudWatch embedded metric format (Powertools Metrics, ADR 0028), each
 * with one dimension: `service`, the emitting function's entry-point id (`POWERTOOLS_SERVICE_NAME`).
 */
export const RECERT_METRICS_NAMESPACE = 'Recert';
/** The one dimension every Recert metric carries. */
export const SERVICE_DIMENSION = 'service';
export const WEBHOOK_QUARANTINED_METRIC = 'WebhookQuarantined';
/** A team's webhook endpoint turned off after an event failed for about 24 hours (ADR 0035). */
export const WEBHOOK_ENDPOINT_DISABLED_METRIC = 'WebhookEndpointDisabled';
/** Records per invocation of the webhook delivery: each POST may take its 5 s timeout, well inside the 30 s. */
export const TEAM_WEBHOOK_BATCH_SIZE = 4;
export const SENDING_HALTED_METRIC = 'SendingHalted';
export const PROVIDER_SECRETS_UNAVAILABLE_METRIC = 'ProviderSecretsUnavailable';
/** Ledger rows a crashed or unanswered send left SENDING past their lease (ADR 0010). */
export const REMINDERS_STUCK_SENDING_METRIC = 'RemindersStuckSending';
/** Due-index items that are not valid trainers: skipped by the run, so they would never be reminded. */
export const INVALID_DUE_RECORDS_METRIC = 'InvalidDueRecords';
export const RUN_COMPLETED_METRIC = 'ReminderRunCompleted';
/** SES sends SES throttled (ADR 0025): the run is paced under the account's rate, so every one is a fault. */
export const SES_SEND_THROTTLED_METRIC = 'SesSendThrottled';
/** The run stopped because its share of the 24-hour SES quota ran out; the rest waits for quota (ADR 0025). */
export const SEND_QUOTA_REACHED_METRIC = 'ReminderSendQuotaReached';
/** How the run reads its quota at the start of every invocation; SES defines no resource type for it. */
export const SEND_QUOTA_ACTION = 'ses:GetSendQuota';
/**
 * Unexpected exceptions the error mapper turned into a 500 (functions/edge/map-errors.ts). The function's own
 * `Errors` metric never counts them: the handler returned a response, so Lambda saw a success.
 */
export const HANDLER_ERRORS_METRIC = 'UnhandledHttpErrors';
/**
 * The HTTP API's 5xx share of all responses of its stage in 5 minutes, in percent, and the fewest 5xx responses that
 * may raise it: a share alone would page on one retried 503 at night, and each bug already pages through
 * `HANDLER_ERRORS_METRIC`; this one catches what no handler sees (timeouts, throttled or crashed integrations).
 */
export const API_SERVER_ERROR_RATE_ALARM = { percent: 5, minimumErrors: 3 } as const;
/**
 * p99 of the API's response time (API Gateway's `Latency`, integration included) in milliseconds, held for three
 * 5-minute periods in a row: a cold start with its secret reads stays well under it, and one slow period does not
 * page; a DynamoDB, SES or Turnstile call hanging towards its 10 s timeout does.
 */
export const API_LATENCY_P99_ALARM_MS = 3000;
export const API_LATENCY_ALARM_PERIODS = 3;
/**
 * Throttled invocations of one function in 5 minutes. No Recert function reserves concurrency, so any throttle
 * means the account's regional pool (or its burst limit) ran out: asynchronous invocations are retried by Lambda
 * for up to 6 hours, synchronous ones fail the HTTP request.
 */
export const LAMBDA_THROTTLES_ALARM = 1;
/**
 * Read and write throttle events on the table and its indexes in 5 minutes. On-demand tables throttle only on a hot
 * partition or a jump past twice the previous peak; the SDK retries each one, so a single event costs latency and
 * sustained ones fail requests.
 */
export const DYNAMODB_THROTTLES_ALARM = 1;
/** Sign-ups refused with 503 because Turnstile gave no verdict (unreachable, failing, or our secret is wrong). */
export const CAPTCHA_UNAVAILABLE_METRIC = 'CaptchaUnavailable';
/** Sign-up and status-link requests refused with 429 by the per-network limit (ADR 0024). */
export const INTAKE_RATE_LIMITED_METRIC = 'IntakeRateLimited';
/**
 * 429s in 5 minutes that page: one network may make 10 requests per 10 minutes, so a person retrying at a venue
 * produces a few; ten or more is a flood from one network, or a limit too tight for a shared one.
 */
export const INTAKE_RATE_LIMITED_ALARM = 10;
/** Sign-up and status-link answers whose work ran past the response-time floor (ADR 0024). */
export const INTAKE_FLOOR_EXCEEDED_METRIC = 'IntakeFloorExceeded';
/**
 * Answers past the floor in one hour that page. A cold start (its secret reads) can pass the floor now and then;
 * ten in an hour means the floor no longer hides which path an address took: raise it or find the slow dependency.
 */
export const INTAKE_FLOOR_EXCEEDED_ALARM = { count: 10, periodHours: 1 } as const;

/**
 * The reminder run's hand-over to a fresh invocation (docs/reminders.md, ADR 0010): with under a minute left it
 * returns `{ status: 'continued', continuation: <the scheduled event> }`; Lambda's on-success destination puts that
 * result on the default bus as this detail type, and a rule feeds `continuation` back to the same function.
 */
export const LAMBDA_SUCCESS_DETAIL_TYPE = 'Lambda Function Invocation Result - Success';
export const CONTINUED_STATUS = 'continued';
export const CONTINUATION_INPUT_PATH = '$.detail.responsePayload.continuation';

/** Alarm levels on SES reputation, below the AWS review thresholds of 5 % bounces and 0.1 % complaints. */
export const SES_BOUNCE_RATE_ALARM = 0.02;
export const SES_COMPLAINT_RATE_ALARM = 0.0005;
/**
 * Levels at which the reputation guard turns sending off on the configuration set (reliability item 28, ADR 0014):
 * close enough to the AWS review thresholds to be a real problem, with room left to stop before reaching them.
 */
export const SES_BOUNCE_RATE_PAUSE = 0.04;
export const SES_COMPLAINT_RATE_PAUSE = 0.0008;
/** What CloudWatch puts on the default bus whenever an alarm changes state, and the state that pauses sending. */
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';
export const PAUSING_ALARM_STATE = 'ALARM';

/** Retries of an EventBridge target, then of Lambda's own async invocation, before an event goes to a DLQ. */
export const EVENT_TARGET_RETRIES = { retryAttempts: 4, maxEventAge: Duration.hours(2) } as const;
export const ASYNC_INVOKE_RETRIES = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;
/**
 * A continuation finishes today's run: retried harder than the daily event (a lost one leaves today's remaining
 * trainers to tomorrow's run), but only for 6 hours, so a stale hand-over never overlaps the next day's run (≥ 18 h
 * later); what is still undelivered then goes to the reminder run's target DLQ.
 */
export const CONTINUATION_TARGET_RETRIES = { retryAttempts: 16, maxEventAge: Duration.hours(6) } as const;

const SIZING: Record<'http' | 'scheduled' | 'events', Pick<RecertFunctionProps, 'timeout' | 'memorySize'>> = {
  // API Gateway gives up after 30 s; a handler that needs more than 10 s is broken, not slow.
  http: { timeout: Duration.seconds(10), memorySize: 512 },
  // The run checkpoints and stops starting sends when under a minute remains (reliability item 18).
  scheduled: { timeout: Duration.minutes(15), memorySize: 1024 },
  events: { timeout: Duration.seconds(30), memorySize: 256 },
};

/**
 * Only the SES events that change something (ADR 0025), so a reminder costs one RecordDeliveryEvent invocation, not
 * two: a permanent bounce or a complaint of any email of this configuration set (the address is suppressed), and
 * the Send event of a reminder, which carries the `reminderKey…` tags that reconcile ledger rows a crashed run left
 * SENDING. Transient bounces and the Send events of sign-up, status-link and credit emails (no reminder tag) are
 * filtered out here; Delivery events are no longer published at all (stateful-stack.ts).
 */
export function deliveryEventPattern(configurationSetName: string): EventPattern {
  const ours = { 'ses:configuration-set': [configurationSetName] };
  return {
    source: ['aws.ses'],
    detailType: [...DELIVERY_EVENT_DETAIL_TYPES],
    detail: {
      $or: [
        { eventType: ['Bounce'], bounce: { bounceType: ['Permanent'] }, mail: { tags: ours } },
        { eventType: ['Complaint'], mail: { tags: ours } },
        // Every reminder carries reminderKey1 (message-tags.ts); no other Recert email carries any reminder tag.
        { eventType: ['Send'], mail: { tags: { ...ours, [`${REMINDER_TAG_PREFIX}1`]: [{ exists: true }] } } },
      ],
    },
  };
}

const atLeast = (threshold: number) => ({
  threshold,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: TreatMissingData.NOT_BREACHING,
});

/**
 * A Recert metric summed over every function that emits it (CloudWatch Metrics Insights over the metrics whose only
 * dimension is `service`), so one alarm sees it whichever functions count it, today's and tomorrow's. Insights
 * alarms read the last 3 hours only, so `period` stays well under that.
 */
export const recertMetricQuery = (metricName: string) =>
  `SELECT SUM("${metricName}") FROM SCHEMA("${RECERT_METRICS_NAMESPACE}", "${SERVICE_DIMENSION}")`;

const acrossFunctions = (metricName: string, period = Duration.minutes(5)) =>
  new MathExpression({ expression: recertMetricQuery(metricName), usingMetrics: {}, period, label: metricName });

/** An account-level SES reputation metric (`Reputation.BounceRate`, `Reputation.ComplaintRate`): a rate, 0–1. */
const reputationMetric = (metricName: string) =>
  new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });

/**
 * The code: one function per entry point of functions/entry-points.ts, the HTTP API, the daily schedule, the SES event
 * rule, the reputation guard, the alarms and the topic they notify. Safe to destroy and redeploy; all state lives in
 * the stateful stack passed in as props.
 */
export class StatelessStack extends Stack {
  readonly httpApi: RecertHttpApi;
  /** Every function by entry-point id (HTTP routes, the reminder run, the delivery-event handler, the guard). */
  readonly functions: ReadonlyMap<string, RecertFunction>;
  /** Every alarm of the stack; each notifies `alarmTopic` on ALARM and on OK. */
  readonly alarms: readonly Alarm[];
  readonly alarmTopic: Topic;
  /** The stage's configuration set, referenced by name (it lives in the stateful stack). */
  private readonly configurationSet: IConfigurationSet;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    this.configurationSet = ConfigurationSet.fromConfigurationSetName(
      this,
      'SendingConfiguration',
      props.configurationSetName,
    );
    const alarms: Alarm[] = [];
    const functions = new Map<string, RecertFunction>();
    if (props.captcha.enabled && props.captcha.siteKey === undefined) {
      Annotations.of(this).addWarningV2(
        'recert:captchaSiteKeyMissing',
        'The sign-up CAPTCHA is on but no -c captchaSiteKey was given: every sign-up is refused (503) until it is ' +
          '(docs/deploy.md). A deployment without CAPTCHA needs -c captcha=off (not for production).',
      );
    }

    const httpFunctions = HTTP_ROUTES.map((route) => ({ route, handler: this.lambdaFor(route, 'http', props) }));
    const notFound = this.lambdaFor(NOT_FOUND_PAGE, 'http', props);
    this.httpApi = new RecertHttpApi(this, 'Http', { routes: httpFunctions, notFound });
    const baseUrl = props.baseUrl ?? this.httpApi.url;

    const reminderRun = this.lambdaFor(SCHEDULED_RUN, 'scheduled', props);
    // The run paces itself under the account's quota (ADR 0025). GetSendQuota reads and sends nothing, and has no
    // resource type, so "*" is the only scope IAM accepts for it.
    reminderRun.addToRolePolicy(new PolicyStatement({ actions: [SEND_QUOTA_ACTION], resources: ['*'] }));
    Validations.of(reminderRun.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Besides X-Ray (no resource-level permissions), the reminder run reads the SES send quota with ' +
        'ses:GetSendQuota, which has no resource type; it grants reading the quota only, never sending.',
    });
    const deliveryEvents = this.lambdaFor(DELIVERY_EVENTS, 'events', props);
    const reputationGuard = this.lambdaFor(REPUTATION_GUARD, 'events', props);
    const teamDigests = this.lambdaFor(TEAM_DIGESTS, 'scheduled', props);
    const teamWebhookSweep = this.lambdaFor(TEAM_WEBHOOK_SWEEP, 'scheduled', props);
    const teamWebhookDelivery = this.lambdaFor(TEAM_WEBHOOK_DELIVERY, 'events', props);
    const everyFunction = [
      ...httpFunctions.map(({ handler }) => handler),
      notFound,
      reminderRun,
      deliveryEvents,
      reputationGuard,
      teamDigests,
      teamWebhookSweep,
      teamWebhookDelivery,
    ];
    const teamWebhookQueue = this.teamWebhookQueue(teamWebhookDelivery, alarms);
    for (const fn of everyFunction) {
      fn.addEnvironment('BASE_URL', baseUrl);
      if (fn.entryPoint.publishesTeamEvents) {
        teamWebhookQueue.grantSendMessages(fn);
        fn.addEnvironment('WEBHOOK_QUEUE_URL', teamWebhookQueue.queueUrl);
      }
      functions.set(fn.entryPoint.id, fn);
      alarms.push(...this.functionAlarms(fn));
    }

    const daily = new Rule(this, 'DailyReminderRun', {
      description: `Starts the reminder run every day at ${props.scheduleHourUtc}:00 UTC`,
      schedule: Schedule.cron({ minute: '0', hour: String(props.scheduleHourUtc) }),
    });
    const reminderRunDlq = this.eventTargetDlq('ReminderRun', 'reminder-run events', alarms);
    // On-success destination: every successful async run lands on the default bus; the rule below keeps only the
    // runs that stopped early and hands their `continuation` (the same scheduled event) back to this function.
    this.retryAsyncFailures('ReminderRun', reminderRun, 'reminder-run events', alarms, new EventBridgeDestination());
    daily.addTarget(new LambdaFunction(reminderRun, { ...EVENT_TARGET_RETRIES, deadLetterQueue: reminderRunDlq }));

    const continuation = new Rule(this, 'ReminderRunContinuation', {
      description: 'A reminder run that stopped with under a minute left → the same function, with the same event',
      eventPattern: {
        source: ['lambda'],
        detailType: [LAMBDA_SUCCESS_DETAIL_TYPE],
        detail: {
          // Lambda reports the qualified ARN (`…:function:<name>:$LATEST`): the prefix up to the colon is this
          // function and no other whose name merely starts with the same characters.
          requestContext: { functionArn: Match.prefix(`${reminderRun.functionArn}:`) },
          responsePayload: { status: [CONTINUED_STATUS] },
        },
      },
    });
    continuation.addTarget(
      new LambdaFunction(reminderRun, {
        event: RuleTargetInput.fromEventPath(CONTINUATION_INPUT_PATH),
        ...CONTINUATION_TARGET_RETRIES,
        deadLetterQueue: reminderRunDlq,
      }),
    );

    const sesEvents = new Rule(this, 'DeliveryEventsRule', {
      description:
        'Permanent bounces, complaints and reminder Send events of the Recert configuration set → RecordDeliveryEvent',
      eventPattern: deliveryEventPattern(props.configurationSetName),
    });
    const deliveryEventsDlq = this.eventTargetDlq('DeliveryEvents', 'SES delivery events', alarms);
    this.retryAsyncFailures('DeliveryEvents', deliveryEvents, 'SES delivery events', alarms);
    sesEvents.addTarget(
      new LambdaFunction(deliveryEvents, { ...EVENT_TARGET_RETRIES, deadLetterQueue: deliveryEventsDlq }),
    );

    const pauseAlarms = this.reputationPauseAlarms();
    const reputationAlarms = new Rule(this, 'ReputationGuardRule', {
      description: 'An SES bounce- or complaint-rate pause alarm entered ALARM → PauseSending turns sending off',
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: [ALARM_STATE_CHANGE_DETAIL_TYPE],
        // These two alarms only: every alarm of the account puts its state changes on the default bus.
        resources: pauseAlarms.map((alarm) => alarm.alarmArn),
        detail: { state: { value: [PAUSING_ALARM_STATE] } },
      },
    });
    const reputationGuardDlq = this.eventTargetDlq('ReputationGuard', 'reputation alarm events', alarms);
    this.retryAsyncFailures('ReputationGuard', reputationGuard, 'reputation alarm events', alarms);
    reputationAlarms.addTarget(
      new LambdaFunction(reputationGuard, { ...EVENT_TARGET_RETRIES, deadLetterQueue: reputationGuardDlq }),
    );

    // The monthly team digest (ADR 0033): the 1st to 3rd of the month, so a day that could not send catches up; the
    // digest's ledger sends each team's at most once per month however often it fires.
    const monthlyDigest = new Rule(this, 'MonthlyTeamDigest', {
      description: `Emails each team manager the month's roster digest, days 1-3 at ${props.scheduleHourUtc}:30 UTC`,
      schedule: Schedule.cron({ minute: '30', hour: String(props.scheduleHourUtc), day: '1-3' }),
    });
    const teamDigestsDlq = this.eventTargetDlq('TeamDigests', 'team digest events', alarms);
    this.retryAsyncFailures('TeamDigests', teamDigests, 'team digest events', alarms);
    monthlyDigest.addTarget(
      new LambdaFunction(teamDigests, { ...EVENT_TARGET_RETRIES, deadLetterQueue: teamDigestsDlq }),
    );

    // The status-change sweep (ADR 0035): daily, after the digest's slot, since phases change with time alone.
    const webhookSweep = new Rule(this, 'DailyTeamWebhookSweep', {
      description: `Publishes team members' status changes to their teams' webhooks, daily at ${props.scheduleHourUtc}:45 UTC`,
      schedule: Schedule.cron({ minute: '45', hour: String(props.scheduleHourUtc) }),
    });
    const webhookSweepDlq = this.eventTargetDlq('TeamWebhookSweep', 'team webhook sweep events', alarms);
    this.retryAsyncFailures('TeamWebhookSweep', teamWebhookSweep, 'team webhook sweep events', alarms);
    webhookSweep.addTarget(
      new LambdaFunction(teamWebhookSweep, { ...EVENT_TARGET_RETRIES, deadLetterQueue: webhookSweepDlq }),
    );

    alarms.push(...this.businessAlarms(), ...this.platformAlarms(props.table), ...pauseAlarms);
    this.alarmTopic = this.createAlarmTopic(props.alarmEmail);
    // OK as well as ALARM: whoever was paged also learns when it is over.
    const notify = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
    this.functions = functions;
    this.alarms = alarms;
    new OperatorDashboard(this, 'OperatorDashboard', {
      reminderRun,
      httpStage: this.httpApi.stage,
      accessLogs: this.httpApi.accessLogs,
      deadLetterQueues: this.node.findAll().filter((child) => child instanceof DeadLetterQueue),
      thresholds: {
        bounceRate: { alarm: SES_BOUNCE_RATE_ALARM, pause: SES_BOUNCE_RATE_PAUSE },
        complaintRate: { alarm: SES_COMPLAINT_RATE_ALARM, pause: SES_COMPLAINT_RATE_PAUSE },
        apiLatencyP99Ms: API_LATENCY_P99_ALARM_MS,
      },
      alarms,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Recert HTTP API (the $default stage)' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'SNS topic every Recert alarm notifies (subscribe on-call email, chat or paging to it)',
    });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: props.configurationSetName,
      description: 'SES configuration set the reputation guard pauses; re-enabling it is manual (docs/deploy.md)',
    });
  }

  private lambdaFor(entryPoint: EntryPoint, kind: keyof typeof SIZING, props: StatelessStackProps): RecertFunction {
    const fn = new RecertFunction(this, entryPoint.id, {
      entryPoint,
      ...SIZING[kind],
      environment: { SENDER_ADDRESS: props.senderAddress, POSTAL_ADDRESS: props.postalAddress },
    });
    fn.bindTable(props.table, entryPoint.tableActions, entryPoint.indexes);
    if (entryPoint.sendsEmail) fn.allowSending(props.senderIdentity, this.configurationSet);
    if (entryPoint.usesTokens) fn.readSecret(props.tokenSigningKey, 'TOKEN_KEY_SECRET_ARN');
    if (entryPoint.usesProviderSecrets) fn.readSecret(props.providerSecrets, 'PROVIDER_SECRETS_ARN');
    if (props.captcha.enabled) {
      if (entryPoint.rendersCaptcha && props.captcha.siteKey !== undefined) {
        fn.addEnvironment('TURNSTILE_SITE_KEY', props.captcha.siteKey);
      }
      // Even without a site key: the verifier then refuses every sign-up (fail closed) instead of skipping the check.
      if (entryPoint.verifiesCaptcha) fn.readSecret(props.turnstileSecretKey, 'TURNSTILE_SECRET_ARN');
    }
    if (entryPoint.pausesSending) fn.allowPausingSending(this.configurationSet);
    if (kind === 'http') {
      Validations.of(fn).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'API Gateway invokes this function synchronously: a failure is the HTTP response the client sees and ' +
          'retries, and Lambda never sends a synchronous invocation to a dead-letter queue.',
      });
    }
    return fn;
  }

  /**
   * Per function: any error (an uncaught exception, a crash or a timeout; the HTTP handlers' 500s are counted by
   * `HANDLER_ERRORS_METRIC` instead) and any throttle (the regional concurrency pool ran out; Lambda's `Errors`
   * never counts a throttled invocation).
   */
  private functionAlarms(fn: RecertFunction): Alarm[] {
    const id = fn.entryPoint.id;
    const everyFiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' } as const;
    return [
      new Alarm(this, `${id}ErrorsAlarm`, {
        alarmDescription: `${id} failed at least once in 5 minutes; see its log group.`,
        metric: fn.metricErrors(everyFiveMinutes),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, `${id}ThrottlesAlarm`, {
        alarmDescription:
          `${id} was throttled in the last 5 minutes: the account's Lambda concurrency in this region ran out ` +
          '(Recert reserves none). Check ClaimedAccountConcurrency and what else runs in the account.',
        metric: fn.metricThrottles(everyFiveMinutes),
        ...atLeast(LAMBDA_THROTTLES_ALARM),
      }),
    ];
  }

  /**
   * What the platform under the handlers reports: the API's 5xx share and p99 latency on its stage, and DynamoDB
   * throttling on the table and each of its indexes.
   */
  private platformAlarms(table: RecertTableRef): Alarm[] {
    const stage = this.httpApi.stage;
    const fiveMinutes = Duration.minutes(5);
    const { percent, minimumErrors } = API_SERVER_ERROR_RATE_ALARM;

    // One read and one write series for the table, then for each index (an index throttles on its own partitions).
    const throttleSeries: Record<string, IMetric> = {};
    const targets = [undefined, ...table.indexNames];
    targets.forEach((indexName, n) => {
      const dimensionsMap = {
        TableName: table.table.tableName,
        ...(indexName === undefined ? {} : { GlobalSecondaryIndexName: indexName }),
      };
      for (const [prefix, metricName] of [
        ['read', 'ReadThrottleEvents'],
        ['write', 'WriteThrottleEvents'],
      ] as const) {
        throttleSeries[`${prefix}${n}`] = new Metric({
          namespace: 'AWS/DynamoDB',
          metricName,
          dimensionsMap,
          period: fiveMinutes,
          statistic: 'Sum',
        });
      }
    });

    return [
      new Alarm(this, 'ApiServerErrorsAlarm', {
        alarmDescription:
          `At least ${percent} % of the HTTP API's responses in 5 minutes were 5xx (and at least ${minimumErrors} of ` +
          'them): see the access log (status, integrationError) and the function logs of the routes.',
        metric: new MathExpression({
          // Below the floor the share reads 0, so a quiet night's single retried 503 never pages.
          expression: `IF(errors >= ${minimumErrors}, 100 * errors / requests, 0)`,
          usingMetrics: {
            errors: stage.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
            requests: stage.metricCount({ period: fiveMinutes, statistic: 'Sum' }),
          },
          label: 'HTTP API 5xx share (%)',
          period: fiveMinutes,
        }),
        ...atLeast(percent),
      }),
      new Alarm(this, 'ApiLatencyAlarm', {
        alarmDescription:
          `The HTTP API's p99 response time stayed at or above ${API_LATENCY_P99_ALARM_MS} ms for ` +
          `${API_LATENCY_ALARM_PERIODS * 5} minutes: compare IntegrationLatency and the function durations, then ` +
          'the DynamoDB, SES and Turnstile calls in the X-Ray traces.',
        metric: stage.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
        threshold: API_LATENCY_P99_ALARM_MS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: API_LATENCY_ALARM_PERIODS,
        datapointsToAlarm: API_LATENCY_ALARM_PERIODS,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'DynamoDbThrottlesAlarm', {
        alarmDescription:
          'DynamoDB throttled reads or writes on the Recert table or an index in the last 5 minutes (the SDK ' +
          'retried them): look for a hot partition (CloudWatch Contributor Insights) or a sudden burst of traffic.',
        metric: new MathExpression({
          expression: `SUM([${Object.keys(throttleSeries).join(', ')}])`,
          usingMetrics: throttleSeries,
          label: 'DynamoDB read + write throttle events',
          period: fiveMinutes,
        }),
        ...atLeast(DYNAMODB_THROTTLES_ALARM),
      }),
    ];
  }

  /**
   * The status-change webhook queue (ADR 0035) and its delivery function. A failed attempt comes back after its
   * backoff (the function sets the message's visibility, at most 8 h), MAX_DELIVERY_ATTEMPTS in about 24 h; then the
   * function turns the endpoint off and settles the message. Only a message the function itself keeps failing on
   * (unreadable, or a fault of ours) passes maxReceiveCount into the dead-letter queue, which alarms.
   */
  private teamWebhookQueue(delivery: RecertFunction, alarms: Alarm[]): Queue {
    const dlq = new DeadLetterQueue(this, 'TeamWebhookDlq', {
      purpose: 'team webhook events the delivery function failed on repeatedly',
    });
    alarms.push(dlq.depthAlarm);
    const longestWait = Math.max(...RETRY_DELAYS_SECONDS);
    const queue = new Queue(this, 'TeamWebhookQueue', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      // Six times the function's timeout (AWS's advice for Lambda consumers); retries set their own, longer wait.
      visibilityTimeout: Duration.seconds(180),
      // Past the ~24 h of retries with room for an outage of the function itself.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: dlq.queue, maxReceiveCount: MAX_DELIVERY_ATTEMPTS + 3 },
    });
    if (longestWait > 12 * 3600) throw new Error('a retry wait is longer than SQS visibility allows (12 h)');
    delivery.addEventSource(
      new SqsEventSource(queue, { batchSize: TEAM_WEBHOOK_BATCH_SIZE, reportBatchItemFailures: true }),
    );
    delivery.addEnvironment('WEBHOOK_QUEUE_URL', queue.queueUrl);
    Validations.of(delivery).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'SQS invokes this function synchronously through an event source mapping; failed messages go to the ' +
        "queue's own dead-letter queue (with a depth alarm), not to a Lambda DLQ.",
    });
    Validations.of(delivery).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason:
        'An SQS event source mapping takes no on-failure destination: a message that keeps failing moves to the ' +
        "queue's redrive dead-letter queue (TeamWebhookDlq, alarmed) after maxReceiveCount.",
    });
    return queue;
  }

  /** Where EventBridge parks events it could not deliver to a target after its own retries. */
  private eventTargetDlq(id: string, purpose: string, alarms: Alarm[]): Queue {
    const undelivered = new DeadLetterQueue(this, `${id}TargetDlq`, {
      purpose: `${purpose} EventBridge could not deliver`,
    });
    alarms.push(undelivered.depthAlarm);
    return undelivered.queue;
  }

  /**
   * Lambda's own handling of an async invocation (one config per function): retry a failure, then send it to an
   * on-failure queue; optionally report successes to `onSuccess`.
   */
  private retryAsyncFailures(
    id: string,
    fn: RecertFunction,
    purpose: string,
    alarms: Alarm[],
    onSuccess?: IDestination,
  ): void {
    const failed = new DeadLetterQueue(this, `${id}FailureQueue`, { purpose: `${purpose} the function failed on` });
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Async failures go to an SQS on-failure destination (with a depth alarm) set just below: it carries the ' +
        'error and the request context, which a classic dead-letter queue does not, and Lambda uses one or the other.',
    });
    fn.configureAsyncInvoke({
      ...ASYNC_INVOKE_RETRIES,
      onFailure: new SqsDestination(failed.queue),
      ...(onSuccess ? { onSuccess } : {}),
    });
    alarms.push(failed.depthAlarm);
  }

  /**
   * The topic every alarm notifies, encrypted with its own key: CloudWatch cannot publish to a topic encrypted with
   * the AWS managed SNS key, whose policy does not let CloudWatch use it and cannot be edited.
   */
  private createAlarmTopic(alarmEmail: string | undefined): Topic {
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts Recert alarm notifications in the alarm topic',
      enableKeyRotation: true,
      // It protects notifications in transit through SNS only; nothing encrypted with it outlives this stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');

    const topic = new Topic(this, 'AlarmTopic', { displayName: 'Recert alarms', enforceSSL: true, masterKey: key });
    // enforceSSL gives the topic its own policy, which replaces SNS's default one (that let this account's alarms
    // publish): without this statement every alarm action would fail with "not authorized to perform SNS:Publish".
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarmsToPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // SNS mails a confirmation link first; nothing arrives until it is clicked.
    if (alarmEmail) {
      const subscription = topic.addSubscription(new EmailSubscription(alarmEmail));
      Validations.of(subscription).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An alarm email SNS could not deliver loses no data: the alarm state and its history stay in CloudWatch, ' +
          'and every later ALARM/OK transition is mailed again. A queue nobody watches would add nothing.',
      });
    }
    return topic;
  }

  /**
   * Alarms one step past the warning ones below: entering ALARM makes the reputation guard turn sending off on the
   * configuration set (ADR 0014). The rule that routes them to the guard matches these two ARNs only.
   */
  private reputationPauseAlarms(): [Alarm, Alarm] {
    return [
      new Alarm(this, 'SesBounceRatePauseAlarm', {
        alarmDescription:
          'SES bounce rate reached 4 %: sending is now OFF on the configuration set (reminders stay pending). ' +
          'Find the cause, then re-enable by hand (docs/deploy.md).',
        metric: reputationMetric('Reputation.BounceRate'),
        ...atLeast(SES_BOUNCE_RATE_PAUSE),
      }),
      new Alarm(this, 'SesComplaintRatePauseAlarm', {
        alarmDescription:
          'SES complaint rate reached 0.08 %: sending is now OFF on the configuration set (reminders stay pending). ' +
          'Find the cause, then re-enable by hand (docs/deploy.md).',
        metric: reputationMetric('Reputation.ComplaintRate'),
        ...atLeast(SES_COMPLAINT_RATE_PAUSE),
      }),
    ];
  }

  private businessAlarms(): Alarm[] {
    const custom = (metricName: string) => acrossFunctions(metricName);
    return [
      new Alarm(this, 'WebhookQuarantinedAlarm', {
        alarmDescription: 'A signed webhook failed schema validation and was quarantined; inspect and replay it.',
        metric: custom(WEBHOOK_QUARANTINED_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'WebhookEndpointDisabledAlarm', {
        alarmDescription:
          "A team's status-change webhook endpoint was turned off after an event failed for about 24 hours; its " +
          'manager was emailed. See the DeliverTeamWebhooks log and the team page.',
        metric: custom(WEBHOOK_ENDPOINT_DISABLED_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'SendingHaltedAlarm', {
        alarmDescription:
          'The reminder run stopped sending (SES quota, paused or suspended, or emailed links refused: check BASE_URL); ' +
          'reminders stay pending.',
        metric: custom(SENDING_HALTED_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'RemindersStuckSendingAlarm', {
        alarmDescription:
          'Reminders stayed SENDING past their 10-min lease (crash or unknown SES outcome); without SES Send events ' +
          'each is re-sent once, then FAILED. See ADR 0010.',
        metric: custom(REMINDERS_STUCK_SENDING_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'InvalidDueRecordsAlarm', {
        alarmDescription:
          'The due index holds items that are not valid trainers; the run skips them, so those trainers get no reminder.',
        metric: custom(INVALID_DUE_RECORDS_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'SesSendThrottledAlarm', {
        alarmDescription:
          'SES throttled reminder sends although the run paces itself under the account quota (ADR 0025): another ' +
          'sender shares the account, or the quota dropped. Throttled reminders are retried, then left PENDING.',
        metric: custom(SES_SEND_THROTTLED_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'ReminderSendQuotaReachedAlarm', {
        alarmDescription:
          "The reminder run used up its share of the 24-hour SES quota and stopped; the rest of the day's reminders " +
          'wait for quota (the next run catches up). Request a higher SES sending quota (ADR 0025).',
        metric: custom(SEND_QUOTA_REACHED_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'ProviderSecretsUnavailableAlarm', {
        alarmDescription:
          'The webhook function could not read or parse the provider-secrets secret and answered 5xx (fail closed).',
        metric: custom(PROVIDER_SECRETS_UNAVAILABLE_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'CaptchaUnavailableAlarm', {
        alarmDescription:
          'Sign-ups were refused with 503: Turnstile siteverify gave no verdict (unreachable, failing, or the ' +
          'TurnstileSecretKey secret does not hold the widget secret key). See the SubmitSignup log.',
        metric: custom(CAPTCHA_UNAVAILABLE_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'DailyRunMissingAlarm', {
        alarmDescription:
          'No daily reminder run completed in the last 24 hours (missing data counts): check the SendDueReminders ' +
          'function, its schedule and its log, then run it again (the day resumes from its checkpoint).',
        // A day's period is past what a Metrics Insights alarm can read, and only the run emits the heartbeat.
        metric: new Metric({
          namespace: RECERT_METRICS_NAMESPACE,
          metricName: RUN_COMPLETED_METRIC,
          dimensionsMap: { [SERVICE_DIMENSION]: SCHEDULED_RUN.id },
          period: Duration.days(1),
          statistic: 'Sum',
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
      new Alarm(this, 'HandlerErrorsAlarm', {
        alarmDescription:
          'An HTTP handler hit an unexpected exception and answered 500 (the function itself succeeded, so its ' +
          'Errors alarm stays quiet): search the function logs for "unhandled error".',
        metric: custom(HANDLER_ERRORS_METRIC),
        ...atLeast(1),
      }),
      new Alarm(this, 'IntakeRateLimitedAlarm', {
        alarmDescription:
          `At least ${INTAKE_RATE_LIMITED_ALARM} sign-up or status-link requests in 5 minutes were refused with 429 by ` +
          'the per-network limit (ADR 0024): a flood from one network, or a venue sharing one address. Check the ' +
          'SubmitSignup and RequestStatusLink logs ("too many requests from one network").',
        metric: custom(INTAKE_RATE_LIMITED_METRIC),
        ...atLeast(INTAKE_RATE_LIMITED_ALARM),
      }),
      new Alarm(this, 'IntakeFloorExceededAlarm', {
        alarmDescription:
          `At least ${INTAKE_FLOOR_EXCEEDED_ALARM.count} sign-up or status-link answers in an hour took longer than ` +
          'the response-time floor (ADR 0024), so their timing may show which path an address took: find the slow ' +
          'dependency (DynamoDB, SES, Turnstile) or raise INTAKE_FLOOR_MS.',
        metric: acrossFunctions(INTAKE_FLOOR_EXCEEDED_METRIC, Duration.hours(INTAKE_FLOOR_EXCEEDED_ALARM.periodHours)),
        ...atLeast(INTAKE_FLOOR_EXCEEDED_ALARM.count),
      }),
      new Alarm(this, 'SesBounceRateAlarm', {
        alarmDescription: 'SES bounce rate reached 2 % (AWS reviews the account at 5 %).',
        metric: reputationMetric('Reputation.BounceRate'),
        ...atLeast(SES_BOUNCE_RATE_ALARM),
      }),
      new Alarm(this, 'SesComplaintRateAlarm', {
        alarmDescription: 'SES complaint rate reached 0.05 % (AWS reviews the account at 0.1 %).',
        metric: reputationMetric('Reputation.ComplaintRate'),
        ...atLeast(SES_COMPLAINT_RATE_ALARM),
      }),
    ];
  }
}
