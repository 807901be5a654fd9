import { describe, expect, it } from 'vitest';
import { WEBHOOK_OUTCOME_METRICS } from '../../functions/features/course-credit/record-completion.js';
import { RUN_SUMMARY_METRICS } from '../../functions/features/reminders/run-report.js';
import { PER_ROUTE_QUERY } from '../../infra/constructs/operator-dashboard.js';
import { ACCESS_LOG_FIELDS } from '../../infra/constructs/recert-http-api.js';
import {
  API_LATENCY_P99_ALARM_MS,
  SES_BOUNCE_RATE_ALARM,
  SES_BOUNCE_RATE_PAUSE,
  SES_COMPLAINT_RATE_ALARM,
  SES_COMPLAINT_RATE_PAUSE,
} from '../../infra/stateless-stack.js';
import { synthRecert } from './recert-template.js';

/**
 * A target DLQ and an async failure queue for each event-driven function, and the team webhook queue's DLQ (as
 * stateless-stack.test.ts counts).
 */
const DEAD_LETTER_QUEUES = 11;

interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly metrics?: unknown[][];
    readonly query?: string;
    readonly view?: string;
    readonly annotations?: { readonly horizontal?: ReadonlyArray<{ readonly value: number }> };
  };
}

/**
 * The literal text of a CloudFormation string value: `Fn::Join` parts joined, every token (Ref, GetAtt …) replaced
 * by `<Ref:Id>` / `<GetAtt:Id.Attr>`, so the JSON it spells can be parsed.
 */
function literal(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(literal).join(separator);
  }
  if ('Ref' in node) return `<Ref:${String(node.Ref)}>`;
  if ('Fn::GetAtt' in node) return `<GetAtt:${(node['Fn::GetAtt'] as string[]).join('.')}>`;
  throw new Error(`unexpected CloudFormation value ${JSON.stringify(value)}`);
}

