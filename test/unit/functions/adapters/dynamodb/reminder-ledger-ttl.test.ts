import { describe, expect, it } from 'vitest';
import { addDays, evaluate, GRACE_NOTICE_DAYS, listCatalog, type TrainerProfile } from '../../../../../core/index.js';
import {
  LEDGER_KEEP_AFTER_CLAIM_DAYS,
  LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS,
  ledgerExpiresAt,
} from '../../../../../functions/adapters/dynamodb/reminder-ledger-repository.js';
import { epochSeconds } from '../../../../../functions/adapters/dynamodb/ttl.js';

const DAY = 86_400;
/** What the ledger keeps after the last possible send of a cycle (reconciliation, support), at the least. */
const MARGIN_AFTER_LAST_SEND_DAYS = 90;

const midnight = (date: string) => new Date(`${date}T00:00:00.000Z`);

describe('reminder ledger TTL', () => {
  it('expires two years after the cycle expiry, in whole epoch seconds', () => {
    const ttl = ledgerExpiresAt({ cycleExpiresOn: '2027-06-30' }, new Date('2026-11-20T10:00:00.750Z'));

    expect(Number.isInteger(ttl)).toBe(true);
    expect(ttl).toBe(epochSeconds(midnight('2027-06-30')) + LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS * DAY);
    expect(new Date(ttl * 1000).toISOString()).toBe('2029-06-29T00:00:00.000Z');
  });

  it('keeps a row claimed for a long-ended cycle 90 days after the claim, never a TTL in the past', () => {
    const claimedAt = new Date('2026-11-20T10:00:00.000Z');

    for (const cycleExpiresOn of ['2020-01-31', '0001-01-01']) {
      expect(ledgerExpiresAt({ cycleExpiresOn }, claimedAt)).toBe(
        epochSeconds(claimedAt) + LEDGER_KEEP_AFTER_CLAIM_DAYS * DAY,
      );
    }
  });

  it.each(
    listCatalog()
      .filter((entry) => entry.kind === 'certification')
      .map((entry) => [entry.code, entry] as const),
  )('outlives the last reminder %s can send by at least 90 days', (_code, entry) => {
    // The lapsed notice comes the day after the renewal window; months are counted long (31 days) to stay safe.
    const windowDays = (entry.graceDays ?? 0) + 31 * (entry.graceMonths ?? 0);
    const lastSendDay = Math.max(windowDays + 1, GRACE_NOTICE_DAYS[0] ?? 1);

    expect(lastSendDay + MARGIN_AFTER_LAST_SEND_DAYS).toBeLessThanOrEqual(LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS);
  });

  it('outlives every grace notice, and the CPR card notices (the last is the day after expiry)', () => {
    expect(Math.max(...GRACE_NOTICE_DAYS) + 1 + MARGIN_AFTER_LAST_SEND_DAYS).toBeLessThanOrEqual(
      LEDGER_KEEP_AFTER_CYCLE_EXPIRY_DAYS,
    );
    const [card] = evaluate(
      {
        // A card gets milestones only while a held certification requires it.
        credentials: [
          { code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' },
          { code: 'CPR-AED', earnedOn: '2026-01-10', expiresOn: '2028-01-31' },
        ],
        activities: [],
      },
      '2026-11-21',
    ).prerequisites;
    expect(card?.milestones.at(-1)).toMatchObject({ id: 'cpr-expired', on: '2028-02-01' });
  });

  it('lands after the last milestone of a real cycle (renewable for a year, CE met) plus the margin', () => {
    const profile: TrainerProfile = {
      credentials: [{ code: 'NASM-CPT', earnedOn: '2025-06-30', expiresOn: '2027-06-30' }],
      activities: [
        { title: 'A', completedOn: '2026-02-01', units: { NASM: 1 } },
        { title: 'B', completedOn: '2026-08-20', units: { NASM: 0.9 } },
        { title: 'C', completedOn: '2026-10-01', units: { NASM: 0.5 } },
      ],
    };
    const [certification] = evaluate(profile, '2026-11-21').certifications;
    const last = certification?.milestones.at(-1);

    expect(last).toMatchObject({ id: 'lapsed', on: '2028-07-01' });
    const ttl = ledgerExpiresAt({ cycleExpiresOn: certification?.expiresOn ?? '' }, midnight(last?.on ?? ''));
    expect(ttl).toBeGreaterThanOrEqual(epochSeconds(midnight(addDays(last?.on ?? '', MARGIN_AFTER_LAST_SEND_DAYS))));
  });
});
