import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/adapters/dynamodb/keys.js';
import {
  installLocalWebhookQueue,
  type WebhookDeliveryMessage,
} from '../../../functions/adapters/queue/webhook-queue.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { StatusChangedEventSchema } from '../../../functions/contract/response-schemas.js';
import { handler as deliverTeamWebhooks } from '../../../functions/events/deliver-team-webhooks.js';
import { deliverStatusEvent } from '../../../functions/features/teams/webhook-delivery.js';
import { addWebhookEndpoint } from '../../../functions/features/teams/webhook-endpoints.js';
import { handler as changeMyRecord } from '../../../functions/http/change-my-record.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as deleteMe } from '../../../functions/http/delete-me.js';
import { handler as deleteTeam } from '../../../functions/http/delete-team.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { handler as teamAnswer } from '../../../functions/http/team-answer.js';
import { handler as teamInvitations } from '../../../functions/http/team-invitations.js';
import { handler as teamPage } from '../../../functions/http/team-page.js';
import { handler as sweepTeamWebhooks } from '../../../functions/scheduled/sweep-team-webhooks.js';
import { mailingDependencies } from '../../../functions/wiring/mailing-dependencies.js';
import { createLocalWebhookQueue, type LocalWebhookQueue } from '../../../scripts/local/webhook-queue.js';
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

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver made of it: verified with the `standardwebhooks` library and parsed. */
  readonly event: {
    readonly type: string;
    readonly data: {
      readonly eventId: string;
      readonly teamId: string;
      readonly member: { readonly ref: string; readonly name: string };
      readonly sequence: number;
      readonly changes: readonly Record<string, unknown>[];
      readonly status: Record<string, unknown>;
    };
  };
}

/**
 * A gym's receiver on loopback, as docs/teams.md tells a gym to write it: verify with `standardwebhooks`, drop a
 * `webhook-id` already processed. `answers` are the statuses it gives, in order (then 200).
 */
