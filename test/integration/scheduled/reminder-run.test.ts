import { describe, expect, it } from 'vitest';
import { createRecordDeliveryEventHandler } from '../../../functions/events/record-delivery-event.js';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import type { ScheduledEvent } from '../../../functions/scheduled/send-due-reminders.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_AND_CPR,
  CPT_ONLY,
  context,
  crashAfterSends,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  NOT_DUE,
  RUN_DAY,
  scheduledEvent,
  trainerItem,
} from './fixtures.js';

let aws: LocalAws;
localAwsForEachTest((started) => {
  aws = started;
});

/** Five due trainers (two with CPT + CPR, three with CPT only) and one not due. */
async function arrangePopulation() {
  const due = [
    await arrangeTrainer(aws, CPT_AND_CPR),
    await arrangeTrainer(aws, CPT_AND_CPR),
    await arrangeTrainer(aws, CPT_ONLY),
    await arrangeTrainer(aws, CPT_ONLY),
    await arrangeTrainer(aws, CPT_ONLY),
  ];
  const notDue = await arrangeTrainer(aws, NOT_DUE);
  return { due, notDue, dueReminderCount: 2 + 2 + 1 + 1 + 1 };
}

function expectOneEmailEach(counts: Map<string, number>, emails: readonly string[]) {
  expect([...counts.keys()].sort()).toEqual([...emails].sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('the daily reminder run', () => {
  it('sends each due reminder exactly once when the same event is delivered twice in a row', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const handler = makeHandler();
    const first = await handler(scheduledEvent(RUN_DAY), context());
    const second = await handler(scheduledEvent(RUN_DAY), context());

    expect(first).toMatchObject({
      status: 'completed',
      asOf: RUN_DAY,
      trainersRead: 5,
      emailsSent: 5,
      pending: 0,
      failed: 0,
    });
    expect(second).toMatchObject({ status: 'already-completed', emailsSent: 0 });
    const rows = await ledgerRows(aws);
    expect(rows).toHaveLength(dueReminderCount);
    expect(rows.every((row) => row.status === 'SENT' && typeof row.messageId === 'string')).toBe(true);
    expectOneEmailEach(
      await mailboxCounts(aws),
      due.map((t) => t.email),
    );
  });

  it('sends each due reminder exactly once when two invocations of the event run concurrently', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const handler = makeHandler();
    const results = await Promise.all([
      handler(scheduledEvent(RUN_DAY), context()),
      handler(scheduledEvent(RUN_DAY), context()),
    ]);
    expect(results.map((r) => r.emailsSent).reduce((a, b) => a + b)).toBe(5);
    expect(await ledgerRows(aws)).toHaveLength(dueReminderCount);
    expectOneEmailEach(
      await mailboxCounts(aws),
      due.map((t) => t.email),
    );
  });

  it('still sends each reminder once when two runs work the same trainers at once (ledger alone, no run lease)', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const alwaysGranted = (deps: ReminderRunDependencies): ReminderRunDependencies => ({
      ...deps,
      runCheckpoints: {
        ...deps.runCheckpoints,
        acquireRunLease: async (input) => ({
          acquired: true,
          checkpoint: {
            runDate: input.runDate,
            runId: input.runId,
            holder: input.holder,
            leaseUntil: input.leaseUntil.toISOString(),
            cursors: {},
            expiresAt: 0,
          },
        }),
        saveCursor: async () => undefined,
        complete: async () => undefined,
      },
    });
    const handler = makeHandler({ wrap: alwaysGranted });
    await Promise.all([1, 2, 3].map(() => handler(scheduledEvent(RUN_DAY), context())));
    expect(await ledgerRows(aws)).toHaveLength(dueReminderCount);
    expectOneEmailEach(
      await mailboxCounts(aws),
      due.map((t) => t.email),
    );
  });

  it('merges a CPT milestone and an expiring CPR card into one email, and advances nextReminderOn past both', async () => {
    const trainer = await arrangeTrainer(aws, CPT_AND_CPR);
    await makeHandler()(scheduledEvent(RUN_DAY), context());
    const [email, ...others] = await aws.ses.stored();
    expect(others).toHaveLength(0);
    expect(email?.body.text).toContain('NASM-CPT');
    expect(email?.body.text).toMatch(/CPR/);
    const item = await trainerItem(aws, trainer.trainerId);
    expect(item?.remindersSent).toEqual(
      expect.arrayContaining(['REMINDER#NASM-CPT#2027-01-31#countdown-60', 'REMINDER#CPR-AED#2027-01-15#cpr-60']),
    );
    expect(item?.nextReminderOn).toBe('2026-12-02');
  });

  it('catches up a missed stretch once, with only the most urgent milestone of each credential', async () => {
    const trainer = await arrangeTrainer(aws, CPT_AND_CPR);
    const handler = makeHandler();
    await handler(scheduledEvent(RUN_DAY), context());
    // No run from 2026-11-22 to 2026-12-19: countdown-30 (Dec 2) and cpr-30 (Dec 16) passed unsent.
    const late = await handler(scheduledEvent('2026-12-20'), context());
    const nextDay = await handler(scheduledEvent('2026-12-21'), context());

    expect(late).toMatchObject({ emailsSent: 1 });
    expect(nextDay).toMatchObject({ emailsSent: 0, trainersRead: 0 });
    const milestones = (await ledgerRows(aws)).map((row) => `${row.code}:${row.milestoneId}`).sort();
    expect(milestones).toEqual(['CPR-AED:cpr-30', 'CPR-AED:cpr-60', 'NASM-CPT:countdown-14', 'NASM-CPT:countdown-60']);
    expect((await mailboxCounts(aws)).get(trainer.email)).toBe(2);
  });

  it('sends nothing to an address on the suppression list, even when the index still lists the trainer', async () => {
    const suppressed = await arrangeTrainer(aws, CPT_ONLY, { claimEmail: false }); // races: the flag never reached the trainer
    const other = await arrangeTrainer(aws, CPT_ONLY);
    await aws.repositories.suppressions.add(suppressed.email, 'unsubscribed', new Date(`${RUN_DAY}T08:30:00Z`));
    const result = await makeHandler()(scheduledEvent(RUN_DAY), context());
    expect(result).toMatchObject({ emailsSent: 1 });
    expectOneEmailEach(await mailboxCounts(aws), [other.email]);
    expect((await ledgerRows(aws)).map((row) => row.trainerId)).toEqual([other.trainerId]);
  });

  it('sends nothing to a +tag or Gmail-dot spelling of a suppressed mailbox, and takes that trainer out of the index', async () => {
    // Two sign-ups, one inbox: SES bounced (or the trainer unsubscribed) under the other spelling.
    const tagged = await arrangeTrainer(aws, CPT_ONLY, { email: 'sam.lee+recert@gmail.com' });
    const plain = await arrangeTrainer(aws, CPT_ONLY, { email: 'robin+certs@example.com' });
    const other = await arrangeTrainer(aws, CPT_ONLY);
    await aws.repositories.suppressions.add('samlee@googlemail.com', 'bounce', new Date(`${RUN_DAY}T08:30:00Z`));
    await aws.repositories.suppressions.add('robin@example.com', 'unsubscribed', new Date(`${RUN_DAY}T08:30:00Z`));

    const result = await makeHandler()(scheduledEvent(RUN_DAY), context());

    expect(result).toMatchObject({ emailsSent: 1, suppressed: 2 });
    expectOneEmailEach(await mailboxCounts(aws), [other.email]);
    expect((await ledgerRows(aws)).map((row) => row.trainerId)).toEqual([other.trainerId]);
    for (const { trainerId } of [tagged, plain]) {
      const item = await trainerItem(aws, trainerId);
      expect(item).toMatchObject({ suppressed: true });
      expect(item).not.toHaveProperty('dueShard');
    }
  });

  it('checkpoints when under 60 s remain, continues in a fresh invocation, and sends every reminder once overall', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const continuations: ScheduledEvent[] = [];
    const handler = makeHandler({ continueRun: async (event) => void continuations.push(event) });
    // Time to spare for middy's own timeout guard, then for the run's first two trainers.
    let checks = 0;
    const shortOnTime = context(() => (++checks <= 3 ? 300_000 : 59_999));
    const first = await handler(scheduledEvent(RUN_DAY), shortOnTime);

    expect(first).toMatchObject({ status: 'continued', continued: true, emailsSent: 2 });
    expect(first.continuation).toEqual(scheduledEvent(RUN_DAY));
    expect(continuations).toEqual([scheduledEvent(RUN_DAY)]);
    const checkpoint = await aws.repositories.runCheckpoints.get(RUN_DAY, new Date());
    expect(checkpoint?.completedAt).toBeUndefined();

    const second = await handler(continuations[0], context());
    expect(second).toMatchObject({ status: 'completed', emailsSent: 3 });
    expect(await ledgerRows(aws)).toHaveLength(dueReminderCount);
    expectOneEmailEach(
      await mailboxCounts(aws),
      due.map((t) => t.email),
    );
  });

  it('resumes after a crash between send and ledger mark without a duplicate when the SES Send event reconciles it', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const crash = crashAfterSends(2);
    await expect(makeHandler({ wrap: crash.wrap })(scheduledEvent(RUN_DAY), context())).rejects.toThrow(
      /injected crash/,
    );
    expect((await ledgerRows(aws)).filter((row) => row.status === 'SENDING').length).toBeGreaterThan(0);

    // The configuration set publishes "Email Sent" with the message tags; the delivery-event handler marks it SENT.
    const tags = Object.fromEntries(Object.entries(crash.crashed.tags ?? {}).map(([name, value]) => [name, [value]]));
    const reconciled = await createRecordDeliveryEventHandler()({
      version: '0',
      id: 'ses-send-1',
      'detail-type': 'Email Sent',
      source: 'aws.ses',
      time: `${RUN_DAY}T09:00:05Z`,
      detail: { eventType: 'Send', mail: { messageId: crash.crashed.messageId, tags }, send: {} },
    });
    expect(reconciled.action).toBe('reconciled');

    const resumed = await makeHandler()(scheduledEvent(RUN_DAY), context());
    expect(resumed.status).toBe('completed');
    const rows = await ledgerRows(aws);
    expect(rows).toHaveLength(dueReminderCount);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    expectOneEmailEach(
      await mailboxCounts(aws),
      due.map((t) => t.email),
    );
  });

  it('without delivery evidence, re-sends a crashed reminder exactly once after the ledger lease, and none is missing', async () => {
    const { due, dueReminderCount } = await arrangePopulation();
    const crash = crashAfterSends(0);
    await expect(makeHandler({ wrap: crash.wrap })(scheduledEvent(RUN_DAY), context())).rejects.toThrow(
      /injected crash/,
    );

    const soon = await makeHandler()(scheduledEvent(RUN_DAY), context());
    expect(soon).toMatchObject({ status: 'completed', emailsSent: 4, pending: expect.any(Number) });
    expect(soon.pending).toBeGreaterThan(0); // the crashed one is still inside its lease: not re-sent yet

    const elevenMinutesLater = (deps: ReminderRunDependencies): ReminderRunDependencies => ({
      ...deps,
      clock: () => new Date(Date.now() + 11 * 60_000),
    });
    const nextDay = await makeHandler({ wrap: elevenMinutesLater })(scheduledEvent('2026-11-22'), context());
    expect(nextDay).toMatchObject({ emailsSent: 1 });
    expect(nextDay.stuckSending).toBeGreaterThan(0); // one email's rows (1 or 2 reminders)
    const rows = await ledgerRows(aws);
    expect(rows).toHaveLength(dueReminderCount);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    const counts = await mailboxCounts(aws);
    expect([...counts.keys()].sort()).toEqual(due.map((t) => t.email).sort());
    expect([...counts.values()].sort()).toEqual([1, 1, 1, 1, 2]); // the documented price of no evidence: one re-send
  });
});
