import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What lands here, for the alarm description, e.g. "reminder-run events EventBridge could not deliver". */
  readonly purpose: string;
}

/**
 * An SQS queue that keeps failed events for 14 days, refuses non-TLS access, and alarms as soon as one message
 * is in it: a message here is a reminder run or a bounce that was not processed.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: Queue;
  readonly depthAlarm: Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue (EventBridge target DLQ / Lambda on-failure destination).',
    });
    Validations.of(this.queue).acknowledge({
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'This queue is itself the end of the line for failed events: a redrive target behind it would only hide them; ' +
        'the depth alarm below pages a person who inspects and redrives them by hand.',
    });

    this.depthAlarm = new Alarm(this, 'DepthAlarm', {
      alarmDescription: `Dead-letter queue not empty: ${props.purpose}. Inspect and redrive the messages.`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