class Receiver {
  readonly posts: Received[] = [];
  readonly processed = new Map<string, Received>();
  secrets: string[] = [];
  answers: number[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = request.headers;
        const verified = this.secrets.some((secret) => {
          try {
            new Webhook(secret).verify(body, headers as Record<string, string>);
            return true;
          } catch {
            return false;
          }
        });
        if (!verified) {
          response.writeHead(401).end();
          return;
        }
        const received: Received = { headers, body, event: JSON.parse(body) };
        this.posts.push(received);
        const status = this.answers.shift() ?? 200;
        if (status < 300 && !this.processed.has(String(headers['webhook-id']))) {
          this.processed.set(String(headers['webhook-id']), received);
        }
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/recert`;
  }

  events() {
    return [...this.processed.values()].map((received) => received.event);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

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

/** A queue that can be told to refuse the next send: the crash between commit and send. */
function failingOnce(queue: LocalWebhookQueue) {
  let failNext = false;
  return {
    failNextSend: () => {
      failNext = true;
    },
    queue: {
      ...queue,
      async send(messages: readonly WebhookDeliveryMessage[]) {
        if (failNext) {
          failNext = false;
          throw new Error('the queue did not answer');
        }
        return queue.send(messages);
      },
      retryLater: queue.retryLater,
    },
  };
}

describe('status-change webhooks: a gym hears when a member’s status changes (ADR 0035)', () => {
  let aws: LocalAws;
  let queue: LocalWebhookQueue;
  let failNextSend: () => void;
  let counter = 0;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    aws = await startLocalAws();
    Object.assign(process.env, {
      WEBHOOK_QUEUE_URL: 'local:in-process',
      RECERT_ALLOW_LOOPBACK_WEBHOOKS: '1',
      RECERT_WEBHOOK_RETRY_SCALE: '0',
    });
    queue = createLocalWebhookQueue({
      deliver: async (event) => deliverTeamWebhooks(event, lambdaContext()),
      scale: 0,
    });
    const wrapped = failingOnce(queue);
    failNextSend = wrapped.failNextSend;
    installLocalWebhookQueue(wrapped.queue);
  });
  afterEach(async () => {
    await queue.drain();
  });
  afterAll(async () => {
    queue.stop();
    installLocalWebhookQueue(undefined);
    for (const receiver of receivers) await receiver.stop();
    await aws.stop();
    for (const name of ['WEBHOOK_QUEUE_URL', 'RECERT_ALLOW_LOOPBACK_WEBHOOKS', 'RECERT_WEBHOOK_RETRY_SCALE']) {
      delete process.env[name];
    }
  });

  async function receiver(): Promise<Receiver> {
    const started = new Receiver();
    await started.start();
    receivers.push(started);
    return started;
  }

  const mailsTo = async (address: string) =>
    (await aws.ses.stored()).filter((mail) => mail.destination.to.some((to) => to.includes(address)));

  async function team(name = 'Northside Fitness'): Promise<Team> {
    const managerEmail = `manager${++counter}@gym.example.com`;
    const run = await runTeamCli(['add', '--name', name, '--email', managerEmail], {
      connect: () => mailingDependencies(),
      now: new Date(T0),
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const teamId = /team id (tm_[0-9a-f]{20})/.exec(run.stdout)?.[1] ?? '';
    const [mail] = await mailsTo(managerEmail);
    const url = /(http:\/\/localhost:3000\/team\?token=\S+)/.exec(mail?.body.text ?? '')?.[1] ?? '';
    return { teamId, token: tokenFromUrl(url), managerEmail };
  }

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

  async function joined(of: Team, who: Trainer) {
    expect(
      (await formPost(teamInvitations, { token: of.token, action: 'invite', email: who.email }, NOW)).statusCode,
    ).toBe(303);
    const answered = await formPost(teamAnswer, { token: who.token, action: 'accept', team: of.teamId }, NOW);
    expect(answered.statusCode).toBe(303);
  }

  async function cli(args: readonly string[], at = NOW) {
    return runTeamCli(args, { connect: () => mailingDependencies(), now: new Date(at) });
  }

  /** `npm run team -- webhook add`: the endpoint id and the secret it prints once. */
  async function endpoint(of: Team, to: Receiver): Promise<{ endpointId: string; secret: string }> {
    const run = await cli(['webhook', 'add', '--team', of.teamId, '--url', to.url]);
    expect(run.exitCode, run.stderr).toBe(0);
    const endpointId = /endpoint (we_[0-9a-f]{16})/.exec(run.stdout)?.[1] ?? '';
    const secret = /(whsec_\S+)/.exec(run.stdout)?.[1] ?? '';
    to.secrets.push(secret);
    return { endpointId, secret };
  }

  /** The trainer adds a certification on their status page (a record save: the seam publishes). */
  async function addCertification(who: Trainer, code: string, expiresOn: string, at = NOW) {
    const response = await formPost(
      changeMyRecord,
      { token: who.token, action: 'add-credential', code, expiresOn },
      at,
    );
    expect(response.statusCode).toBe(303);
    await queue.drain();
  }

  async function sweep(at: number) {
    const result = await sweepTeamWebhooks(
      { id: `sweep-${at}`, 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date(at).toISOString() },
      lambdaContext(900_000),
    );
    await queue.drain();
    return result;
  }

  async function page(of: Team) {
    const response = await call(teamPage, { query: { token: of.token }, timeEpoch: NOW });
    expect(response.statusCode).toBe(200);
    return String(response.body)
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
  }

  it('a change on the status page reaches the gym’s receiver, signed per Standard Webhooks, with the share-link fields only', async () => {
    const gym = await team();
    const alex = await trainer('Alex Kim');
    await joined(gym, alex);
    const hooks = await receiver();
    await endpoint(gym, hooks);

    // The first sweep tells the endpoint where each member stands (sequence 1).
    expect(await sweep(NOW)).toMatchObject({ published: 1 });
    await addCertification(alex, 'ACE-CPT', '2026-10-31'); // expired: in its late-renewal window

    const events = hooks.events();
    expect(events.map((event) => event.data.sequence)).toEqual([1, 2]);
    const [first, second] = events;
    expect(first?.data.changes).toEqual([{ kind: 'phase-changed', code: 'NASM-CPT', from: null, to: 'current' }]);
    expect(second).toMatchObject({
      type: 'credential.status_changed',
      data: {
        teamId: gym.teamId,
        member: { name: 'Alex Kim' },
        sequence: 2,
        changes: [{ kind: 'phase-changed', code: 'ACE-CPT', from: null, to: 'late-window' }],
        status: {
          name: 'Alex Kim',
          certifications: [
            { code: 'NASM-CPT', phase: 'current', expiresOn: '2027-03-31' },
            { code: 'ACE-CPT', phase: 'late-window', expiresOn: '2026-10-31' },
          ],
          cprAed: { current: true },
        },
      },
    });
    // Exactly the outbound schema of the OpenAPI document's `webhooks`, both of them.
    for (const received of hooks.processed.values()) {
      expect(StatusChangedEventSchema.safeParse(JSON.parse(received.body)).success).toBe(true);
    }
    const post = hooks.processed.get(second?.data.eventId ?? '');
    expect(post?.headers['webhook-id']).toBe(second?.data.eventId);
    expect(post?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    // Never the address, the trainer's id, courses or advice.
    for (const leak of [alex.email, alex.trainerId, alex.token, 'Kettlebell', 'advice', 'courses']) {
      expect(post?.body).not.toContain(leak);
    }
    expect(first?.data.member.ref).toBe(second?.data.member.ref);

    const shown = await page(gym);
    expect(shown).toContain('Status-change webhooks');
    expect(shown).toContain(`${hooks.url} Endpoint`);
    expect(shown).toContain('On: status changes are sent to it.');
    expect(shown).toContain('Delivered · change #2 · 1 attempt');
    expect(shown).not.toContain('whsec_');
  });

  it('delivers an event left in the outbox by a crash once, however often it is sent again', async () => {
    const gym = await team();
    const blake = await trainer('Blake Reyes');
    await joined(gym, blake);
    const hooks = await receiver();
    await endpoint(gym, hooks);
    await sweep(NOW);

    failNextSend();
    await addCertification(blake, 'ACE-CPT', '2026-10-31');
    expect(hooks.events()).toHaveLength(1); // only the first report: the change waits in the outbox
    const member = (await allItems(aws)).find(
      (item) => item.pk === `TEAM#${gym.teamId}` && item.sk === `MEMBER#${blake.trainerId}`,
    );
    expect(Object.keys(member ?? {}).filter((name) => name.startsWith('outbox_'))).toHaveLength(1);

