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
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Match, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { EventBridgeDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  DELIVERY_EVENTS,
  type EntryPoint,
  HTTP_ROUTES,
  NOT_FOUND_PAGE,
  REPUTATION_GUARD,
  SCHEDULED_RUN,
} from '../functions/entry-points.js';
import type { AppConfig } from './app-config.js';
import { DeadLetterQueue } from './constructs/dead-letter-queue.js';
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
  readonly configurationSet: IConfigurationSet;
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

/** Custom metrics the handlers emit through CloudWatch embedded metric format, with no dimensions. */
export const RECERT_METRICS_NAMESPACE = 'Recert';
export const WEBHOOK_QUARANTINED_METRIC = 'WebhookQuarantined';
export const SENDING_HALTED_METRIC = 'SendingHalted';
export const PROVIDER_SECRETS_UNAVAILABLE_METRIC = 'ProviderSecretsUnavailable';
/** Ledger rows a crashed or unanswered send left SENDING past their lease (ADR 0010). */
export const REMINDERS_STUCK_SENDING_METRIC = 'RemindersStuckSending';
/** Due-index items that are not valid trainers: skipped by the run, so they would never be reminded. */
export const INVALID_DUE_RECORDS_METRIC = 'InvalidDueRecords';
export const RUN_COMPLETED_METRIC = 'ReminderRunCompleted';
/** API responses with a 5xx status in 5 minutes that page someone: every bug surfaces, one retried 503 does not. */
export const API_SERVER_ERRORS_ALARM = 3;
/** Sign-ups refused with 503 because Turnstile gave no verdict (unreachable, failing, or our secret is wrong). */
export const CAPTCHA_UNAVAILABLE_METRIC = 'CaptchaUnavailable';

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

const atLeast = (threshold: number) => ({
  threshold,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 1,
  treatMissingData: TreatMissingData.NOT_BREACHING,
});

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

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
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
    const deliveryEvents = this.lambdaFor(DELIVERY_EVENTS, 'events', props);
    const reputationGuard = this.lambdaFor(REPUTATION_GUARD, 'events', props);
    const everyFunction = [
      ...httpFunctions.map(({ handler }) => handler),
      notFound,
      reminderRun,
      deliveryEvents,
      reputationGuard,
    ];
    for (const fn of everyFunction) {
      fn.addEnvironment('BASE_URL', baseUrl);
      functions.set(fn.entryPoint.id, fn);
      alarms.push(
        new Alarm(this, `${fn.entryPoint.id}ErrorsAlarm`, {
          alarmDescription: `${fn.entryPoint.id} failed at least once in 5 minutes; see its log group.`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
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
        'SES send, delivery, bounce and complaint events of the Recert configuration set → RecordDeliveryEvent',
      eventPattern: {
        source: ['aws.ses'],
        detailType: [...DELIVERY_EVENT_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [props.configurationSet.configurationSetName] } } },
      },
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

    alarms.push(...this.businessAlarms(), ...pauseAlarms);
    this.alarmTopic = this.createAlarmTopic(props.alarmEmail);
    // OK as well as ALARM: whoever was paged also learns when it is over.
    const notify = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
    this.functions = functions;
    this.alarms = alarms;

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Recert HTTP API (the $default stage)' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'SNS topic every Recert alarm notifies (subscribe on-call email, chat or paging to it)',
    });
    new CfnOutput(this, 'ConfigurationSetName', {
      value: props.configurationSet.configurationSetName,
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
    if (entryPoint.sendsEmail) fn.allowSending(props.senderIdentity, props.configurationSet);
    if (entryPoint.usesTokens) fn.readSecret(props.tokenSigningKey, 'TOKEN_KEY_SECRET_ARN');
    if (entryPoint.usesProviderSecrets) fn.readSecret(props.providerSecrets, 'PROVIDER_SECRETS_ARN');
    if (props.captcha.enabled) {
      if (entryPoint.rendersCaptcha && props.captcha.siteKey !== undefined) {
        fn.addEnvironment('TURNSTILE_SITE_KEY', props.captcha.siteKey);
      }
      // Even without a site key: the verifier then refuses every sign-up (fail closed) instead of skipping the check.
      if (entryPoint.verifiesCaptcha) fn.readSecret(props.turnstileSecretKey, 'TURNSTILE_SECRET_ARN');
    }
    if (entryPoint.pausesSending) fn.allowPausingSending(props.configurationSet);
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
    const custom = (metricName: string) =>
      new Metric({ namespace: RECERT_METRICS_NAMESPACE, metricName, period: Duration.minutes(5), statistic: 'Sum' });
    return [
      new Alarm(this, 'WebhookQuarantinedAlarm', {
        alarmDescription: 'A signed webhook failed schema validation and was quarantined; inspect and replay it.',
        metric: custom(WEBHOOK_QUARANTINED_METRIC),
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
        metric: new Metric({
          namespace: RECERT_METRICS_NAMESPACE,
          metricName: RUN_COMPLETED_METRIC,
          period: Duration.days(1),
          statistic: 'Sum',
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
      new Alarm(this, 'ApiServerErrorsAlarm', {
        alarmDescription:
          'The HTTP API answered 5xx (the error mapper turns every unexpected exception into a 500): see the ' +
          'function logs for the route.',
        metric: this.httpApi.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
        ...atLeast(API_SERVER_ERRORS_ALARM),
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
