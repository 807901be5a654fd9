import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as deleteMyRecord } from '../../../functions/http/delete-my-record.js';
import { handler as deleteTeam } from '../../../functions/http/delete-team.js';
import { handler as exportMyRecord } from '../../../functions/http/export-my-record.js';
import { handler as statusPage } from '../../../functions/http/status-page.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { handler as teamAnswer } from '../../../functions/http/team-answer.js';
import { handler as teamInvitations } from '../../../functions/http/team-invitations.js';
import { handler as teamMembers } from '../../../functions/http/team-members.js';
import { handler as teamPage } from '../../../functions/http/team-page.js';
import { handler as teamRosterCsv } from '../../../functions/http/team-roster-csv.js';
import { handler as sendTeamDigests } from '../../../functions/scheduled/send-team-digests.js';
import { mailingDependencies } from '../../../functions/wiring/mailing-dependencies.js';
import { runTeamCli } from '../../../scripts/team.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import {
  allItems,
  bearer,
  call,
  confirmTokenFor,
  formPost,
  jsonOf,
  postJson,
  signupBody,
  T0,
  tokenFromUrl,
} from './http-helpers.js';

const NOW = T0 + 3_600_000;
const DAY = 24 * 3_600_000;

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

interface Trainer {
  readonly token: string;
  readonly trainerId: string;
  readonly email: string;
  readonly name: string;
}

interface Team {
  readonly teamId: string;
  readonly token: string;
  readonly managerEmail: string;
}

