/**
 * Reliability item 17: a run that reads the due index over several pages per shard, killed after page k, resumes
 * from the checkpointed cursors and ends with the same sends as an uninterrupted run — no duplicate, none missing.
 * The run exposes no page-size knob, so `readDue` is re-bound with a small `pageSize` through the dependencies
 * (the way other tests inject faults); the crash is thrown from that wrapped reader or from a wrapped mailer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type DueCursor, type DuePage, dueTrainers } from '../../../functions/adapters/dynamodb/due-index.js';
import { dueShardNumber } from '../../../functions/adapters/dynamodb/keys.js';
import { DUE_INDEX_SHARD_COUNT } from '../../../functions/adapters/dynamodb/table-definition.js';
import type { Mailer } from '../../../functions/adapters/ses/index.js';
import { parseConfig } from '../../../functions/common/config.js';
import { createRecordDeliveryEventHandler } from '../../../functions/events/record-delivery-event.js';
import type { ReminderRunDependencies } from '../../../functions/features/reminders/run-dependencies.js';
import { buildDependencies } from '../../../functions/wiring/dependencies.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_AND_CPR,
  CPT_ONLY,
  context,
  ledgerRows,
  localAwsForEachTest,
  mailboxCounts,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
} from './fixtures.js';

/** Two trainers per query page and five due trainers per shard: every shard is read in 3 pages (2 + 2 + 1). */
const PAGE_SIZE = 2;
const PER_SHARD = 5;
const PAGES_PER_SHARD = Math.ceil(PER_SHARD / PAGE_SIZE);

/** A fixed population (ids chosen so each shard holds PER_SHARD), seeded identically into every table. */
const SEED = (() => {
  const perShard = new Map<number, number>();
  const seed: { trainerId: string; email: string; reminders: number; profile: typeof CPT_ONLY }[] = [];
  for (let i = 0; seed.length < DUE_INDEX_SHARD_COUNT * PER_SHARD; i += 1) {
    const trainerId = `t_resume${i}`;
    const shard = dueShardNumber(trainerId);
    if ((perShard.get(shard) ?? 0) >= PER_SHARD) continue;
    perShard.set(shard, (perShard.get(shard) ?? 0) + 1);
    const both = seed.length % 3 === 0; // a mix of one- and two-reminder emails
    seed.push({
      trainerId,
      email: `${trainerId}@example.com`,
      profile: both ? CPT_AND_CPR : CPT_ONLY,
      reminders: both ? 2 : 1,
    });
  }
  return seed;
})();
const DUE_REMINDERS = SEED.reduce((sum, t) => sum + t.reminders, 0);

let aws: LocalAws;

async function arrangeSeed() {
  await Promise.all(SEED.map((t) => arrangeTrainer(aws, t.profile, { trainerId: t.trainerId })));
}

interface PageSeen {
  readonly shard: number;
  readonly trainerIds: readonly string[];
  readonly cursor: DueCursor;
}

/**
 * Re-binds `readDue` to the same table with PAGE_SIZE and records every page the run is handed (and the cursors it
 * resumed from). With `crashBeforePage: k + 1` the reader throws when the run asks for page k + 1, i.e. after page
 * k was processed and its cursor saved.
 */
function smallPages(options: { readonly crashBeforePage?: number } = {}) {
  const pages: PageSeen[] = [];
  const resumedFrom: Readonly<Partial<Record<number, DueCursor>>>[] = [];
  async function* read(input: Parameters<ReminderRunDependencies['readDue']>[0]): AsyncGenerator<DuePage> {
    resumedFrom.push({ ...input.shardCursors });
    const { client, tableName } = aws.dynamo;
    for await (const page of dueTrainers({ client, tableName, ...input, pageSize: PAGE_SIZE })) {
      if (pages.length + 1 === options.crashBeforePage) throw new Error('injected crash after a page');
      pages.push({ shard: page.shard, trainerIds: page.trainers.map((t) => t.trainerId), cursor: page.cursor });
      yield page;
    }
  }
  const wrap = (deps: ReminderRunDependencies): ReminderRunDependencies => ({ ...deps, readDue: read });
  return { wrap, pages, resumedFrom };
}

