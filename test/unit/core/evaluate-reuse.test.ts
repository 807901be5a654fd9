/**
 * `evaluate` reads each profile into buffers it reuses on the next call. Nothing may carry over: every result must
 * be what that profile alone gives, in any call order, and every result must be its own objects.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type Activity, evaluate, type TrainerProfile } from '../../../core/index.js';

function activity(completedOn: string, units: Activity['units'], extra: Partial<Activity> = {}): Activity {
  return { title: 'Course', completedOn, units, ...extra };
}

const PROFILES: readonly TrainerProfile[] = [
  // Many activities, a held specialization and a card: fills every buffer.
  {
    credentials: [
      { code: 'NASM-CPT', expiresOn: '2027-06-30' },
      { code: 'NASM-CES', earnedOn: '2026-03-01' },
      { code: 'CPR-AED', expiresOn: '2027-12-31' },
    ],
    activities: [
      activity('2025-08-01', { NASM: 0.2 }),
      activity('2025-09-01', { NASM: 0.3, ACE: 1 }),
      activity('2025-10-01', { NASM: 0.1 }, { category: 'ethics' }),
      activity('2025-11-01', { NASM: 0.1 }, { category: 'cpr-aed' }),
      activity('2026-01-01', { NASM: 0.4 }),
      activity('2026-02-01', { NASM: 0.5 }),
      activity('2026-05-01', { NASM: 0.6 }),
      activity('2026-06-01', { NASM: 0.7 }),
    ],
  },
  // One activity, no card, no specialization (so NASM-CES is advised): the buffers above must not leak into it.
  {
    credentials: [{ code: 'NASM-CPT', expiresOn: '2027-06-30' }],
    activities: [activity('2025-08-01', { NASM: 0.3 })],
  },
  // Two ACE certifications sharing course codes: each counts a repeated course once, independently.
  {
    credentials: [
      { code: 'ACE-CPT', expiresOn: '2027-03-31' },
      { code: 'ACE-GFI', expiresOn: '2027-05-31' },
      { code: 'CPR-AED', expiresOn: '2028-01-31', earnedOn: '2026-01-15' },
    ],
    activities: [
      activity('2025-06-01', { ACE: 1 }, { courseCode: 'C-1' }),
      activity('2025-07-01', { ACE: 1 }, { courseCode: 'C-1' }),
      activity('2025-08-01', { ACE: 0.1 }, { courseCode: 'C-2', category: 'ethics' }),
      activity('2025-09-01', { ACE: 0.9 }),
    ],
  },
  // NSCA categories and a met NCSF cycle (replayed to date "ready").
  {
    credentials: [
      { code: 'NSCA-CSCS', expiresOn: '2026-12-31', earnedOn: '2020-05-01' },
      { code: 'NCSF-CPT', expiresOn: '2027-02-28' },
      { code: 'CPR-AED', expiresOn: '2027-08-31', earnedOn: '2025-08-31' },
    ],
    activities: [
      activity('2024-03-01', { NSCA: 2, NCSF: 4 }, { category: 'A' }),
      activity('2025-04-01', { NSCA: 1.5, NCSF: 3 }, { category: 'C' }),
      activity('2025-06-01', { NCSF: 1 }, { category: 'ethics' }),
      activity('2026-01-10', { NSCA: 2 }),
    ],
  },
  { credentials: [], activities: [] },
];
const DAYS = ['2026-06-30', '2026-11-21', '2027-09-01'];

describe('evaluate with reused buffers', () => {
  /** Each profile's JSON from a freshly loaded core that has evaluated nothing else. */
  const alone = new Map<string, string>();
  beforeAll(async () => {
    for (const [index, profile] of PROFILES.entries()) {
      vi.resetModules();
      const fresh = await import('../../../core/index.js');
      for (const asOf of DAYS) alone.set(`${index}@${asOf}`, JSON.stringify(fresh.evaluate(profile, asOf)));
    }
  });

  it('gives each profile the result it gives alone, in any call order and across days', () => {
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [0, 4, 1, 3, 2, 0, 1],
    ];
    for (const order of orders) {
      for (const asOf of [...DAYS, ...[...DAYS].reverse()]) {
        for (const index of order) {
          expect(JSON.stringify(evaluate(PROFILES[index]!, asOf)), `profile ${index} on ${asOf}`).toBe(
            alone.get(`${index}@${asOf}`),
          );
        }
      }
    }
  });

  it('returns fresh objects: changing one result never shows in the next', () => {
    const first = evaluate(PROFILES[0]!, DAYS[1]!);
    const certification = first.certifications[0]!;
    (certification.milestones as unknown[]).length = 0;
    (certification.missing as unknown[]).push('edited');
    (certification.deadlines as { finishBy: string }).finishBy = 'edited';
    (first.prerequisites[0]!.requiredBy as string[]).push('edited');
    expect(JSON.stringify(evaluate(PROFILES[0]!, DAYS[1]!))).toBe(alone.get(`0@${DAYS[1]}`));
  });

  it('still throws for an unknown code, and evaluates normally afterwards', () => {
    expect(() => evaluate({ credentials: [{ code: 'NOPE' }], activities: PROFILES[0]!.activities }, DAYS[0]!)).toThrow(
      /unknown code "NOPE"/,
    );
    expect(JSON.stringify(evaluate(PROFILES[1]!, DAYS[0]!))).toBe(alone.get(`1@${DAYS[0]}`));
  });
});
