import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Match, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { EventBridgeDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IConfigurationSet, IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY_EVENTS, type EntryPoint, HTTP_ROUTES, SCHEDULED_RUN } from '../functions/routes.js';
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
  readonly senderAddress: string;
  readonly postalAddress: string;
  /** Public base URL for emailed links; undefined uses the HTTP API's own endpoint. */
  readonly baseUrl: string | undefined;
  /** Hour of the day (UTC) the daily reminder run starts. */
  readonly scheduleHourUtc: number;
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
 * The code: one function per entry point of functions/routes.ts, the HTTP API, the daily schedule, the SES event
 * rule and the alarms. Safe to destroy and redeploy; all state lives in the stateful stack passed in as props.
 */
export class StatelessStack extends Stack {
  readonly httpApi: RecertHttpApi;
  /** Every function by entry-point id (HTTP routes, the reminder run and the delivery-event handler). */
  readonly functions: ReadonlyMap<string, RecertFunction>;
  readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const alarms: Alarm[] = [];
    const functions = new Map<string, RecertFunction>();

    const httpFunctions = HTTP_ROUTES.map((route) => ({ route, handler: this.lambdaFor(route, 'http', props) }));
    this.httpApi = new RecertHttpApi(this, 'Http', { routes: httpFunctions });
    const baseUrl = props.baseUrl ?? this.httpApi.url;

    const reminderRun = this.lambdaFor(SCHEDULED_RUN, 'scheduled', props);
    const deliveryEvents = this.lambdaFor(DELIVERY_EVENTS, 'events', props);
    for (const fn of [...httpFunctions.map(({ handler }) => handler), reminderRun, deliveryEvents]) {
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

    alarms.push(...this.businessAlarms());
    this.functions = functions;
    this.alarms = alarms;

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Recert HTTP API (the $default stage)' });
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
    fn.configureAsyncInvoke({
      ...ASYNC_INVOKE_RETRIES,
      onFailure: new SqsDestination(failed.queue),
      ...(onSuccess ? { onSuccess } : {}),
    });
    alarms.push(failed.depthAlarm);
  }

  private businessAlarms(): Alarm[] {
    const custom = (metricName: string) =>
      new Metric({ namespace: RECERT_METRICS_NAMESPACE, metricName, period: Duration.minutes(5), statistic: 'Sum' });
    const reputation = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    const atLeast = (threshold: number) => ({
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
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
      new Alarm(this, 'SesBounceRateAlarm', {
        alarmDescription: 'SES bounce rate reached 2 % (AWS reviews the account at 5 %).',
        metric: reputation('Reputation.BounceRate'),
        ...atLeast(SES_BOUNCE_RATE_ALARM),
      }),
      new Alarm(this, 'SesComplaintRateAlarm', {
        alarmDescription: 'SES complaint rate reached 0.05 % (AWS reviews the account at 0.1 %).',
        metric: reputation('Reputation.ComplaintRate'),
        ...atLeast(SES_COMPLAINT_RATE_ALARM),
      }),
    ];
  }
}