/** The cursor a shard stood at after the first `count` pages (what the run should have checkpointed). */
function cursorsAfter(pages: readonly PageSeen[], count: number): Partial<Record<number, DueCursor>> {
  const cursors: Partial<Record<number, DueCursor>> = {};
  for (const page of pages.slice(0, count)) cursors[page.shard] = page.cursor;
  return cursors;
}

function pagesPerShard(pages: readonly PageSeen[]): number[] {
  const counts = Array.from({ length: DUE_INDEX_SHARD_COUNT }, () => 0);
  for (const page of pages) counts[page.shard] = (counts[page.shard] ?? 0) + 1;
  return counts;
}

const ledgerKey = (row: Record<string, unknown>) => `${String(row.trainerId)}|${String(row.sk)}`;

/** What the uninterrupted control run over the same seed produced (its own table, SES store cleared). */
let control: { recipients: string[]; ledgerKeys: string[] };

beforeAll(async () => {
  aws = await startLocalAws();
  try {
    await aws.ses.clear();
    await arrangeSeed();
    const reader = smallPages();
    const result = await makeHandler({ wrap: reader.wrap })(scheduledEvent(RUN_DAY), context());
    expect(result).toMatchObject({ status: 'completed', trainersRead: SEED.length, emailsSent: SEED.length });
    expect(pagesPerShard(reader.pages).every((n) => n >= PAGES_PER_SHARD)).toBe(true);
    const rows = await ledgerRows(aws);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    const counts = await mailboxCounts(aws);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    control = { recipients: [...counts.keys()].sort(), ledgerKeys: rows.map(ledgerKey).sort() };
  } finally {
    await aws.stop();
  }
});

localAwsForEachTest(async (started) => {
  aws = started;
  await arrangeSeed();
});

/** One SENT ledger row per due reminder, one email per due trainer, and the same sends as the control run. */
async function expectSameAsControl() {
  const rows = await ledgerRows(aws);
  expect(rows).toHaveLength(DUE_REMINDERS);
  expect(rows.every((row) => row.status === 'SENT' && typeof row.messageId === 'string')).toBe(true);
  expect(rows.map(ledgerKey).sort()).toEqual(control.ledgerKeys);
  const counts = await mailboxCounts(aws);
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual(control.recipients);
  expect(control.recipients).toEqual(SEED.map((t) => t.email).sort());
}

