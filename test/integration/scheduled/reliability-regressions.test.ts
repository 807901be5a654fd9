import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dueShardKey } from '../../../functions/adapters/dynamodb/keys.js';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_AND_CPR,
  CPT_ONLY,
  context,
  type Fault,
  type FaultProxy,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
  sesError,
  startFaultProxy,
  trainerItem,
} from './fixtures.js';

let aws: LocalAws;
let proxy: FaultProxy | undefined;
localAwsForEachTest((started) => {
  aws = started;
  proxy = undefined;
});

const SEND = 'SendRawEmail';
const sends = (p: FaultProxy) => p.log.filter((entry) => entry.operation === SEND).length;
const acceptedThen500: Fault = {
  kind: 'forward-then-answer',
  status: 500,
  contentType: 'text/xml',
  body: '<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>',
};

const minutesLater =
  (minutes: number) =>
  (deps: ReminderRunDependencies): ReminderRunDependencies => ({
    ...deps,
    clock: () => new Date(Date.now() + minutes * 60_000),
  });

/** What a deployment with BASE_URL=http://recert.example.com would put in every email. */
const plainHttpLinks = (deps: ReminderRunDependencies): ReminderRunDependencies => ({
  ...deps,
  links: {
    status: (token) => `http://recert.example.com/status?token=${token}`,
    unsubscribe: (token) => `http://recert.example.com/unsubscribe?token=${token}`,
    reminderAction: (token) => `http://recert.example.com/act?token=${token}`,
  },
});

describe('a misconfigured BASE_URL (links the renderer refuses)', () => {
  it('halts the run with every reminder left PENDING and the index unmoved; a fixed run then sends each once', async () => {
    const trainers = [await arrangeTrainer(aws, CPT_AND_CPR), await arrangeTrainer(aws, CPT_ONLY)];
    const before = await Promise.all(trainers.map((t) => trainerItem(aws, t.trainerId)));
    const metrics: string[] = [];
    const broken = makeHandler({
      wrap: (deps) => ({ ...plainHttpLinks(deps), metric: (name) => void metrics.push(name) }),
    });

    const result = await broken(scheduledEvent(RUN_DAY), context());

    expect(result).toMatchObject({ status: 'halted', halted: true, emailsSent: 0, failed: 0 });
    expect(metrics).toEqual(['SendingHalted']);
    const rows = await ledgerRows(aws);
    expect(rows.every((row) => row.status === 'PENDING' && row.attempts === 0)).toBe(true);
    const after = await Promise.all(trainers.map((t) => trainerItem(aws, t.trainerId)));
    expect(after.map((item) => item?.nextReminderOn)).toEqual(before.map((item) => item?.nextReminderOn));
    expect((await aws.ses.stored()).length).toBe(0);

    const fixed = await makeHandler()(scheduledEvent(RUN_DAY), context());
    expect(fixed).toMatchObject({ status: 'completed', emailsSent: 2, failed: 0 });
    expect((await ledgerRows(aws)).every((row) => row.status === 'SENT')).toBe(true);
    const counts = await mailboxCounts(aws);
    expect([...counts.keys()].sort()).toEqual(trainers.map((t) => t.email).sort());
    expect([...counts.values()]).toEqual([1, 1]);
  });
});