describe('team roster: a manager invites, a trainer consents, the roster shows what a share link would', () => {
  let aws: LocalAws;
  let counter = 0;

  beforeAll(async () => {
    aws = await startLocalAws();
  });
  afterAll(async () => {
    await aws.stop();
  });

  async function mailsTo(address: string) {
    return (await aws.ses.stored()).filter((mail) => mail.destination.to.some((to) => to.includes(address)));
  }

  const invitationsTo = async (address: string) =>
    (await mailsTo(address)).filter((mail) => mail.subject.endsWith('invites you to share your certification status'));

  /** `npm run team -- add`, against the test's emulators, and the manager's token from the email it sent. */
  async function team(name = 'Northside Fitness', at = T0): Promise<Team> {
    const managerEmail = `manager${++counter}@gym.example.com`;
    const run = await runTeamCli(['add', '--name', name, '--email', managerEmail], {
      connect: () => mailingDependencies(),
      now: new Date(at),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const teamId = /team id (tm_[0-9a-f]{20})/.exec(run.stdout)?.[1] ?? '';
    const [mail] = await mailsTo(managerEmail);
    expect(mail?.subject).toBe(`Your Recert team page for ${name}`);
    const url = /(http:\/\/localhost:3000\/team\?token=\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    return { teamId, token: tokenFromUrl(url), managerEmail };
  }

  /** A confirmed trainer, named, with the sign-up's profile (NASM-CPT to 31 Mar 2027, a current card) or `credentials`. */
  async function trainer(name: string, credentials?: readonly { code: string; expiresOn: string }[]): Promise<Trainer> {
    const email = `trainer${++counter}@example.com`;
    await postJson(submitSignup, signupBody(email, { name, ...(credentials ? { credentials } : {}) }), {
      timeEpoch: T0,
    });
    const confirmed = await postJson(confirmSignup, { token: await confirmTokenFor(aws, email) }, { timeEpoch: T0 });
    const token = tokenFromUrl(String(jsonOf(confirmed).statusUrl));
    const { subject } = createTokenService(aws.tokenSigningKey).verify(token, 'status', new Date(T0));
    return { token, trainerId: subject, email, name };
  }

  async function page(of: Team, query: Record<string, string> = {}, at = NOW) {
    const response = await call(teamPage, { query: { token: of.token, ...query }, timeEpoch: at });
    expect(response.statusCode, String(response.body).slice(0, 300)).toBe(200);
    return String(response.body);
  }

  async function status(of: Trainer, at = NOW) {
    const response = await call(statusPage, { query: { token: of.token }, timeEpoch: at });
    expect(response.statusCode).toBe(200);
    return String(response.body);
  }

  async function invite(of: Team, email: string, at = NOW) {
    return formPost(teamInvitations, { token: of.token, action: 'invite', email }, at);
  }

  async function answer(who: Trainer, of: Team, action: 'accept' | 'decline' | 'leave', at = NOW) {
    const response = await formPost(teamAnswer, { token: who.token, action, team: of.teamId }, at);
    expect(response.statusCode).toBe(303);
    expect(String(response.headers?.location)).toBe(`/status?token=${encodeURIComponent(who.token)}#teams`);
  }

  async function joined(of: Team, who: Trainer) {
    expect((await invite(of, who.email)).statusCode).toBe(303);
    await answer(who, of, 'accept');
  }

  /** The member names in the roster, in its order. */
  const rosterNames = (html: string) =>
    [...html.matchAll(/<strong class="member-name">([^<]+)<\/strong>/g)].map((m) => m[1]);

  it('add → manager email with link → invite → the trainer accepts on their status page → the roster shows the share-link fields only', async () => {
    const gym = await team();
    expect(text(await page(gym))).toContain('No member has joined yet.');

    const alex = await trainer('Alex Kim');
    const invited = await invite(gym, alex.email.toUpperCase());
    expect(invited.statusCode).toBe(303);
    expect(String(invited.headers?.location)).toBe(`/team?token=${encodeURIComponent(gym.token)}&done=invited#invite`);

    // The invitation email: the same for everyone, with no link only a trainer could use.
    const [invitation] = await mailsTo(alex.email.toUpperCase());
    expect(invitation?.subject).toBe('Northside Fitness invites you to share your certification status');
    expect(invitation?.body.text).toContain('http://localhost:3000/status-link');
    expect(invitation?.body.text).not.toContain('token=');

    // Not a member until they say so.
    const waiting = text(await page(gym, { done: 'invited' }));
    expect(waiting).toContain('Invitation sent.');
    expect(waiting).toContain('No member has joined yet.');
    expect(waiting).toContain(`${alex.email.toUpperCase()} Invited on 21 Nov 2026 · not accepted`);
    expect(await page(gym)).not.toContain('Alex Kim');

    const before = text(await status(alex));
    expect(before).toContain('Teams');
    expect(before).toContain('Northside Fitness invited you on 21 Nov 2026.');
    await answer(alex, gym, 'accept');
    const after = text(await status(alex));
    expect(after).toContain('Your teams Northside Fitness Sees your status since 21 Nov 2026.');
    expect(after).not.toContain('invited you');

    const roster = await page(gym);
    const shown = text(roster);
    expect(rosterNames(roster)).toEqual(['Alex Kim']);
    expect(shown).toContain('Your 1 member is up to date.');
    expect(shown).toContain('NASM-CPT NASM Certified Personal Trainer Current — expires on 31 Mar 2027');
    expect(shown).toContain('CPR/AED card: current');
    // The invitation is answered; nothing of the record beyond the share-link fields, and no address or id.
    expect(shown).not.toContain('not accepted');
    for (const secret of [alex.email, alex.email.toUpperCase(), alex.trainerId, alex.token, 'Kettlebell']) {
      expect(roster).not.toContain(secret);
    }
    expect(shown).not.toMatch(/What to do next|CEUs?\b|finish your CE|late fee|Jun 2027/i);
  });

  it('lists "needs attention" first, sorts by name or expiry with plain links, and exports CSV with ISO dates', async () => {
    const gym = await team();
    const alex = await trainer('Alex Kim'); // NASM-CPT to 31 Mar 2027 (130 days), card current: up to date
    const blake = await trainer('Blake Reyes');
    const added = await formPost(
      changeMyRecord,
      { token: blake.token, action: 'add-credential', code: 'ACE-CPT', expiresOn: '2026-10-31' },
      NOW,
    );
    expect(added.statusCode).toBe(303); // ACE-CPT in its late-renewal window
    const casey = await trainer('Casey Ng', [
      { code: 'NASM-CPT', expiresOn: '2027-01-10' }, // 50 days away
      { code: 'CPR-AED', expiresOn: '2026-10-01' }, // expired
    ]);
    const aaron = await trainer('Aaron Bell', [
      { code: 'NASM-CPT', expiresOn: '2027-03-31' },
      { code: 'CPR-AED', expiresOn: '2026-10-01' }, // expired
    ]);
    for (const who of [alex, blake, casey, aaron]) await joined(gym, who);

    const byExpiry = await page(gym);
    expect(text(byExpiry)).toContain('3 of 4 need attention.');
    expect(rosterNames(byExpiry)).toEqual(['Blake Reyes', 'Casey Ng', 'Aaron Bell', 'Alex Kim']);
    const shown = text(byExpiry);
    expect(shown).toContain(
      'Blake Reyes Needs attention: ACE-CPT expired on 31 Oct 2026, still in its late-renewal window',
    );
    expect(shown).toContain(
      'Casey Ng Needs attention: NASM-CPT expires on 10 Jan 2027 (in 50 days); CPR/AED card not current',
    );
    expect(shown).toContain('Aaron Bell Needs attention: CPR/AED card not current');
    expect(shown).toContain('Needs attention (3)');
    expect(shown).toContain('Up to date (1)');

    // Plain links, sorted on the server.
    expect(byExpiry).toContain(`href="/team?token=${encodeURIComponent(gym.token)}&amp;sort=name#roster"`);
    // Within each group the order follows the choice; "needs attention" stays first either way.
    const byName = await page(gym, { sort: 'name' });
    expect(rosterNames(byName)).toEqual(['Aaron Bell', 'Blake Reyes', 'Casey Ng', 'Alex Kim']);
    expect(byName).toContain(`href="/team?token=${encodeURIComponent(gym.token)}#roster"`);
    expect(rosterNames(await page(gym, { sort: 'expiry' }))).toEqual(rosterNames(byExpiry));
    expect((await call(teamPage, { query: { token: gym.token, sort: 'age' }, timeEpoch: NOW })).statusCode).toBe(400);

    const csv = await call(teamRosterCsv, { query: { token: gym.token, sort: 'name' }, timeEpoch: NOW });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers?.['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers?.['content-disposition']).toBe('attachment; filename="team-roster-2026-11-21.csv"');
    const lines = String(csv.body).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'name,needs_attention,attention_reasons,certification_code,certification_name,phase,expires_on,cpr_aed_current,as_of',
    );
    expect(lines.slice(1)).toEqual([
      'Aaron Bell,yes,CPR/AED card not current,NASM-CPT,NASM Certified Personal Trainer,current,2027-03-31,no,2026-11-21',
      'Blake Reyes,yes,"ACE-CPT expired on 31 Oct 2026, still in its late-renewal window",NASM-CPT,NASM Certified Personal Trainer,current,2027-03-31,yes,2026-11-21',
      'Blake Reyes,yes,"ACE-CPT expired on 31 Oct 2026, still in its late-renewal window",ACE-CPT,ACE Certified Personal Trainer,late-window,2026-10-31,yes,2026-11-21',
      'Casey Ng,yes,NASM-CPT expires on 10 Jan 2027 (in 50 days); CPR/AED card not current,NASM-CPT,NASM Certified Personal Trainer,current,2027-01-10,no,2026-11-21',
      'Alex Kim,no,,NASM-CPT,NASM Certified Personal Trainer,current,2027-03-31,yes,2026-11-21',
    ]);
    for (const who of [alex, blake, casey, aaron]) expect(String(csv.body)).not.toContain(who.email);
  });

  it('shows nobody who did not accept: a declined invitation looks like one never answered, and is not sent twice', async () => {
    const gym = await team();
    const dana = await trainer('Dana Cole');
    const stranger = `nobody${++counter}@example.com`;
    const toTrainer = await invite(gym, dana.email);
    const toStranger = await invite(gym, stranger);
    // The same answer whether or not the address belongs to a Recert trainer.
    expect(toTrainer.statusCode).toBe(toStranger.statusCode);
    expect(String(toTrainer.headers?.location)).toBe(String(toStranger.headers?.location));
    expect(await invitationsTo(dana.email)).toHaveLength(1);
    expect(await invitationsTo(stranger)).toHaveLength(1);

    await answer(dana, gym, 'decline');
    expect(text(await status(dana))).not.toContain('Northside Fitness');
    const shown = text(await page(gym));
    expect(shown).not.toContain('Dana Cole');
    expect(shown).toContain(`${dana.email} Invited on 21 Nov 2026 · not accepted · the invitation ends on 21 Dec 2026`);
    expect(shown).toContain(`${stranger} Invited on 21 Nov 2026 · not accepted · the invitation ends on 21 Dec 2026`);

    // Inviting again while one waits sends nothing; a declined invitation cannot be accepted any more.
    const again = await invite(gym, dana.email);
    expect(String(again.headers?.location)).toContain('done=already-invited');
    expect(await invitationsTo(dana.email)).toHaveLength(1);
    await answer(dana, gym, 'accept');
    expect(await page(gym)).not.toContain('Dana Cole');

    // The stranger signs up later with that address: the invitation waits on their new status page.
    const later = `later${++counter}@example.com`;
    await invite(gym, later);
    await postJson(submitSignup, signupBody(later, { name: 'Eli Park' }), { timeEpoch: NOW + DAY });
    const confirmed = await postJson(
      confirmSignup,
      { token: await confirmTokenFor(aws, later) },
      { timeEpoch: NOW + DAY },
    );
    const eli = {
      token: tokenFromUrl(String(jsonOf(confirmed).statusUrl)),
      email: later,
      name: 'Eli Park',
      trainerId: '',
    };
    expect(text(await status(eli, NOW + DAY))).toContain('Northside Fitness invited you on 21 Nov 2026.');
    await answer(eli, gym, 'accept', NOW + DAY);
    expect(rosterNames(await page(gym, {}, NOW + DAY))).toEqual(['Eli Park']);

    // An invitation ends after 30 days: then it is gone from both pages.
    const ended = NOW + 31 * DAY;
    expect(text(await page(gym, {}, ended))).not.toContain('not accepted');
  });

  it('says what is wrong with an address next to the field, and writes nothing', async () => {
    const gym = await team();
    const before = (await allItems(aws)).length;
    const response = await invite(gym, 'not an address');
    expect(response.statusCode).toBe(400);
    const body = String(response.body);
    expect(body).toContain('aria-invalid="true"');
    expect(text(body)).toContain('That is not an email address (it should look like name@example.com).');
    expect(body).toContain('value="not an address"');
    expect((await allItems(aws)).length).toBe(before);
  });

  it('either side ends it: the trainer leaves (the team sees who left), the manager removes', async () => {
    const gym = await team();
    const alex = await trainer('Alex Kim');
    const blake = await trainer('Blake Reyes');
    await joined(gym, alex);
    await joined(gym, blake);
    expect(rosterNames(await page(gym))).toEqual(['Alex Kim', 'Blake Reyes']);

    await answer(alex, gym, 'leave', NOW + DAY);
    const afterLeave = await page(gym, {}, NOW + DAY);
    expect(rosterNames(afterLeave)).toEqual(['Blake Reyes']);
    expect(text(afterLeave)).toContain('Recently left Alex Kim left the team on 22 Nov 2026.');
    expect(text(await status(alex, NOW + DAY))).not.toContain('Northside Fitness');
    // A second click on an old copy of the page changes nothing.
    await answer(alex, gym, 'leave', NOW + DAY);

    const ref = /name="member" value="([0-9a-f]{64})"/.exec(afterLeave)?.[1] ?? '';
    const removed = await formPost(teamMembers, { token: gym.token, action: 'remove', member: ref }, NOW + DAY);
    expect(removed.statusCode).toBe(303);
    expect(text(await page(gym, { done: 'removed' }, NOW + DAY))).toContain('Removed from the team.');
    expect(rosterNames(await page(gym, {}, NOW + DAY))).toEqual([]);
    expect(text(await status(blake, NOW + DAY))).not.toContain('Northside Fitness');
  });

  it('keeps teams and trainers apart: a reference or a token from one never reaches another', async () => {
    const north = await team('Northside Fitness');
    const south = await team('Southside Studio');
    const alex = await trainer('Alex Kim');
    const blake = await trainer('Blake Reyes');
    await joined(north, alex);
    const northRef = /name="member" value="([0-9a-f]{64})"/.exec(await page(north))?.[1] ?? '';

    // South's manager cannot remove North's member, nor see them.
    await formPost(teamMembers, { token: south.token, action: 'remove', member: northRef }, NOW);
    expect(rosterNames(await page(north))).toEqual(['Alex Kim']);
    expect(rosterNames(await page(south))).toEqual([]);
    // Blake was never invited: answering for North's team changes nothing, and cannot join him.
    await answer(blake, north, 'accept');
    expect(rosterNames(await page(north))).toEqual(['Alex Kim']);
    // Nor can Blake leave for Alex.
    await answer(blake, north, 'leave');
    expect(rosterNames(await page(north))).toEqual(['Alex Kim']);

    // A trainer's status token is no manager's key, and a manager's is no trainer's.
    const wrongKey = await call(teamPage, { query: { token: alex.token }, timeEpoch: NOW });
    expect(wrongKey.statusCode).toBe(401);
    expect(text(String(wrongKey.body))).toContain('This team link has expired');
    const asTrainer = await formPost(teamAnswer, { token: north.token, action: 'leave', team: north.teamId }, NOW);
    expect(asTrainer.statusCode).toBe(401);
    // Team links end after 40 days.
    expect((await call(teamPage, { query: { token: north.token }, timeEpoch: T0 + 41 * DAY })).statusCode).toBe(401);
  });

  it('erasure: a trainer who deletes their data leaves every team, which sees that a member left, and nothing of them stays', async () => {
    const north = await team('Northside Fitness');
    const south = await team('Southside Studio');
    const blake = await trainer('Blake Reyes');
    await joined(north, blake);
    await joined(south, blake);
    // One more waiting for their address, from a third team.
    const west = await team('Westside Gym');
    await invite(west, blake.email);

    // Export first: the memberships (both sides) and the waiting invitation are theirs.
    const exported = await formPost(exportMyRecord, { token: blake.token }, NOW);
    const entities = (JSON.parse(String(exported.body)) as { items: { entity: string }[] }).items.map((i) => i.entity);
    expect(entities.filter((entity) => entity === 'TeamMembership')).toHaveLength(2);
    expect(entities.filter((entity) => entity === 'TeamMember')).toHaveLength(2);
    expect(entities.filter((entity) => entity === 'TeamInvitationPointer')).toHaveLength(1);

    const erased = await formPost(deleteMyRecord, { token: blake.token, confirm: 'yes' }, NOW + DAY);
    expect(erased.statusCode).toBe(200);
    for (const gym of [north, south]) {
      const shown = await page(gym, {}, NOW + DAY);
      expect(rosterNames(shown)).toEqual([]);
      expect(text(shown)).toContain('Recently left A member left the team on 22 Nov 2026.');
      expect(shown).not.toContain('Blake');
    }
    const left = (await allItems(aws)).filter((item) => JSON.stringify(item).includes(blake.trainerId));
    expect(left).toEqual([]);
    expect((await allItems(aws)).filter((item) => item.pk === keys.teamInvitationsPartition(blake.email))).toEqual([]);
  });

  it('erasure through the JSON API leaves teams too', async () => {
    const gym = await team();
    const casey = await trainer('Casey Ng');
    await joined(gym, casey);
    const erased = await call(deleteMe, { method: 'DELETE', headers: bearer(casey.token), timeEpoch: NOW });
    expect(erased.statusCode).toBe(200);
    expect(text(await page(gym))).toContain('A member left the team on 21 Nov 2026.');
  });

  it('a manager deletes the team: a confirmation first, then every item of it goes and its link stops working', async () => {
    const gym = await team();
    const alex = await trainer('Alex Kim');
    await joined(gym, alex);
    await invite(gym, `waiting${++counter}@example.com`);
    await answer(alex, gym, 'leave');
    await joined(gym, alex);

    const confirm = await formPost(deleteTeam, { token: gym.token }, NOW);
    expect(confirm.statusCode).toBe(200);
    expect(text(String(confirm.body))).toContain('Delete Northside Fitness?');
    expect(rosterNames(await page(gym))).toEqual(['Alex Kim']);

    const deleted = await formPost(deleteTeam, { token: gym.token, confirm: 'yes' }, NOW);
    expect(deleted.statusCode).toBe(200);
    expect(text(String(deleted.body))).toContain('The team is deleted');
    const remaining = (await allItems(aws)).filter((item) => JSON.stringify(item).includes(gym.teamId));
    expect(remaining).toEqual([]);
    expect((await call(teamPage, { query: { token: gym.token }, timeEpoch: NOW })).statusCode).toBe(401);
    expect(text(await status(alex))).not.toContain('Northside Fitness');
  });

  it('emails each manager a monthly digest, once per month even when the run happens twice', async () => {
    await aws.ses.clear();
    const gym = await team('Digest Gym');
    const alex = await trainer('Alex Kim');
    const casey = await trainer('Casey Ng', [
      { code: 'NASM-CPT', expiresOn: '2027-01-10' },
      { code: 'CPR-AED', expiresOn: '2026-10-01' },
    ]);
    await joined(gym, alex);
    await joined(gym, casey);
    await answer(alex, gym, 'leave');
    await invite(gym, `waiting${++counter}@example.com`);

    const event = (id: string, time: string) => ({
      version: '0',
      id,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time,
      region: 'us-east-1',
      resources: [],
      detail: {},
    });
    const first = await sendTeamDigests(event('digest-1', '2026-12-01T09:30:00Z'), lambdaContext(900_000));
    const second = await sendTeamDigests(event('digest-2', '2026-12-02T09:30:00Z'), lambdaContext(900_000));
    expect(first).toMatchObject({ month: '2026-12', stopped: false });
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(second).toMatchObject({ month: '2026-12', sent: 0, alreadySent: first.teams });

    const digests = (await mailsTo(gym.managerEmail)).filter((mail) => mail.subject.startsWith('Digest Gym:'));
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest?.subject).toBe('Digest Gym: 1 of 1 needs attention');
    const body = digest?.body.text ?? '';
    expect(body).toContain('Casey Ng: NASM-CPT expires on 10 Jan 2027 (in 40 days); CPR/AED card not current');
    expect(body).toContain('Alex Kim left the team on 21 Nov 2026.');
    expect(body).toContain('1 invitation is not accepted yet.');
    expect(body).not.toContain(casey.email);
    // The digest's link is a fresh way in.
    const url = /(http:\/\/localhost:3000\/team\?token=\S+)/.exec(body)?.[1] ?? '';
    const fresh = await call(teamPage, { query: { token: tokenFromUrl(url) }, timeEpoch: Date.UTC(2027, 0, 5) });
    expect(fresh.statusCode).toBe(200);

    // Next month is a new digest.
    const january = await sendTeamDigests(event('digest-3', '2027-01-01T09:30:00Z'), lambdaContext(900_000));
    expect(january.month).toBe('2027-01');
    expect((await mailsTo(gym.managerEmail)).filter((mail) => mail.subject.startsWith('Digest Gym:'))).toHaveLength(2);
  });
});
