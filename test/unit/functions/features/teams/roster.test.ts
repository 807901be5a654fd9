import { describe, expect, it } from 'vitest';
import { trainerFromItem } from '../../../../../functions/adapters/dynamodb/trainer-repository.js';
import { attentionOf, rosterEntry, sortRoster } from '../../../../../functions/features/teams/roster.js';
import type { SharedView } from '../../../../../functions/pages/shared-status.js';
import type { RosterEntry } from '../../../../../functions/pages/team-page.js';

/** 21 Nov 2026, 10:00 UTC. */
const NOW = new Date('2026-11-21T10:00:00.000Z');

function view(certifications: SharedView['certifications'], cprCurrent = true): SharedView {
  return { name: 'Sam Lee', asOf: '2026-11-21', certifications, cprAed: { current: cprCurrent } };
}

const cert = (code: string, phase: 'current' | 'late-window' | 'lapsed', expiresOn: string) => ({
  code,
  name: `${code} name`,
  phase,
  expiresOn,
});

function entry(name: string, expiresOn: string | null, attention = false): RosterEntry {
  return {
    ...view(expiresOn ? [cert('NASM-CPT', 'current', expiresOn)] : []),
    name,
    memberRef: name,
    attention: attention ? [{ kind: 'cpr-not-current' }] : [],
  };
}

describe('what needs a manager’s attention', () => {
  it('a lapsed certification, one in its late-renewal window, and a card that is not current', () => {
    expect(
      attentionOf(
        view([cert('ISSA-CPT', 'lapsed', '2024-01-31'), cert('ACE-CPT', 'late-window', '2026-10-31')], false),
      ),
    ).toEqual([
      { kind: 'lapsed', code: 'ISSA-CPT', expiresOn: '2024-01-31' },
      { kind: 'late-window', code: 'ACE-CPT', expiresOn: '2026-10-31' },
      { kind: 'cpr-not-current' },
    ]);
  });

  it('a current certification expiring within 60 days, not one expiring on day 61', () => {
    expect(attentionOf(view([cert('NASM-CPT', 'current', '2027-01-20')]))).toEqual([
      { kind: 'expiring', code: 'NASM-CPT', expiresOn: '2027-01-20', days: 60 },
    ]);
    expect(attentionOf(view([cert('NASM-CPT', 'current', '2027-01-21')]))).toEqual([]);
  });

  it('works from the share-link fields of the live record: the same evaluation the status page shows', () => {
    const trainer = trainerFromItem({
      entity: 'Trainer',
      version: 1,
      trainerId: 't_abcdefghijklmnopqrst',
      email: 'sam.lee@example.com',
      name: 'Sam Lee',
      profile: {
        credentials: [
          { code: 'ACE-CPT', expiresOn: '2026-10-31' },
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
    const member = rosterEntry(trainer, 'ref', NOW);
    expect(member).toEqual({
      name: 'Sam Lee',
      asOf: '2026-11-21',
      certifications: [
        { code: 'ACE-CPT', name: 'ACE Certified Personal Trainer', phase: 'late-window', expiresOn: '2026-10-31' },
      ],
      cprAed: { current: true },
      memberRef: 'ref',
      attention: [{ kind: 'late-window', code: 'ACE-CPT', expiresOn: '2026-10-31' }],
    });
    expect(JSON.stringify(member)).not.toMatch(/sam\.lee@|Kettlebell|t_abc/);
  });
});

describe('the roster’s order', () => {
  const members = [
    entry('Alex Kim', '2027-09-01'),
    entry('zoe Adams', '2027-02-01'),
    entry('Blake Reyes', '2027-08-01', true),
    entry('Aaron Bell', '2027-12-01', true),
    entry('Noah Cert', null),
  ];

  it('puts "needs attention" first, then sorts each group by soonest expiry (none last)', () => {
    expect(sortRoster(members, 'expiry').map((member) => member.name)).toEqual([
      'Blake Reyes',
      'Aaron Bell',
      'zoe Adams',
      'Alex Kim',
      'Noah Cert',
    ]);
  });

  it('or by name, whatever the case', () => {
    expect(sortRoster(members, 'name').map((member) => member.name)).toEqual([
      'Aaron Bell',
      'Blake Reyes',
      'Alex Kim',
      'Noah Cert',
      'zoe Adams',
    ]);
  });
});
