import { describe, expect, it } from 'vitest';
import type { TeamDigestEntry } from '../../../../../functions/adapters/dynamodb/team-digest-ledger.js';
import type { Team } from '../../../../../functions/adapters/dynamodb/team-repository.js';
import type { EmailMessage } from '../../../../../functions/adapters/email/index.js';
import { SendingHaltedError, SendOutcomeUnknownError } from '../../../../../functions/adapters/ses/index.js';
import { createTokenService } from '../../../../../functions/common/tokens.js';
import { sendTeamDigests } from '../../../../../functions/features/teams/monthly-digest.js';
import type { MailingDependencies } from '../../../../../functions/wiring/mailing-dependencies.js';

const DECEMBER = new Date('2026-12-01T09:30:00.000Z');

const team = (n: number): Team => ({
  teamId: `tm_${String(n).padStart(20, '0')}`,
  name: `Gym ${n}`,
  managerEmail: `manager${n}@gym.example.com`,
  createdAt: '2026-11-01T00:00:00.000Z',
});

/** Two teams, an in-memory digest ledger, and an SES whose answers the test scripts, one per send. */
function fakes(answers: (() => Promise<{ messageId: string }>)[], suppressed: readonly string[] = []) {
  const ledger = new Map<string, TeamDigestEntry>();
  const sent: EmailMessage[] = [];
  const key = (teamId: string, month: string) => `${teamId}/${month}`;
  const deps = {
    config: { BASE_URL: 'https://recert.example.com' },
    tokens: createTokenService('k'.repeat(32)),
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '1 Main St, Springfield, IL' },
    mailer: {
      async send(message: EmailMessage) {
        const answer = answers.shift();
        if (!answer) throw new Error('no scripted SES answer left');
        const result = await answer();
        sent.push(message);
        return result;
      },
    },
    repositories: {
      teams: { list: async () => [team(1), team(2)] },
      suppressions: { isSuppressed: async (email: string) => suppressed.includes(email) },
      teamRosters: { rosterOf: async () => ({ members: [], invitations: [], departures: [] }) },
      trainers: { get: async () => undefined },
      teamDigests: {
        get: async (teamId: string, month: string) => ledger.get(key(teamId, month)),
        async claim(teamId: string, month: string, runId: string, now: Date) {
          if (ledger.has(key(teamId, month))) return false;
          ledger.set(key(teamId, month), {
            month,
            status: 'SENDING',
            runId,
            claimedAt: now.toISOString(),
            expiresAt: 0,
          });
          return true;
        },
        async markSent(teamId: string, month: string, messageId: string) {
          const row = ledger.get(key(teamId, month));
          if (row) ledger.set(key(teamId, month), { ...row, status: 'SENT', messageId });
        },
        async release(teamId: string, month: string, runId: string) {
          if (ledger.get(key(teamId, month))?.runId === runId) ledger.delete(key(teamId, month));
        },
      },
    },
  };
  return { deps: deps as unknown as MailingDependencies, ledger, sent };
}

const ok = (id: string) => async () => ({ messageId: id });

describe('the monthly team digest', () => {
  it('sends each manager one digest a month, however often the run happens', async () => {
    const { deps, sent } = fakes([ok('m-1'), ok('m-2')]);
    expect(await sendTeamDigests(deps, { runId: 'run-1', now: DECEMBER })).toMatchObject({
      month: '2026-12',
      teams: 2,
      sent: 2,
    });
    expect(await sendTeamDigests(deps, { runId: 'run-2', now: DECEMBER })).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(sent.map((message) => [message.to, message.subject])).toEqual([
      ['manager1@gym.example.com', 'Gym 1: No member has joined yet'],
      ['manager2@gym.example.com', 'Gym 2: No member has joined yet'],
    ]);
  });

  it('gives the month back when SES halted sending, and stops; the next day’s run sends the rest', async () => {
    const halted = async () => {
      throw new SendingHaltedError('ses.sending-paused', 'paused', {
        awsErrorName: 'SendingPausedException',
        cause: null,
      });
    };
    const { deps, ledger, sent } = fakes([ok('m-1'), halted, ok('m-2')]);
    expect(await sendTeamDigests(deps, { runId: 'day-1', now: DECEMBER })).toMatchObject({
      sent: 1,
      notSent: 1,
      stopped: true,
    });
    expect([...ledger.keys()]).toEqual([`${team(1).teamId}/2026-12`]);
    const nextDay = new Date('2026-12-02T09:30:00.000Z');
    expect(await sendTeamDigests(deps, { runId: 'day-2', now: nextDay })).toMatchObject({ sent: 1, alreadySent: 1 });
    expect(sent.map((message) => message.to)).toEqual(['manager1@gym.example.com', 'manager2@gym.example.com']);
  });

  it('never sends twice when SES may have sent it: the claim stays', async () => {
    const unknown = async () => {
      throw new SendOutcomeUnknownError('timeout', { awsErrorName: 'ETIMEDOUT', cause: null });
    };
    const { deps, ledger } = fakes([unknown, ok('m-2')]);
    expect(await sendTeamDigests(deps, { runId: 'day-1', now: DECEMBER })).toMatchObject({
      sent: 1,
      outcomeUnknown: 1,
    });
    expect(ledger.get(`${team(1).teamId}/2026-12`)?.status).toBe('SENDING');
    expect(await sendTeamDigests(deps, { runId: 'day-2', now: DECEMBER })).toMatchObject({ sent: 0, alreadySent: 2 });
  });

  it('emails no manager whose address is on the suppression list, and stops starting digests when time runs out', async () => {
    const { deps, sent } = fakes([ok('m-2')], ['manager1@gym.example.com']);
    expect(await sendTeamDigests(deps, { runId: 'run', now: DECEMBER, remainingMs: () => 30_000 })).toMatchObject({
      sent: 0,
      stopped: true,
    });
    expect(await sendTeamDigests(deps, { runId: 'run', now: DECEMBER })).toMatchObject({ suppressed: 1, sent: 1 });
    expect(sent.map((message) => message.to)).toEqual(['manager2@gym.example.com']);
  });
});
