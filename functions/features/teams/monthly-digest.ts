import { addMonths } from '../../../core/index.js';
import type { Team } from '../../adapters/dynamodb/team-repository.js';
import { renderTeamDigest } from '../../adapters/email/team-digest-email.js';
import { SendingHaltedError, SendOutcomeUnknownError, withThrottleRetry } from '../../adapters/ses/index.js';
import { logger } from '../../common/logger.js';
import { attentionLine, attentionSummary, departureText } from '../../pages/team-page.js';
import { calendarDateAt } from '../../record/next-reminder.js';
import type { MailingDependencies } from '../../wiring/mailing-dependencies.js';
import { managerLinkValidUntil } from './manager-link.js';
import { managerPageUrl } from './manager-session.js';
import { loadRoster } from './roster.js';
import { surelyNotSent } from './send-outcome.js';

/** Stop starting digests with less than this left: the rest go out on the schedule's next day (ADR 0033). */
export const DIGEST_STOP_BEFORE_MS = 60_000;

export interface DigestRun {
  /** The scheduled event's id: the ledger names the run that claimed each digest. */
  readonly runId: string;
  readonly now: Date;
  /** Lambda's time left; absent (a test, `npm run invoke`) means plenty. */
  readonly remainingMs?: () => number;
}

export interface DigestRunSummary {
  /** `YYYY-MM`: the month whose digest this run sends. */
  readonly month: string;
  readonly teams: number;
  readonly sent: number;
  /** This month's digest was claimed before (sent, or its send's outcome never became known). */
  readonly alreadySent: number;
  /** The manager's address is on the suppression list: no digest this month. */
  readonly suppressed: number;
  /** SES surely sent nothing: the claim was given back for the schedule's next day. */
  readonly notSent: number;
  /** SES may or may not have sent it: the claim stays, so it is not sent twice. */
  readonly outcomeUnknown: number;
  /** The run stopped early (time running out, or SES halted sending); the rest go out on the next day. */
  readonly stopped: boolean;
}

type TeamOutcome = 'sent' | 'already-sent' | 'suppressed' | 'not-sent' | 'outcome-unknown' | 'halted';

/** Last month, as instants: each departure is in exactly one month's digest, whichever day of the window sends it. */
function lastMonth(month: string): { readonly from: string; readonly until: string } {
  return { from: `${addMonths(`${month}-01`, -1)}T00:00:00.000Z`, until: `${month}-01T00:00:00.000Z` };
}

async function digestTeam(deps: MailingDependencies, team: Team, month: string, run: DigestRun): Promise<TeamOutcome> {
  const { teamDigests } = deps.repositories;
  if (await teamDigests.get(team.teamId, month)) return 'already-sent';
  if (await deps.repositories.suppressions.isSuppressed(team.managerEmail)) return 'suppressed';
  const roster = await loadRoster(deps, team, 'expiry', run.now);
  const needsAttention = roster.entries.filter((entry) => entry.attention.length > 0);
  // Rendered before the claim: a digest that cannot be rendered must not hold the month's claim.
  const message = renderTeamDigest({
    to: team.managerEmail,
    teamName: team.name,
    summary: attentionSummary(roster.entries),
    needsAttention: needsAttention.map(attentionLine),
    upToDate: roster.entries.length - needsAttention.length,
    departures: roster.departures
      .filter((departure) => departure.leftAt >= lastMonth(month).from && departure.leftAt < lastMonth(month).until)
      .map(departureText),
    invitationsWaiting: roster.invitations.length,
    teamUrl: managerPageUrl(deps, team.teamId, run.now),
    validUntil: managerLinkValidUntil(run.now),
    sender: deps.sender,
  });
  if (!(await teamDigests.claim(team.teamId, month, run.runId, run.now))) return 'already-sent';
  try {
    const { messageId } = await withThrottleRetry(
      () => deps.mailer.send(message, { tags: { purpose: 'team-digest' } }),
      { attempts: 3, baseDelayMs: 1_000 },
    );
    await teamDigests.markSent(team.teamId, month, messageId, run.now);
    return 'sent';
  } catch (error) {
    if (error instanceof SendOutcomeUnknownError) return 'outcome-unknown';
    await teamDigests.release(team.teamId, month, run.runId);
    if (!surelyNotSent(error)) throw error;
    logger.warn('team digest not sent; claim given back', { teamId: team.teamId, error });
    return error instanceof SendingHaltedError ? 'halted' : 'not-sent';
  }
}

/**
 * The monthly digest (ADR 0033): each team's manager gets "3 of 12 need attention: …", who left last month and
 * a fresh link to the page, at most once per team and month (the ledger's claim). The schedule fires on the 1st, 2nd
 * and 3rd of the month, so a digest a run could not send goes out the next day; a repeated run sends nothing twice.
 */
export async function sendTeamDigests(deps: MailingDependencies, run: DigestRun): Promise<DigestRunSummary> {
  const month = calendarDateAt(run.now).slice(0, 7);
  const teams = await deps.repositories.teams.list();
  const counts = { sent: 0, alreadySent: 0, suppressed: 0, notSent: 0, outcomeUnknown: 0 };
  const key: Record<Exclude<TeamOutcome, 'halted'>, keyof typeof counts> = {
    sent: 'sent',
    'already-sent': 'alreadySent',
    suppressed: 'suppressed',
    'not-sent': 'notSent',
    'outcome-unknown': 'outcomeUnknown',
  };
  let stopped = false;
  for (const team of teams) {
    if (run.remainingMs && run.remainingMs() < DIGEST_STOP_BEFORE_MS) {
      stopped = true;
      break;
    }
    const outcome = await digestTeam(deps, team, month, run);
    if (outcome === 'halted') {
      counts.notSent += 1;
      stopped = true;
      break;
    }
    counts[key[outcome]] += 1;
  }
  const summary: DigestRunSummary = { month, teams: teams.length, ...counts, stopped };
  logger.info('team digests', { ...summary });
  return summary;
}
