import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { reminderTags, reminderTagValue } from '../../../../functions/adapters/ses/message-tags.js';
import { InvalidEventError } from '../../../../functions/edge/event-route.js';
import {
  createRecordDeliveryEventHandler,
  SesEventBridgeEventSchema,
} from '../../../../functions/events/record-delivery-event.js';
import type { Dependencies } from '../../../../functions/wiring/dependencies.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'events', 'ses');
const sample = (name: string) => JSON.parse(readFileSync(join(SAMPLES, name), 'utf8')) as Record<string, unknown>;

function fakes() {
  const add = vi.fn(async () => ({ added: true }));
  const listForTrainer = vi.fn(async () => [] as unknown[]);
  const markSent = vi.fn(async () => undefined);
  const deps = { repositories: { suppressions: { add }, reminderLedger: { listForTrainer, markSent } } };
  const handle = createRecordDeliveryEventHandler(async () => deps as unknown as Dependencies);
  return { handle, add, listForTrainer, markSent };
}

describe('record-delivery-event', () => {
  it('accepts every sample SES event in events/ses', () => {
    const files = readdirSync(SAMPLES).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect(SesEventBridgeEventSchema.safeParse(sample(file)).success, file).toBe(true);
  });

  it.each([
    ['bounce-permanent.json', 'bounce', 1],
    ['complaint.json', 'complaint', 1],
    ['bounce-transient.json', undefined, 0],
  ] as const)('%s → suppression reason %s', async (file, reason, calls) => {
    const { handle, add } = fakes();
    await handle(sample(file));
    expect(add).toHaveBeenCalledTimes(calls);
    if (reason) expect(add).toHaveBeenCalledWith('sam.lee@example.com', reason, new Date('2026-11-21T09:05:12Z'));
  });

  it('names the field path and bad value of a malformed event and writes nothing', async () => {
    const { handle, add } = fakes();
    const bad = sample('bounce-permanent.json');
    (bad.detail as { bounce: { bounceType: string } }).bounce.bounceType = 'Soft';
    const error = await handle(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toContain('detail.bounce.bounceType');
    expect((error as Error).message).toContain('"Soft"');
    await expect(
      handle({ ...sample('complaint.json'), detail: { eventType: 'Complaint', mail: { messageId: 'm' } } }),
    ).rejects.toThrow(/detail\.complaint/);
    expect(add).not.toHaveBeenCalled();
  });

  it('marks SENDING ledger rows SENT from a Send event carrying their tags, and leaves other rows alone', async () => {
    const { handle, listForTrainer, markSent } = fakes();
    const row = (milestoneId: string, status: string) => ({
      key: { trainerId: 't_abc', code: 'NASM-CPT', cycleExpiresOn: '2027-01-31', milestoneId },
      status,
    });
    listForTrainer.mockResolvedValue([
      row('countdown-60', 'SENDING'),
      row('countdown-30', 'SENDING'),
      row('ready', 'SENT'),
    ]);
    const tags = reminderTags('t_abc', [
      'REMINDER#NASM-CPT#2027-01-31#countdown-60',
      'REMINDER#NASM-CPT#2027-01-31#ready',
    ]);
    const event = sample('send.json');
    (event.detail as { mail: { tags: unknown } }).mail.tags = Object.fromEntries(
      Object.entries(tags).map(([k, v]) => [k, [v]]),
    );
    expect(await handle(event)).toEqual({ action: 'reconciled', count: 1 });
    expect(listForTrainer).toHaveBeenCalledWith('t_abc');
    expect(markSent).toHaveBeenCalledTimes(1);
    expect(markSent).toHaveBeenCalledWith(
      row('countdown-60', 'SENDING').key,
      expect.objectContaining({ messageId: '0100017c-reminder-0004' }),
    );
  });
});

describe('reminder message tags', () => {
  it('only ever produce names and values in the SES tag charset', () => {
    const tags = reminderTags('weird id#with spaces', ['REMINDER#NASM-CPT#2027-01-31#countdown-60']);
    for (const [name, value] of Object.entries(tags)) {
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      expect(value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    }
    expect(reminderTagValue('t_a', 'REMINDER#X#2027-01-01#a')).not.toBe(
      reminderTagValue('t_b', 'REMINDER#X#2027-01-01#a'),
    );
  });
});
