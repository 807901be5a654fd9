import { describe, expect, it } from 'vitest';
import type { MailingDependencies } from '../../../functions/wiring/mailing-dependencies.js';
import { runTeamCli } from '../../../scripts/team.js';
import { runCli } from '../../helpers/run-cli.js';

/** Bad usage must be refused before anything connects. */
const noConnection = async (): Promise<MailingDependencies> => {
  throw new Error('connected despite bad usage');
};

const team = (...args: string[]) => runTeamCli(args, { connect: noConnection, env: {} });

describe('npm run team: bad usage exits 2 with one line naming the flag in plain words', () => {
  it.each([
    [['add', '--email', 'manager@gym.example.com'], 'team: --name: required'],
    [['add', '--name', '', '--email', 'manager@gym.example.com'], 'team: --name: the team name is missing'],
    [['add', '--email', 'manager@gym.example.com', '--name'], 'team: --name: the value is missing'],
    [['add', '--name', '  ', '--email', 'manager@gym.example.com'], 'team: --name: the team name is missing'],
    [['add', '--name', 'Northside Fitness'], 'team: --email: required'],
    [
      ['add', '--name', 'Northside Fitness', '--email', 'manager'],
      'team: --email: that is not an email address (it should look like name@example.com)',
    ],
    [
      ['add', '--name', 'www.northside.example', '--email', 'manager@gym.example.com'],
      'team: --name: the team name looks like a link or an address',
    ],
    [['add', '--name=North', '--name=South', '--email=a@b.example'], 'team: --name: given twice'],
    [['add', '--nmae', 'North'], 'team: unknown flag "--nmae"'],
    [['add', '--team', 'tm_00000000000000000000'], 'team: --team is not a flag of add'],
    [['link'], 'team: --team: required'],
    [
      ['link', '--team', 'northside'],
      'team: --team: not a team id, which is tm_ and 20 characters as add and list print it',
    ],
    [['list', 'now'], 'team: unexpected word "now" (flags start with --)'],
    [['list', '--region', 'us-east-1'], 'team: --region: only with --table (a stage in AWS)'],
    [
      ['list', '--table', 'recert-prod', '--region', 'mars'],
      'team: --region: the AWS region is missing or not one (got "mars")',
    ],
    [['remove'], 'team: unknown command "remove": add, link, list or webhook'],
    [[], 'team: the command is missing: add, link, list or webhook'],
  ])('%j → %s', async (args, line) => {
    const result = await team(...args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${line} (npm run team -- --help)\n`);
  });

  it('prints its usage with --help', async () => {
    const result = await team('--help');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('add --name NAME --email ADDRESS');
  });

  it('exits 1 naming the missing stack when nothing runs locally', async () => {
    const result = await runTeamCli(['list'], { env: { RECERT_DATA_DIR: '/nonexistent/recert-state' } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^team: Recert is not running locally \(nothing in \/nonexistent\/recert-state\)/);
  });

  it('exits 2 from the shell too, as `npm run team` runs it', async () => {
    const run = await runCli('scripts/team.ts', ['add', '--name', 'Northside Fitness', '--email', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'team: --email: that is not an email address (it should look like name@example.com) (npm run team -- --help)',
    ]);
  });
});
