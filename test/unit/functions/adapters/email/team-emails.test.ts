import { describe, expect, it } from 'vitest';
import { RenderInputError } from '../../../../../functions/adapters/email/index.js';
import { renderTeamDigest } from '../../../../../functions/adapters/email/team-digest-email.js';
import { renderTeamInvitation } from '../../../../../functions/adapters/email/team-invitation-email.js';
import { renderTeamManagerLink } from '../../../../../functions/adapters/email/team-manager-link-email.js';
import { sender } from './fixtures.js';

const teamUrl = 'https://recert.example.com/team?token=tm_token';

describe('the team emails', () => {
  it('invites with the same words for everyone, and no link only a trainer could use', () => {
    const message = renderTeamInvitation({
      to: 'sam@example.com',
      teamName: 'Northside Fitness',
      validUntil: '2026-12-21',
      statusLinkUrl: 'https://recert.example.com/status-link',
      signupUrl: 'https://recert.example.com/',
      sender,
    });
    expect(message.subject).toBe('Northside Fitness invites you to share your certification status');
    expect(message.text).toContain('open your Recert status page by 21 Dec 2026 and choose Join or Decline');
    expect(message.text).toContain('Never your email address, your courses or our advice.');
    expect(`${message.text}${message.html}`).not.toContain('token=');
    expect(message.headers).toEqual({});
    expect(message.text).toContain(sender.postalAddress);
  });

  it('gives the manager the page’s link and says until when it works', () => {
    const message = renderTeamManagerLink({
      to: 'manager@gym.example.com',
      teamName: 'Northside Fitness',
      teamUrl,
      validUntil: '2026-12-31',
      sender,
    });
    expect(message.subject).toBe('Your Recert team page for Northside Fitness');
    expect(message.text).toContain(`Open the team page: ${teamUrl}`);
    expect(message.text).toContain('The link works until 31 Dec 2026.');
    expect(() =>
      renderTeamManagerLink({
        to: 'm@x.example',
        teamName: 'N',
        teamUrl: 'http://evil.example/team',
        validUntil: '2026-12-31',
        sender,
      }),
    ).toThrow(RenderInputError);
  });

  it('sums the month up: who needs attention and why, who left, invitations waiting, a fresh link', () => {
    const message = renderTeamDigest({
      to: 'manager@gym.example.com',
      teamName: 'Northside Fitness',
      summary: '2 of 12 need attention',
      needsAttention: ['Blake Reyes: ACE-CPT lapsed (expired on 31 Oct 2026)', 'Casey Ng: CPR/AED card not current'],
      upToDate: 10,
      departures: ['Alex Kim left the team on 3 Nov 2026.'],
      invitationsWaiting: 2,
      teamUrl,
      validUntil: '2027-01-10',
      sender,
    });
    expect(message.subject).toBe('Northside Fitness: 2 of 12 need attention');
    expect(message.text).toContain(
      'Needs attention\n- Blake Reyes: ACE-CPT lapsed (expired on 31 Oct 2026)\n- Casey Ng: CPR/AED card not current',
    );
    expect(message.text).toContain('10 others are up to date.');
    expect(message.text).toContain('Left last month\n- Alex Kim left the team on 3 Nov 2026.');
    expect(message.text).toContain('2 invitations are not accepted yet.');
    expect(message.text).toContain(`Open the team roster: ${teamUrl}`);
    expect(message.html).toContain('Blake Reyes: ACE-CPT lapsed');
  });
});