describe('operator dashboard', () => {
  const { statelessTemplate: template } = synthRecert({ scheduleHourUtc: '6' });
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const [dashboard] = dashboards;
  const body = JSON.parse(literal(dashboard?.Properties.DashboardBody)) as { widgets: Widget[] };
  const name = literal(dashboard?.Properties.DashboardName);

  /** The widget with this title; its metric rows (`[namespace, name, dim, value, …, options]` or `[{ expression }]`). */
  function widget(title: string): Widget['properties'] {
    const found = body.widgets.find((w) => w.properties.title === title);
    if (!found) throw new Error(`no widget "${title}" in ${body.widgets.map((w) => w.properties.title).join(' | ')}`);
    return found.properties;
  }
  const rows = (title: string) => widget(title).metrics ?? [];
  const metricNames = (title: string) => rows(title).map((row) => row[1]);
  const lines = (title: string) => (widget(title).annotations?.horizontal ?? []).map((line) => line.value);

  it('is one dashboard named after the stack', () => {
    expect(dashboards).toHaveLength(1);
    expect(name).toBe('Recert-dev-Stateless-Operator');
  });

  it("charts the reminder run's day: due trainers, emails sent, pending and failed, from the run's own series", () => {
    const title = 'Reminder run per day: due trainers, emails sent, pending, failed';
    expect(metricNames(title)).toEqual([
      RUN_SUMMARY_METRICS.trainersRead,
      RUN_SUMMARY_METRICS.emailsSent,
      RUN_SUMMARY_METRICS.pending,
      RUN_SUMMARY_METRICS.failed,
    ]);
    for (const row of rows(title)) {
      expect(row.slice(0, 4)).toEqual(['Recert', row[1], 'service', 'SendDueReminders']);
      expect(row[4]).toMatchObject({ stat: 'Sum', period: 86400 });
    }
  });

  it("charts the run's duration and its continuations", () => {
    const title = 'Reminder run: duration and continuations';
    expect(rows(title).map((row) => row.slice(0, 2))).toEqual([
      ['AWS/Lambda', 'Duration'],
      ['Recert', RUN_SUMMARY_METRICS.continued],
    ]);
    expect(rows(title)[0]?.slice(2, 3)).toEqual(['FunctionName']);
    expect(rows(title)[0]?.[3]).toMatch(/^<Ref:SendDueReminders/);
  });

  it('draws bounce and complaint rates against the alarm and pause levels', () => {
    expect(metricNames('SES bounce rate (0–1)')).toEqual(['Reputation.BounceRate']);
    expect(lines('SES bounce rate (0–1)')).toEqual([SES_BOUNCE_RATE_ALARM, SES_BOUNCE_RATE_PAUSE]);
    expect(metricNames('SES complaint rate (0–1)')).toEqual(['Reputation.ComplaintRate']);
    expect(lines('SES complaint rate (0–1)')).toEqual([SES_COMPLAINT_RATE_ALARM, SES_COMPLAINT_RATE_PAUSE]);
  });

  it('counts webhook deliveries by outcome: applied, duplicate, quarantined, unclaimed', () => {
    const title = 'Webhook deliveries by outcome (per hour)';
    expect(metricNames(title)).toEqual([
      'WebhookApplied',
      'WebhookDuplicate',
      'WebhookQuarantined',
      'WebhookUnclaimed',
    ]);
    expect(Object.values(WEBHOOK_OUTCOME_METRICS).sort()).toEqual(metricNames(title));
    for (const row of rows(title)) expect(row.slice(2, 4)).toEqual(['service', 'CourseCompleted']);
  });

  it("shows the API's 4xx, 5xx and unhandled errors (summed over every function) and p99 latency", () => {
    const errors = rows('HTTP API errors (per 5 minutes)');
    expect(errors.slice(0, 2).map((row) => row.slice(0, 2))).toEqual([
      ['AWS/ApiGateway', '4xx'],
      ['AWS/ApiGateway', '5xx'],
    ]);
    expect(errors[2]?.[0]).toMatchObject({
      expression: 'SELECT SUM("UnhandledHttpErrors") FROM SCHEMA("Recert", "service")',
    });
    expect(metricNames('HTTP API p99 latency (ms)')).toEqual(['Latency']);
    expect(rows('HTTP API p99 latency (ms)')[0]?.at(-1)).toMatchObject({ stat: 'p99' });
    expect(lines('HTTP API p99 latency (ms)')).toEqual([API_LATENCY_P99_ALARM_MS]);
  });

  it("tabulates requests, 4xx, 5xx and p99 latency per route from the API's access logs", () => {
    const perRoute = widget(
      "HTTP API per route: requests, 4xx, 5xx, p99 latency (ms), over the dashboard's time range",
    );
    expect(perRoute.view).toBe('table');
    const [source, ...query] = (perRoute.query ?? '').split(/\n?\s*\| /);
    expect(source).toMatch(/^SOURCE '<Ref:HttpAccessLogs[0-9A-F]+>'$/);
    expect(query).toEqual([...PER_ROUTE_QUERY]);
    expect(query.join(' ')).toMatch(/by routeKey/);
    // Every field the query reads is one the access log writes.
    const fieldsRead = (PER_ROUTE_QUERY[0].match(/^fields (.*)$/)?.[1] ?? '').split(', ');
    expect(fieldsRead.length).toBeGreaterThan(0);
    for (const field of fieldsRead) expect(Object.keys(ACCESS_LOG_FIELDS)).toContain(field);
  });

  it('shows the depth of every dead-letter queue of the stack', () => {
    const queues = rows('Dead-letter queues: messages waiting');
    expect(queues).toHaveLength(DEAD_LETTER_QUEUES);
    for (const row of queues) expect(row.slice(0, 2)).toEqual(['AWS/SQS', 'ApproximateNumberOfMessagesVisible']);
    expect(new Set(queues.map((row) => row[3])).size).toBe(DEAD_LETTER_QUEUES);
  });

  it("links every alarm's notification to the dashboard in the stack's region", () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(20);
    const link = `https://console.aws.amazon.com/cloudwatch/home?region=<Ref:AWS::Region>#dashboards:name=${name}`;
    for (const alarm of alarms) {
      const description = literal(alarm.Properties.AlarmDescription);
      expect(description.endsWith(` Dashboard: ${link}`), description).toBe(true);
    }
  });
});