describe('a run over many due-index pages, killed after page k and run again', () => {
  it('resumes from the checkpointed cursors and sends exactly what an uninterrupted run sends', async () => {
    const k = 10;
    const crashed = smallPages({ crashBeforePage: k + 1 });
    await expect(makeHandler({ wrap: crashed.wrap })(scheduledEvent(RUN_DAY), context())).rejects.toThrow(
      /injected crash after a page/,
    );
    expect(crashed.pages).toHaveLength(k);
    const processed = crashed.pages.flatMap((page) => page.trainerIds);
    expect(processed.length).toBeGreaterThan(0);
    expect(processed.length).toBeLessThan(SEED.length);
    const saved = await aws.repositories.runCheckpoints.get(RUN_DAY, new Date());
    expect(saved?.completedAt).toBeUndefined();
    expect(saved?.cursors).toEqual(cursorsAfter(crashed.pages, k));
    expect([...(await mailboxCounts(aws)).keys()].sort()).toEqual(processed.map((id) => `${id}@example.com`).sort());

    // The redelivered event (a new request id) takes the released lease and reads on from the saved cursors.
    const resumed = smallPages();
    const result = await makeHandler({ wrap: resumed.wrap })(scheduledEvent(RUN_DAY), context());

    expect(result).toMatchObject({ status: 'completed', pending: 0, failed: 0, outcomeUnknown: 0 });
    expect(resumed.resumedFrom).toEqual([cursorsAfter(crashed.pages, k)]);
    const reread = resumed.pages.flatMap((page) => page.trainerIds);
    expect(reread.filter((id) => processed.includes(id))).toEqual([]);
    expect([...processed, ...reread].sort()).toEqual(SEED.map((t) => t.trainerId).sort());
    expect(result.emailsSent).toBe(SEED.length - processed.length);
    expect(pagesPerShard([...crashed.pages, ...resumed.pages]).every((n) => n >= PAGES_PER_SHARD)).toBe(true);
    await expectSameAsControl();
  });

  it('after a crash between the last send of page k and its ledger mark, re-reads that page and sends nothing twice', async () => {
    const k = 10;
    const reader = smallPages();
    const crash: { messageId?: string; tags?: Readonly<Record<string, string>>; trainerId?: string } = {};
    const crashOnLastSendOfPageK = (deps: ReminderRunDependencies): ReminderRunDependencies => {
      const wrapped = reader.wrap(deps);
      let sentInPage = 0;
      let page = 0;
      const mailer: Mailer = {
        async send(message, sendOptions) {
          const result = await deps.mailer.send(message, sendOptions);
          if (reader.pages.length !== page) [page, sentInPage] = [reader.pages.length, 0];
          sentInPage += 1;
          const current = reader.pages[page - 1];
          if (page === k && current && sentInPage === current.trainerIds.length) {
            Object.assign(crash, {
              messageId: result.messageId,
              tags: sendOptions?.tags,
              trainerId: current.trainerIds.at(-1),
            });
            throw new Error('injected crash between send and ledger mark');
          }
          return result;
        },
      };
      return { ...wrapped, mailer };
    };
    await expect(makeHandler({ wrap: crashOnLastSendOfPageK })(scheduledEvent(RUN_DAY), context())).rejects.toThrow(
      /injected crash between send and ledger mark/,
    );
    expect(reader.pages).toHaveLength(k);
    const pageK = reader.pages[k - 1];
    expect(crash.trainerId).toBeDefined();
    const sending = (await ledgerRows(aws)).filter((row) => row.status === 'SENDING');
    expect(sending.map((row) => row.trainerId)).toEqual(sending.map(() => crash.trainerId));
    expect(sending.length).toBeGreaterThan(0);
    // Page k's cursor was never saved: its shard stands where the page before it left it.
    const saved = await aws.repositories.runCheckpoints.get(RUN_DAY, new Date());
    expect(saved?.cursors).toEqual(cursorsAfter(reader.pages, k - 1));

    // The configuration set's "Email Sent" event carries the message tags and marks the crashed rows SENT.
    const tags = Object.fromEntries(Object.entries(crash.tags ?? {}).map(([name, value]) => [name, [value]]));
    const reconciled = await createRecordDeliveryEventHandler(() => buildDependencies(parseConfig(process.env)))({
      version: '0',
      id: 'ses-send-page-boundary',
      'detail-type': 'Email Sent',
      source: 'aws.ses',
      time: `${RUN_DAY}T09:00:05Z`,
      detail: { eventType: 'Send', mail: { messageId: crash.messageId, tags }, send: {} },
    });
    expect(reconciled).toMatchObject({ action: 'reconciled', count: sending.length });

    const resumed = smallPages();
    const result = await makeHandler({ wrap: resumed.wrap })(scheduledEvent(RUN_DAY), context());

    expect(result).toMatchObject({ status: 'completed', pending: 0, failed: 0, outcomeUnknown: 0 });
    const sentBeforeCrash = reader.pages.flatMap((page) => page.trainerIds);
    expect(result.emailsSent).toBe(SEED.length - sentBeforeCrash.length);
    // The crashed trainer is read again (page k is re-read) and settled from the ledger, not re-sent.
    const reread = resumed.pages.flatMap((page) => page.trainerIds);
    expect(reread).toContain(crash.trainerId);
    expect(reread.filter((id) => sentBeforeCrash.includes(id))).toEqual([crash.trainerId]);
    expect(pageK?.trainerIds.at(-1)).toBe(crash.trainerId);
    await expectSameAsControl();
  });
});
