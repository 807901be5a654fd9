import { describe, expect, it } from 'vitest';
import { renderTeamPage, type TeamPageInput } from '../../../../functions/pages/team-page.js';
import { teamSection } from '../../../../functions/pages/team-section.js';

const hostile = '<img src=x onerror=alert(1)>';

function input(extra: Partial<TeamPageInput> = {}): TeamPageInput {
  return {
    token: 'tok"en',
    teamName: hostile,
    asOf: '2026-11-21',
    sort: 'expiry',
    members: [
      {
        name: hostile,
        asOf: '2026-11-21',
        certifications: [
          { code: 'NASM-CPT', name: 'NASM Certified Personal Trainer', phase: 'lapsed', expiresOn: '2026-10-01' },
        ],
        cprAed: { current: false },
        memberRef: 'a'.repeat(64),
        attention: [{ kind: 'lapsed', code: 'NASM-CPT', expiresOn: '2026-10-01' }, { kind: 'cpr-not-current' }],
      },
    ],
    invitations: [
      {
        inviteRef: 'b'.repeat(64),
        email: `${hostile}@x.example`,
        invitedAt: '2026-11-20T10:00:00.000Z',
        validUntil: '2026-12-20T10:00:00.000Z',
      },
    ],
    departures: [{ leftAt: '2026-11-19T10:00:00.000Z' }],
    ...extra,
  };
}

describe('the team manager’s page', () => {
  it('escapes every name, address and the token it carries', () => {
    const page = renderTeamPage(input());
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('value="tok&quot;en"');
    expect(page).toContain('1 of 1 needs attention.');
    expect(page).toContain('NASM-CPT lapsed (expired on 1 Oct 2026); CPR/AED card not current');
    expect(page).toContain('A member left the team on 19 Nov 2026.');
  });

  it('names each remove and withdraw button for a screen reader', () => {
    const page = renderTeamPage(input({ teamName: 'Northside' }));
    expect(page).toMatch(/>Remove<span class="visually-hidden"> &lt;img[^<]*from the team<\/span>/);
    expect(page).toMatch(/>Withdraw<span class="visually-hidden"> the invitation to &lt;img/);
  });
});

describe('the status page’s "Teams" section', () => {
  it('is absent with no team and no invitation, and escapes a team’s name', () => {
    expect(teamSection({ token: 't' })).toBe('');
    const section = teamSection({
      token: 't',
      teams: {
        memberships: [],
        invitations: [
          {
            teamId: 'tm_00000000000000000000',
            teamName: hostile,
            invitedAt: '2026-11-21T10:00:00.000Z',
            validUntil: '2026-12-21T10:00:00.000Z',
            expiresAt: 0,
          },
        ],
      },
    });
    expect(section).not.toContain('<img');
    expect(section).toContain('Join &lt;img');
  });
});
