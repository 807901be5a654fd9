import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ALL_ENTRY_POINTS, TEAM_WEBHOOK_DELIVERY, TEAM_WEBHOOK_SWEEP } from '../../functions/entry-points.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../functions/features/teams/webhook-backoff.js';
import { WEBHOOK_ENDPOINT_DISABLED_METRIC as DELIVERY_DISABLED_METRIC } from '../../functions/features/teams/webhook-delivery.js';
import { TEAM_WEBHOOK_BATCH_SIZE, WEBHOOK_ENDPOINT_DISABLED_METRIC } from '../../infra/stateless-stack.js';
import { logicalId, synthRecert } from './recert-template.js';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const actionsOf = (statement: Statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

describe('status-change webhooks in the stack (ADR 0035)', () => {
  const { stateless, statelessTemplate: template } = synthRecert({ scheduleHourUtc: '6' });
  const fnOf = (id: string) => {
    const fn = stateless.functions.get(id);
    if (!fn) throw new Error(`no function ${id}`);
    return fn;
  };
  const statementsOf = (id: string): Statement[] =>
    Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: logicalId(fnOf(id).role!) }] },
      }),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  const queues = () =>
    Object.entries(template.findResources('AWS::SQS::Queue')).filter(([id]) => id.startsWith('TeamWebhookQueue'));
  const queueId = () => {
    const [entry] = queues();
    if (!entry) throw new Error('no team webhook queue');
    return entry[0];
  };

  it('queues events on an encrypted queue that keeps them past the 24 hours of retries, with a dead-letter queue', () => {
    expect(queues()).toHaveLength(1);
    const [, queue] = queues()[0] ?? [];
    expect(queue?.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 4 * 86_400,
      VisibilityTimeout: 180,
      RedrivePolicy: { maxReceiveCount: MAX_DELIVERY_ATTEMPTS + 3 },
    });
    expect(queue?.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0]).toMatch(/^TeamWebhookDlq/);
  });

  it('alarms as soon as the dead-letter queue holds a message', () => {
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (alarm) =>
        alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(alarm.Properties.Dimensions).includes('TeamWebhookDlq'),
    );
    expect(dlqAlarms).toHaveLength(1);
    expect(dlqAlarms[0]?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms when an endpoint is turned off, on the metric the delivery function counts', () => {
    expect(WEBHOOK_ENDPOINT_DISABLED_METRIC).toBe(DELIVERY_DISABLED_METRIC);
    const expression = `SELECT SUM("${WEBHOOK_ENDPOINT_DISABLED_METRIC}") FROM SCHEMA("Recert", "service")`;
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
      JSON.stringify(alarm.Properties.Metrics ?? []).includes(expression.replaceAll('"', '\\"')),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('feeds the delivery function in small batches that report partial failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(fnOf(TEAM_WEBHOOK_DELIVERY.id)) },
      EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] },
      BatchSize: TEAM_WEBHOOK_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('lets the delivery function consume the queue (and set a message visibility), never send to it', () => {
    const sqs = statementsOf(TEAM_WEBHOOK_DELIVERY.id).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('sqs:')),
    );
    const actions = sqs.flatMap(actionsOf);
    expect(actions).toContain('sqs:ChangeMessageVisibility');
    expect(actions).toContain('sqs:DeleteMessage');
    expect(actions).not.toContain('sqs:SendMessage');
    for (const statement of sqs) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [queueId(), 'Arn'] });
  });

  it('lets exactly the publishers send to the queue, and gives them its URL', () => {
    const senders = ALL_ENTRY_POINTS.filter((entry) =>
      statementsOf(entry.id).some(
        (statement) =>
          actionsOf(statement).includes('sqs:SendMessage') && JSON.stringify(statement.Resource).includes(queueId()),
      ),
    ).map((entry) => entry.id);
    const publishers = ALL_ENTRY_POINTS.filter((entry) => entry.publishesTeamEvents).map((entry) => entry.id);
    expect(senders.sort()).toEqual(publishers.sort());
    expect(publishers).toEqual(
      expect.arrayContaining(['ReplaceMe', 'ChangeMyRecord', 'CourseCompleted', TEAM_WEBHOOK_SWEEP.id]),
    );
    for (const id of [...publishers, TEAM_WEBHOOK_DELIVERY.id]) {
      const variables = template.findResources('AWS::Lambda::Function')[logicalId(fnOf(id))]?.Properties.Environment
        .Variables as Record<string, unknown>;
      expect(variables.WEBHOOK_QUEUE_URL, id).toEqual({ Ref: queueId() });
      expect('RECERT_ALLOW_LOOPBACK_WEBHOOKS' in variables, id).toBe(false);
    }
  });

  it('never lets a function outside the webhook feature touch the queue', () => {
    const touching = ALL_ENTRY_POINTS.filter((entry) => JSON.stringify(statementsOf(entry.id)).includes(queueId())).map(
      (entry) => entry.id,
    );
    const allowed = ALL_ENTRY_POINTS.filter((entry) => entry.publishesTeamEvents)
      .map((entry) => entry.id)
      .concat(TEAM_WEBHOOK_DELIVERY.id);
    expect(touching.sort()).toEqual(allowed.sort());
  });

  it('runs the sweep daily, after the digest slot, with retries and a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(45 6 * * ? *)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(fnOf(TEAM_WEBHOOK_SWEEP.id)), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });
});
