import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  type CfnAlarm,
  Dashboard,
  GraphWidget,
  type HorizontalAnnotation,
  type IMetric,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RECERT_METRICS_NAMESPACE } from '../../functions/common/metrics.js';
import { HANDLER_ERRORS_METRIC } from '../../functions/edge/map-errors.js';
import { HTTP_ROUTES } from '../../functions/entry-points.js';
import { WEBHOOK_OUTCOME_METRICS } from '../../functions/features/course-credit/record-completion.js';
import { RUN_SUMMARY_METRICS } from '../../functions/features/reminders/run-report.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { RecertFunction } from './recert-function.js';

/** The thresholds the stack alarms (or pauses sending) at, drawn as lines on the widget of their metric. */
export interface DashboardThresholds {
  readonly bounceRate: { readonly alarm: number; readonly pause: number };
  readonly complaintRate: { readonly alarm: number; readonly pause: number };
  readonly apiLatencyP99Ms: number;
}

export interface OperatorDashboardProps {
  readonly reminderRun: RecertFunction;
  readonly httpStage: HttpStage;
  /** The stage's JSON access logs (one line per request with its route key, status and latency). */
  readonly accessLogs: ILogGroup;
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  readonly thresholds: DashboardThresholds;
  /** Every alarm of the stack: each description gets the dashboard's address, so the alarm email links to it. */
  readonly alarms: readonly Alarm[];
}

/** The entry point that answers course-provider webhooks: the one function counting webhook outcomes. */
function webhookEntryId(): string {
  const webhook = HTTP_ROUTES.find((route) => route.entry.startsWith('functions/webhooks/'));
  if (!webhook) throw new Error('no webhook route in functions/entry-points.ts to chart deliveries of');
  return webhook.id;
}

/**
 * Requests, 4xx, 5xx and p99 latency per route, from the API's access logs (fields of ACCESS_LOG_FIELDS in
 * recert-http-api.ts). Read from the logs Recert already keeps rather than the stage's detailed metrics, which would be
 * about 230 more paid metrics for 39 routes (ADR 0034).
 */
export const PER_ROUTE_QUERY = [
  'fields routeKey, status, responseLatency',
  'stats count(*) as requests, sum(status >= 400 and status < 500) as errors_4xx, sum(status >= 500) as errors_5xx,' +
    ' pct(responseLatency, 99) as p99_ms by routeKey',
  'sort errors_5xx desc, p99_ms desc',
] as const;

const DAY = Duration.days(1);
const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);

/** A Recert metric counted by one function only: its own series (`service` = that entry point), summed. */
const countedBy = (service: string, metricName: string, period: Duration, label?: string) =>
  new Metric({
    namespace: RECERT_METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    period,
    statistic: 'Sum',
    ...(label ? { label } : {}),
  });

/** A Recert metric several functions count: summed over all of them, as the stack's alarms read it (ADR 0028). */
const countedAcrossFunctions = (metricName: string, period: Duration, label: string) =>
  new MathExpression({
    expression: `SELECT SUM("${metricName}") FROM SCHEMA("${RECERT_METRICS_NAMESPACE}", "service")`,
    usingMetrics: {},
    period,
    label,
  });

const reputation = (metricName: string, label: string) =>
  new Metric({ namespace: 'AWS/SES', metricName, period: HOUR, statistic: 'Maximum', label });

const thresholdLines = (levels: { alarm: number; pause: number }, unit = ''): HorizontalAnnotation[] => [
  { value: levels.alarm, label: `alarm ${levels.alarm}${unit}` },
  { value: levels.pause, label: `sending paused ${levels.pause}${unit}` },
];

const graph = (title: string, left: IMetric[], more: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {}) =>
  new GraphWidget({ title, left, width: 12, height: 6, ...more });

/**
 * The operators' one page (issue 19): the daily reminder run (due trainers, emails, pending, failed, duration,
 * hand-overs), SES reputation against the alarm and pause levels, webhook deliveries by outcome, the HTTP API's
 * errors and p99 latency, and the depth of every dead-letter queue. Every alarm email links to it.
 */
export class OperatorDashboard extends Construct {
  readonly dashboard: Dashboard;
  /** The console address of the dashboard in the stack's region. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: OperatorDashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const dashboardName = `${stack.stackName}-Operator`;
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName, defaultInterval: Duration.days(14) });
    this.url = `https://console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${dashboardName}`;
    const run = props.reminderRun.entryPoint.id;
    const { thresholds } = props;

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '## Recert operations\nCounts per day unless a widget says otherwise. Thresholds are the alarm levels of ' +
          'the stack; the runbook for each alarm is its description.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Reminder run per day: due trainers, emails sent, pending, failed', [
        countedBy(run, RUN_SUMMARY_METRICS.trainersRead, DAY, 'due trainers reached'),
        countedBy(run, RUN_SUMMARY_METRICS.emailsSent, DAY, 'emails sent'),
        countedBy(run, RUN_SUMMARY_METRICS.pending, DAY, 'left pending'),
        countedBy(run, RUN_SUMMARY_METRICS.failed, DAY, 'failed'),
      ]),
      graph(
        'Reminder run: duration and continuations',
        [props.reminderRun.metricDuration({ period: HOUR, statistic: 'Maximum', label: 'longest invocation (ms)' })],
        { right: [countedBy(run, RUN_SUMMARY_METRICS.continued, DAY, 'continuations per day')] },
      ),
    );
    this.dashboard.addWidgets(
      graph('SES bounce rate (0–1)', [reputation('Reputation.BounceRate', 'bounce rate')], {
        leftAnnotations: thresholdLines(thresholds.bounceRate),
      }),
      graph('SES complaint rate (0–1)', [reputation('Reputation.ComplaintRate', 'complaint rate')], {
        leftAnnotations: thresholdLines(thresholds.complaintRate),
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'Webhook deliveries by outcome (per hour)',
        Object.entries(WEBHOOK_OUTCOME_METRICS).map(([outcome, metricName]) =>
          countedBy(webhookEntryId(), metricName, HOUR, outcome),
        ),
        { stacked: true },
      ),
      graph('HTTP API errors (per 5 minutes)', [
        props.httpStage.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
        props.httpStage.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
        countedAcrossFunctions(HANDLER_ERRORS_METRIC, FIVE_MINUTES, 'unhandled handler errors (500)'),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'HTTP API p99 latency (ms)',
        [props.httpStage.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'p99 latency' })],
        { leftAnnotations: [{ value: thresholds.apiLatencyP99Ms, label: `alarm ${thresholds.apiLatencyP99Ms} ms` }] },
      ),
      graph(
        'Dead-letter queues: messages waiting',
        props.deadLetterQueues.map((dlq) =>
          dlq.queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
            label: dlq.node.id,
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      new LogQueryWidget({
        title: "HTTP API per route: requests, 4xx, 5xx, p99 latency (ms), over the dashboard's time range",
        logGroupNames: [props.accessLogs.logGroupName],
        queryLines: [...PER_ROUTE_QUERY],
        view: LogQueryVisualizationType.TABLE,
        width: 24,
        height: 8,
      }),
    );

    for (const alarm of props.alarms) {
      const cfn = alarm.node.defaultChild as CfnAlarm;
      cfn.alarmDescription = `${cfn.alarmDescription ?? ''} Dashboard: ${this.url}`;
    }
  }
}