describe('the bounded re-send allowance counts sends, not claims', () => {
  it('re-sends a reminder deferred by the daily quota and then left SENDING by a 5xx, instead of giving it up unsent', async () => {
    const trainer = await arrangeTrainer(aws, CPT_ONLY);
    proxy = await startFaultProxy(aws.ses.endpoint, (op) =>
      op === SEND ? sesError('Throttling', 'Daily message quota exceeded.') : undefined,
    );
    const deferred = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(deferred).toMatchObject({ status: 'halted', pending: 1 });
    await proxy.stop();

    proxy = await startFaultProxy(aws.ses.endpoint, (op) => (op === SEND ? acceptedThen500 : undefined));
    const unknown = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(unknown).toMatchObject({ status: 'completed', outcomeUnknown: 1 });

    const healthy = await makeHandler({ wrap: minutesLater(11) })(scheduledEvent('2026-11-22'), context());

    expect(healthy).toMatchObject({ emailsSent: 1, failed: 0 });
    const [row] = await ledgerRows(aws);
    expect(row).toMatchObject({ status: 'SENT', attempts: 2 });
    expect((await mailboxCounts(aws)).get(trainer.email)).toBe(2); // the 5xx one (accepted) and the one re-send
  });

  it('reports a reminder given up after its re-send allowance as failed in the run summary', async () => {
    await arrangeTrainer(aws, CPT_ONLY);
    proxy = await startFaultProxy(aws.ses.endpoint, (op) => (op === SEND ? acceptedThen500 : undefined));
    await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    await makeHandler({ sesEndpoint: proxy.endpoint, wrap: minutesLater(11) })(scheduledEvent('2026-11-22'), context());
    expect(sends(proxy)).toBe(2);

    const exhausted = await makeHandler({ wrap: minutesLater(25) })(scheduledEvent('2026-11-23'), context());

    expect(exhausted).toMatchObject({ status: 'completed', emailsSent: 0, failed: 1 });
    const [row] = await ledgerRows(aws);
    expect(row).toMatchObject({ status: 'FAILED', lastError: 'ses.outcome-unknown-exhausted' });
  });
});

describe('what the due index holds that the run cannot send to', () => {
  it('flags a trainer whose address is on the suppression list, so they leave the index and later runs skip reading them', async () => {
    const suppressed = await arrangeTrainer(aws, CPT_ONLY, { claimEmail: false }); // the flag never reached them
    await arrangeTrainer(aws, CPT_ONLY);
    await aws.repositories.suppressions.add(suppressed.email, 'unsubscribed', new Date(`${RUN_DAY}T08:30:00Z`));

    const first = await makeHandler()(scheduledEvent(RUN_DAY), context());
    const nextDay = await makeHandler()(scheduledEvent('2026-11-22'), context());

    expect(first).toMatchObject({ emailsSent: 1, suppressed: 1, trainersRead: 2 });
    expect(await trainerItem(aws, suppressed.trainerId)).toMatchObject({ suppressed: true });
    expect(await trainerItem(aws, suppressed.trainerId)).not.toHaveProperty('dueShard');
    expect(nextDay).toMatchObject({ suppressed: 0, trainersRead: 0 });
    expect((await mailboxCounts(aws)).has(suppressed.email)).toBe(false);
  });

  it('logs and counts an index item that is not a valid trainer (metric InvalidDueRecords), and still runs everyone else', async () => {
    const valid = await arrangeTrainer(aws, CPT_ONLY);
    await aws.dynamo.client.send(
      new PutCommand({
        TableName: aws.dynamo.tableName,
        Item: {
          pk: 'TRAINER#t_broken',
          sk: 'PROFILE',
          entity: 'Trainer',
          email: 'broken.person@example.com',
          dueShard: dueShardKey(0),
          dueOn: '2026-11-01',
        },
      }),
    );
    const metrics: [string, number][] = [];
    const errors: { message: string; fields: unknown }[] = [];
    const observe = (deps: ReminderRunDependencies): ReminderRunDependencies => ({
      ...deps,
      metric: (name, value) => void metrics.push([name, value]),
      // The logger is a class instance (Powertools): its methods live on the prototype, so they are bound, not spread.
      logger: {
        info: deps.logger.info.bind(deps.logger),
        warn: deps.logger.warn.bind(deps.logger),
        error: (message, fields) => void errors.push({ message, fields }),
      },
    });

    const result = await makeHandler({ wrap: observe })(scheduledEvent(RUN_DAY), context());

    expect(result).toMatchObject({ status: 'completed', emailsSent: 1 });
    expect(metrics).toEqual([
      ['InvalidDueRecords', 1],
      ['ReminderRunCompleted', 1],
    ]);
    expect(errors).toEqual([
      {
        message: 'due index item is not a valid trainer; skipped',
        fields: expect.objectContaining({ pk: 'TRAINER#t_broken' }),
      },
    ]);
    expect((await mailboxCounts(aws)).get(valid.email)).toBe(1);
  });
});
