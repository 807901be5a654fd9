import { describe, expect, it } from 'vitest';
import { checkEmail, checkTeamName } from '../../../../../functions/features/teams/team-inputs.js';

describe('what is typed about a team', () => {
  it.each([
    ['', 'the team name is missing'],
    ['   ', 'the team name is missing'],
    ['x'.repeat(101), 'the team name is longer than 100 characters'],
    ['North\nside', 'the team name holds line breaks or invisible characters'],
    ['North\u202eside', 'the team name holds line breaks or invisible characters'],
    ['1234', 'the team name needs at least one letter'],
    ['Northside www.win-a-prize.example', 'the team name looks like a link or an address'],
  ])('refuses the team name %j: %s', (name, problem) => {
    expect(checkTeamName(name)).toEqual({ ok: false, problem });
  });

  it('accepts a gym’s name, trimmed', () => {
    expect(checkTeamName('  Northside Fitness & Yoga ')).toEqual({ ok: true, value: 'Northside Fitness & Yoga' });
  });

  it.each([
    ['', 'the email address is missing'],
    ['manager', 'that is not an email address (it should look like name@example.com)'],
    ['a@b', 'that is not an email address (it should look like name@example.com)'],
    [`${'m'.repeat(250)}@x.com`, 'the email address is longer than 254 characters'],
  ])('refuses the address %j: %s', (email, problem) => {
    expect(checkEmail(email)).toEqual({ ok: false, problem });
  });

  it('accepts an address, trimmed, as typed', () => {
    expect(checkEmail(' Manager@Gym.example.com ')).toEqual({ ok: true, value: 'Manager@Gym.example.com' });
  });
});
