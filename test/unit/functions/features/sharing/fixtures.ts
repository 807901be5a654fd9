import type { ShareLink } from '../../../../../functions/adapters/dynamodb/share-link-repository.js';
import { trainerFromItem } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';

/** 21 Nov 2026, 10:00 UTC. */
export const NOW = new Date('2026-11-21T10:00:00.000Z');

/** Sam: NASM-CPT current, ACE-CPT in its late window, ISSA-CPT lapsed, a current CPR/AED card, one course. */
export function trainer(credentials?: readonly Record<string, string>[]) {
  return trainerFromItem({
    entity: 'Trainer',
    version: 1,
    trainerId: 't_abcdefghijklmnopqrst',
    email: 'sam.lee@example.com',
    name: 'Sam Lee',
    profile: {
      credentials: credentials ?? [
        { code: 'NASM-CPT', expiresOn: '2027-03-31' },
        { code: 'ACE-CPT', expiresOn: '2026-10-31' },
        { code: 'ISSA-CPT', expiresOn: '2024-01-31' },
        { code: 'CPR-AED', expiresOn: '2027-06-30' },
      ],
      activities: [{ title: 'Kettlebell basics', completedOn: '2026-05-02', units: { NASM: 0.5 } }],
    },
    remindersSent: [],
    suppressed: false,
    revision: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

export function link(extra: Partial<ShareLink> = {}): ShareLink {
  return {
    entity: 'ShareLink',
    version: 1,
    linkRef: 'a'.repeat(64),
    codes: ['NASM-CPT'],
    createdAt: NOW.toISOString(),
    views: 0,
    ...extra,
  };
}