    // A sweep within the grace period leaves it to its publisher; the next one sends it.
    await sweep(NOW + 60_000);
    expect(hooks.events()).toHaveLength(1);
    await sweep(NOW + DAY);
    await sweep(NOW + DAY + 60_000);
    expect(hooks.events().map((event) => event.data.sequence)).toEqual([1, 2]);
    const secondId = hooks.events()[1]?.data.eventId ?? '';
    expect(hooks.posts.filter((post) => post.headers['webhook-id'] === secondId)).toHaveLength(1);

    // The same event queued again (SQS delivers at least once): the log says delivered, nothing is POSTed twice.
    await queue.send([
      {
        teamId: gym.teamId,
        endpointId: /we_[0-9a-f]{16}/.exec(await page(gym))?.[0] ?? '',
        event: {
          eventId: secondId,
          type: 'credential.status_changed',
          sequence: 2,
          trainerId: blake.trainerId,
          body: hooks.processed.get(secondId)?.body ?? '',
        },
      },
    ]);
    await queue.drain();
    expect(hooks.posts.filter((post) => post.headers['webhook-id'] === secondId)).toHaveLength(1);
  });

  it('retries an event the receiver answered 500 to, with the same id and bytes, and logs the attempts', async () => {
    const gym = await team();
    const casey = await trainer('Casey Ng');
    await joined(gym, casey);
    const hooks = await receiver();
    await endpoint(gym, hooks);
    await sweep(NOW);

    hooks.answers = [500, 503];
    await addCertification(casey, 'ACE-CPT', '2026-10-31');
    const attempts = hooks.posts.filter((post) => post.event.data.sequence === 2);
    expect(attempts.map((post) => post.headers['webhook-id'])).toEqual(
      Array(3).fill(attempts[0]?.headers['webhook-id']),
    );
    expect(new Set(attempts.map((post) => post.body)).size).toBe(1);
    expect(hooks.events().map((event) => event.data.sequence)).toEqual([1, 2]);
    expect(await page(gym)).toContain('Delivered · change #2 · 3 attempts');
  });

  it('turns an endpoint off after the last attempt, emails the manager once, and catches up once it is back on', async () => {
    const gym = await team('Riverside Gym');
    const dana = await trainer('Dana Cruz');
    const eli = await trainer('Eli Park');
    await joined(gym, dana);
    await joined(gym, eli);
    const hooks = await receiver();
    const { endpointId } = await endpoint(gym, hooks);
    hooks.answers = Array(100).fill(500);

    await sweep(NOW); // two first reports, both failing ten times
    // Ten attempts of the first event to fail; the other stops once the endpoint is off (at most ten as well).
    expect(hooks.posts.length).toBeGreaterThanOrEqual(10);
    expect(hooks.posts.length).toBeLessThanOrEqual(20);
    const mails = (await mailsTo(gym.managerEmail)).filter((mail) => mail.subject.includes('webhook endpoint'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Riverside Gym: your Recert webhook endpoint was turned off');
    expect(mails[0]?.body.text).toContain(
      `Your webhook endpoint ${endpointId} (${hooks.url}) was turned off after failing for 24 hours.`,
    );
    expect(mails[0]?.body.text).toContain('The last attempt: answered 500.');
    expect(mails[0]?.body.text).toContain(`npm run team -- webhook enable --endpoint ${endpointId}`);

    const shown = await page(gym);
    expect(shown).toContain('Turned off on');
    expect(shown).toContain('Failed for 24 hours · change #1 · 10 attempts · answered 500');

    // While it is off nothing is published for it: the member's last published status stays where it was.
    const before = hooks.posts.length;
    await addCertification(dana, 'ACE-CPT', '2026-10-31');
    expect(hooks.posts).toHaveLength(before);

    // Back on: the next change is delivered, and the next sweep catches up on what changed while it was off.
    hooks.answers = [];
    const enabled = await cli(['webhook', 'enable', '--endpoint', endpointId]);
    expect(enabled).toMatchObject({ exitCode: 0, stdout: `Webhook endpoint ${endpointId} is on again.\n` });
    await addCertification(eli, 'ACE-CPT', '2026-10-31');
    await sweep(NOW + DAY);
    expect(hooks.events().map((event) => [event.data.member.name, event.data.sequence])).toEqual([
      ['Eli Park', 2],
      ['Dana Cruz', 2],
    ]);
    expect(hooks.events()[1]?.data.changes).toEqual([
      { kind: 'phase-changed', code: 'ACE-CPT', from: null, to: 'late-window' },
    ]);
    expect((await mailsTo(gym.managerEmail)).filter((mail) => mail.subject.includes('webhook endpoint'))).toHaveLength(
      1,
    );
  });

  it('IDOR: a gym hears only of its own members; a change of a trainer in no team produces nothing', async () => {
    const gymA = await team('Gym A');
    const gymB = await team('Gym B');
    const inA = await trainer('Frankie Ames');
    const inB = await trainer('Gale Brook');
    const nowhere = await trainer('Harper Nobody');
    await joined(gymA, inA);
    await joined(gymB, inB);
    const hooksA = await receiver();
    const hooksB = await receiver();
    await endpoint(gymA, hooksA);
    await endpoint(gymB, hooksB);
    const itemsBefore = (await allItems(aws)).length;

    await addCertification(nowhere, 'ACE-CPT', '2026-10-31');
    expect((await allItems(aws)).length).toBe(itemsBefore + 0);
    await addCertification(inA, 'ACE-CPT', '2026-10-31');
    await addCertification(inB, 'ACE-CPT', '2026-10-31');

    expect(hooksA.events().map((event) => event.data.member.name)).toEqual(['Frankie Ames']);
    expect(hooksB.events().map((event) => event.data.member.name)).toEqual(['Gale Brook']);
    expect(hooksA.events().every((event) => event.data.teamId === gymA.teamId)).toBe(true);
    for (const post of hooksA.posts) expect(post.body).not.toMatch(/Gale Brook|Harper Nobody/);
    expect(hooksA.events()[0]?.data.member.ref).not.toBe(hooksB.events()[0]?.data.member.ref);
  });

  it('the daily sweep picks up a CPR/AED card that lapsed with time alone', async () => {
    const gym = await team();
    const ivy = await trainer('Ivy Lane', [
      { code: 'NASM-CPT', expiresOn: '2027-03-31' },
      { code: 'CPR-AED', expiresOn: '2026-12-15' },
    ]);
    await joined(gym, ivy);
    const hooks = await receiver();
    await endpoint(gym, hooks);

    await sweep(NOW);
    await sweep(NOW + DAY); // nothing changed
    expect(hooks.events()).toHaveLength(1);
    await sweep(Date.UTC(2026, 11, 20, 9, 45));
    const lapsed = hooks.events()[1];
    expect(lapsed?.data).toMatchObject({
      sequence: 2,
      changes: [{ kind: 'cpr-aed-lapsed' }],
      status: { cprAed: { current: false } },
    });
  });

  it('sends nothing more about a member who left or deleted their data, even an event already queued', async () => {
    const gym = await team();
    const jo = await trainer('Jo Marsh');
    const kai = await trainer('Kai Stone');
    await joined(gym, jo);
    await joined(gym, kai);
    const hooks = await receiver();
    const { endpointId } = await endpoint(gym, hooks);
    await sweep(NOW);
    expect(hooks.events()).toHaveLength(2);

    // Jo's change is committed, the queue does not take it, then Jo leaves: it left with Jo's membership.
    failNextSend();
    await addCertification(jo, 'ACE-CPT', '2026-10-31');
    const left = await formPost(teamAnswer, { token: jo.token, action: 'leave', team: gym.teamId }, NOW);
    expect(left.statusCode).toBe(303);
    expect(await sweep(NOW + DAY)).toMatchObject({ resent: 0 });

    // Kai deletes their data while an event about them waits in the queue: the delivery re-checks, and skips it.
    const deps = await mailingDependencies();
    const pending: WebhookDeliveryMessage = {
      teamId: gym.teamId,
      endpointId,
      event: {
        eventId: 'evt_kai_pending',
        type: 'credential.status_changed',
        sequence: 2,
        trainerId: kai.trainerId,
        body: '{}',
      },
    };
    const erased = await call(deleteMe, { method: 'DELETE', headers: bearer(kai.token), timeEpoch: NOW });
    expect(erased.statusCode).toBeLessThan(300);
    expect(await deliverStatusEvent(deps, pending, 1, new Date())).toEqual({ kind: 'done', status: 'skipped' });
    await sweep(NOW + 2 * DAY);

    expect(
      hooks
        .events()
        .map((event) => event.data.member.name)
        .sort(),
    ).toEqual(['Jo Marsh', 'Kai Stone']);
    expect(await page(gym)).toContain('Not sent · change #2 · 0 attempts · the member left the team');
  });

  it('SSRF: refuses private and loopback addresses at registration, and again at delivery when DNS moved', async () => {
    const gym = await team();
    for (const url of ['https://10.0.0.8/hook', 'https://169.254.169.254/latest/meta-data', 'https://[fd00::1]/x']) {
      const run = await cli(['webhook', 'add', '--team', gym.teamId, '--url', url]);
      expect(run.exitCode, url).toBe(2);
      expect(run.stderr).toMatch(/^team: --url: refused: (private|link-local) address \(npm run team -- --help\)\n$/);
    }
    const deps = await mailingDependencies();
    const inAws = { ...deps, config: { ...deps.config, RECERT_ALLOW_LOOPBACK_WEBHOOKS: undefined } };
    // A name that resolves to 127.0.0.1, and plain http: refused where loopback is not allowed.
    expect(
      await addWebhookEndpoint(inAws, { teamId: gym.teamId, url: 'https://localhost:9/hook' }, new Date(NOW)),
    ).toEqual({
      ok: false,
      kind: 'url',
      problem: 'refused: loopback address',
    });
    expect(
      await addWebhookEndpoint(inAws, { teamId: gym.teamId, url: 'http://127.0.0.1:9/hook' }, new Date(NOW)),
    ).toEqual({
      ok: false,
      kind: 'url',
      problem: 'it must start with https://',
    });

    // DNS rebinding: public when registered, the metadata address when delivering. Nothing is connected to.
    const lou = await trainer('Lou Grant');
    await joined(gym, lou);
    let answer = '93.184.216.34';
    const resolve = async () => [{ address: answer, family: 4 as const }];
    const added = await addWebhookEndpoint(
      inAws,
      { teamId: gym.teamId, url: 'https://hooks.gym.example/recert' },
      new Date(NOW),
      resolve,
    );
    if (!added.ok) throw new Error(added.problem);
    answer = '169.254.169.254';
    const message: WebhookDeliveryMessage = {
      teamId: gym.teamId,
      endpointId: added.endpoint.endpointId,
      event: {
        eventId: 'evt_rebound',
        type: 'credential.status_changed',
        sequence: 1,
        trainerId: lou.trainerId,
        body: '{}',
      },
    };
    expect(await deliverStatusEvent(inAws, message, 1, new Date(), { resolve })).toMatchObject({ kind: 'retry' });
    expect(await page(gym)).toContain('Failed, trying again · change #1 · 1 attempt · refused: link-local address');
  });

  it('rotates a secret with a 24-hour overlap: both signatures are sent, either verifies', async () => {
    const gym = await team();
    const max = await trainer('Max Ortiz');
    await joined(gym, max);
    const hooks = await receiver();
    const { endpointId, secret: oldSecret } = await endpoint(gym, hooks);
    // Rotated now (real time): the delivery signs at the real time too, within the 24-hour overlap.
    const rotated = await cli(['webhook', 'rotate', '--endpoint', endpointId], Date.now());
    expect(rotated.exitCode, rotated.stderr).toBe(0);
    const newSecret = /(whsec_\S+)/.exec(rotated.stdout)?.[1] ?? '';
    expect(newSecret).not.toBe(oldSecret);

    hooks.secrets = [newSecret];
    await sweep(NOW);
    const [post] = hooks.posts;
    expect(String(post?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() =>
      new Webhook(oldSecret).verify(post?.body ?? '', post?.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('the CLI: exit 2 naming the flag for bad usage, 1 for what fails, and the secret printed only when made', async () => {
    const gym = await team();
    const usage = [
      [['webhook'], 'team: the webhook command is missing: add, list, rotate, remove or enable'],
      [['webhook', 'add', '--team', gym.teamId], 'team: --url: required'],
      [
        ['webhook', 'add', '--team', gym.teamId, '--url', 'ftp://x.example'],
        'team: --url: it must start with https://',
      ],
      [['webhook', 'add', '--team', 'nope', '--url', 'https://x.example'], 'team: --team: not a team id'],
      [['webhook', 'rotate', '--endpoint', 'x'], 'team: --endpoint: not an endpoint id'],
      [['webhook', 'list', '--endpoint', 'we_0000000000000000'], 'team: --endpoint is not a flag of webhook list'],
    ] as const;
    for (const [args, line] of usage) {
      const run = await cli(args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr.startsWith(line), run.stderr).toBe(true);
      expect(run.stderr.split('\n')).toHaveLength(2);
    }
    expect(await cli(['webhook', 'remove', '--endpoint', 'we_0000000000000000'])).toMatchObject({ exitCode: 1 });
    expect(await cli(['webhook', 'list', '--team', 'tm_00000000000000000000'])).toMatchObject({ exitCode: 1 });

    const hooks = await receiver();
    const { endpointId, secret } = await endpoint(gym, hooks);
    const listed = await cli(['webhook', 'list', '--team', gym.teamId]);
    expect(listed.stdout).toMatch(new RegExp(`^${endpointId}\ton\t${hooks.url.replaceAll('.', '\\.')}\tadded `));
    expect(listed.stdout).not.toContain(secret);
    const removed = await cli(['webhook', 'remove', '--endpoint', endpointId]);
    expect(removed).toMatchObject({ exitCode: 0, stdout: `Removed webhook endpoint ${endpointId} (${hooks.url}).\n` });
    expect((await cli(['webhook', 'list', '--team', gym.teamId])).stdout).toBe('No webhook endpoints.\n');
  });

  it('deleting the team removes its endpoints, outbox and delivery log', async () => {
    const gym = await team();
    const nia = await trainer('Nia Holt');
    await joined(gym, nia);
    const hooks = await receiver();
    const { endpointId } = await endpoint(gym, hooks);
    await sweep(NOW);
    failNextSend();
    await addCertification(nia, 'ACE-CPT', '2026-10-31');

    const deleted = await formPost(deleteTeam, { token: gym.token, confirm: 'yes' }, NOW);
    expect(deleted.statusCode).toBe(200);
    const left = (await allItems(aws)).filter(
      (item) => item.pk === `TEAM#${gym.teamId}` || item.pk === keys.teamWebhookEndpointPointer(endpointId).pk,
    );
    expect(left).toEqual([]);
  });
});
