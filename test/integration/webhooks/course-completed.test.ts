import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerProfile } from '../../../core/index.js';
import { sha256Hex } from '../../../functions/adapters/dynamodb/keys.js';
import { newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { DELIVERY_LEASE_SECONDS } from '../../../functions/features/course-credit/record-completion.js';
import { confirmTrainer } from '../../../functions/features/signup/confirm-trainer.js';
import { evaluateWithSent } from '../../../functions/record/next-reminder.js';
import { createCourseCompletedHandler, handler } from '../../../functions/webhooks/course-completed.js';
import { dependencies } from '../../../functions/wiring/dependencies.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { recordLoggerLines } from '../../helpers/log-guard.js';
import { completionBody, DEMO_SECRET, deliver, SAMPLE_TIME, sampleEvent, signedEvent } from './webhook-fixtures.js';

const NOW = new Date(SAMPLE_TIME * 1000);
const HOUR = 3600;
const PROFILE: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', expiresOn: '2027-03-01' },
    { code: 'CPR-AED', expiresOn: '2028-01-01' },
  ],
  activities: [],
};

/** A CloudWatch embedded-metric-format line: the metrics' names, and each one's value under its name. */
type EmfLine = { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } } & Record<string, unknown>;

let aws: LocalAws;

async function confirmedTrainer(email: string): Promise<string> {
  const trainerId = newTrainerId();
  await aws.repositories.emailClaims.claim(email, trainerId, NOW);
  const { nextReminderOn } = evaluateWithSent(PROFILE, '2026-11-20', []);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Sam Lee',
    profile: PROFILE,
    nextReminderOn,
    now: NOW,
  });
  return trainerId;
}

async function mailTo(address: string) {
  return (await aws.ses.stored()).filter((mail) => mail.destination.to.includes(address));
}

beforeAll(async () => {
  aws = await startLocalAws();
  await aws.repositories.providers.create({
    providerId: 'demo',
    name: 'Demo Academy',
    secret: DEMO_SECRET,
    courseMap: { 'DEMO-MOBILITY': { title: 'Demo Academy: Mobility for Lifters', units: { NASM: 0.5 } } },
    now: NOW,
  });
});

afterAll(async () => {
  await aws?.stop();
});

describe('POST /webhooks/{providerId}: course completions', () => {
  it('records the specialization, re-evaluates, and emails "credit recorded" once; a replay 72 h later writes nothing', async () => {
    const trainerId = await confirmedTrainer('sam@example.com');
    const before = await aws.repositories.trainers.get(trainerId);

    const first = await deliver(handler, sampleEvent('course-completed.valid'));
    expect(first).toEqual({ status: 200, body: { status: 'applied', webhookId: 'msg_demo_0001' } });
    const after = await aws.repositories.trainers.get(trainerId);
    expect(after?.profile.credentials).toContainEqual({ code: 'NASM-PES', earnedOn: '2026-11-19', recordedBy: 'demo' });
    expect(after?.revision).toBe((before?.revision ?? 0) + 1);
    // 2.0 of 2.0 CEUs: nothing left to remind about in this cycle but the renewal itself.
    const [certification] = evaluateWithSent(after?.profile ?? PROFILE, '2026-11-20', []).certifications;
    expect(certification?.phase.kind).toBe('ready-to-submit');
    expect(certification?.milestones.map((milestone) => milestone.kind)).not.toContain('countdown');

    const replay = await deliver(handler, sampleEvent('course-completed.duplicate'));
    expect(replay).toEqual({
      status: 200,
      body: { status: 'duplicate', outcome: 'applied', webhookId: 'msg_demo_0001' },
    });
    expect((await aws.repositories.trainers.get(trainerId))?.revision).toBe(after?.revision);

    const mail = await mailTo('sam@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('Credit recorded: your NASM-CPT CE is done — submit your renewal by 1 Mar 2027');
    expect(mail[0]?.body.text).toContain('NASM-CPT: CE done, all 2.0 CEUs earned');
    expect(mail[0]?.body.text).toContain(certification?.phase.summary);
    expect(mail[0]?.body.text).not.toMatch(/of 2\.0|What to do|suggest/i);
    expect(mail[0]?.body.text).toContain('/status?token=');
    expect(mail[0]?.body.text).toContain('/unsubscribe?token=');
  });

  it('applies ten concurrent deliveries of one webhook-id exactly once, all 2xx', async () => {
    const trainerId = await confirmedTrainer('conc@example.com');
    const body = completionBody({
      email: 'conc@example.com',
      course: { providerCourseId: 'DEMO-MOBILITY' },
      units: {},
    });
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        deliver(handler, signedEvent({ body, webhookId: 'msg_concurrent', timestamp: SAMPLE_TIME + i })),
      ),
    );
    expect(responses.map((r) => r.status).every((status) => status >= 200 && status < 300)).toBe(true);
    expect(responses.filter((r) => r.body.status === 'applied')).toHaveLength(1);
    const trainer = await aws.repositories.trainers.get(trainerId);
    expect(trainer?.revision).toBe(2);
    expect(trainer?.profile.activities).toEqual([
      {
        title: 'Demo Academy: Mobility for Lifters',
        completedOn: '2026-11-19',
        units: { NASM: 0.5 },
        courseCode: 'demo/DEMO-MOBILITY',
        recordedBy: 'demo',
        certificateId: 'PES-2026-000123',
      },
    ]);
    expect(await mailTo('conc@example.com')).toHaveLength(1);
  });

  it('counts each outcome for the operator dashboard: applied once, every duplicate answered, quarantined once', async () => {
    await confirmedTrainer('counted@example.com');
    const applied = signedEvent({
      body: completionBody({ email: 'counted@example.com', course: { providerCourseId: 'DEMO-MOBILITY' }, units: {} }),
      webhookId: 'msg_counted',
    });
    const unknownCourse = signedEvent({
      body: completionBody({ email: 'counted@example.com', course: { code: 'NOPE' } }),
      webhookId: 'msg_counted_unknown',
    });
    const recording = recordLoggerLines();
    try {
      for (const event of [applied, applied, applied, unknownCourse, unknownCourse]) await deliver(handler, event);
    } finally {
      recording.stop();
    }
    const counted = new Map<string, number>();
    for (const line of recording.lines.filter((text) => text.startsWith('{"_aws":'))) {
      const emf = JSON.parse(line) as EmfLine;
      for (const { Name } of emf._aws.CloudWatchMetrics.flatMap((set) => set.Metrics)) {
        counted.set(Name, (counted.get(Name) ?? 0) + Number(emf[Name]));
      }
    }
    expect(Object.fromEntries(counted)).toMatchObject({
      WebhookApplied: 1,
      WebhookDuplicate: 3,
      WebhookQuarantined: 1,
    });
    expect(counted.has('WebhookUnclaimed')).toBe(false);
  });

  it('quarantines a signed delivery for an unknown course: 202, raw body kept, never retried', async () => {
    const event = sampleEvent('course-completed.unknown-course');
    const response = await deliver(handler, event);
    expect(response).toEqual({ status: 202, body: { status: 'quarantined', webhookId: 'msg_demo_0003' } });
    const { items } = await aws.repositories.quarantine.list('demo', { now: NOW });
    const row = items.find((item) => item.webhookId === 'msg_demo_0003');
    expect(row?.body).toBe(event.body);
    expect(row?.reason).toContain('NOT-IN-THE-MAP-404');
    expect(row?.headers['webhook-signature']).toBeUndefined();
    const again = await deliver(handler, {
      ...event,
      requestContext: { ...event.requestContext, timeEpoch: NOW.getTime() + 1000 },
    });
    expect(again.body).toMatchObject({ status: 'duplicate', outcome: 'quarantined' });
    expect(
      (await aws.repositories.quarantine.list('demo', { now: NOW })).items.filter(
        (i) => i.webhookId === 'msg_demo_0003',
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['a schema failure', completionBody({ completedOn: '2026-02-30' }), 'data.completedOn'],
    ['an unknown catalog code', completionBody({ course: { code: 'NASM-NOPE' } }), 'NASM-NOPE'],
    ['not JSON', '{"type": "course.completed",', 'not valid JSON'],
    ['another event type', JSON.stringify({ type: 'course.started', data: {} }), 'type'],
  ])('quarantines %s with the reason', async (_name, body, reason) => {
    const webhookId = `msg_bad_${reason.replace(/\W/g, '')}`;
    const response = await deliver(handler, signedEvent({ body, webhookId }));
    expect(response.status).toBe(202);
    const { items } = await aws.repositories.quarantine.list('demo', { now: NOW });
    expect(items.find((item) => item.webhookId === webhookId)?.reason).toContain(reason);
  });

  it('keeps a completion for an unconfirmed address, sends nothing, and attaches it at sign-up confirmation', async () => {
    const email = 'later@example.com';
    const response = await deliver(
      handler,
      signedEvent({ body: completionBody({ email }), webhookId: 'msg_unclaimed' }),
    );
    expect(response).toEqual({ status: 202, body: { status: 'unclaimed', webhookId: 'msg_unclaimed' } });
    expect(await aws.repositories.unclaimedCompletions.listForEmail(email, NOW)).toHaveLength(1);
    expect(await mailTo(email)).toHaveLength(0);

    // The intake confirmation step (functions/features/signup/confirm-trainer.ts) attaches it.
    const deps = await dependencies();
    const later = new Date(NOW.getTime() + 2 * HOUR * 1000);
    await aws.repositories.pendingSignups.save({ email, name: 'Lee Later', profile: PROFILE, now: later });
    const token = deps.tokens.issue('confirm', email, later);
    const jti = (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { jti: string }).jti;
    await aws.repositories.pendingSignups.claimConfirmationEmail(email, sha256Hex(jti), later);
    const trainerId = await confirmTrainer(deps, token, later);
    const trainer = await aws.repositories.trainers.get(trainerId);
    expect(trainer?.profile.credentials).toContainEqual({
      code: 'NASM-PES',
      earnedOn: '2026-11-19',
      recordedBy: 'demo',
    });
    expect(await aws.repositories.unclaimedCompletions.listForEmail(email, later)).toHaveLength(0);
  });

  it('credits a suppressed trainer without emailing them', async () => {
    const trainerId = await confirmedTrainer('quiet@example.com');
    await aws.repositories.suppressions.add('quiet@example.com', 'unsubscribed', NOW);
    const response = await deliver(
      handler,
      signedEvent({ body: completionBody({ email: 'quiet@example.com' }), webhookId: 'msg_quiet' }),
    );
    expect(response.status).toBe(200);
    expect((await aws.repositories.trainers.get(trainerId))?.profile.credentials).toContainEqual({
      code: 'NASM-PES',
      earnedOn: '2026-11-19',
      recordedBy: 'demo',
    });
    expect(await mailTo('quiet@example.com')).toHaveLength(0);
  });

  it('credits a trainer whose mailbox another spelling suppressed, without emailing them', async () => {
    const trainerId = await confirmedTrainer('hush.now+courses@gmail.com');
    await aws.repositories.suppressions.add('hushnow@gmail.com', 'complaint', NOW);
    const response = await deliver(
      handler,
      signedEvent({ body: completionBody({ email: 'hush.now+courses@gmail.com' }), webhookId: 'msg_hush' }),
    );
    expect(response.status).toBe(200);
    expect((await aws.repositories.trainers.get(trainerId))?.profile.credentials).toContainEqual({
      code: 'NASM-PES',
      earnedOn: '2026-11-19',
      recordedBy: 'demo',
    });
    expect(await mailTo('hush.now+courses@gmail.com')).toHaveLength(0);
  });

  describe('a delivery whose webhook-id another request has claimed (IN_PROGRESS)', () => {
    /** The handler with its pauses between reads replaced by `onPause` (no real waiting in tests). */
    function handlerPausing(onPause: (pause: number) => Promise<void> = async () => undefined) {
      return createCourseCompletedHandler(undefined, { pausesMs: [100, 200, 400, 800, 1500], sleep: onPause });
    }
    const ref = (webhookId: string) => ({ providerId: 'demo', webhookId });

    it("answers a retry inside a crashed claimer's lease with 503 + Retry-After, and the next retry applies it", async () => {
      const trainerId = await confirmedTrainer('crash@example.com');
      // The first delivery claimed it, then its Lambda timed out before answering.
      await aws.repositories.deliveries.claim({ ...ref('msg_crash'), now: NOW, leaseSeconds: DELIVERY_LEASE_SECONDS });
      const body = completionBody({ email: 'crash@example.com' });
      const inside = await handlerPausing()(
        signedEvent({ body, webhookId: 'msg_crash', timestamp: SAMPLE_TIME + 5 }),
        lambdaContext(),
      );
      expect(inside.statusCode).toBe(503);
      expect(Number(inside.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(inside.headers?.['retry-after'])).toBeLessThanOrEqual(DELIVERY_LEASE_SECONDS);
      expect((await aws.repositories.trainers.get(trainerId))?.revision).toBe(1);

      const after = await deliver(
        handler,
        signedEvent({ body, webhookId: 'msg_crash', timestamp: SAMPLE_TIME + DELIVERY_LEASE_SECONDS + 1 }),
      );
      expect(after).toEqual({ status: 200, body: { status: 'applied', webhookId: 'msg_crash' } });
      expect((await aws.repositories.trainers.get(trainerId))?.revision).toBe(2);
    });

    it('waits for a claimer that finishes meanwhile and answers 200 duplicate', async () => {
      await confirmedTrainer('slow@example.com');
      await aws.repositories.deliveries.claim({ ...ref('msg_slow'), now: NOW });
      const finish = () =>
        aws.repositories.deliveries.markApplied({ ...ref('msg_slow'), outcome: 'applied', now: NOW });
      const response = await deliver(
        handlerPausing(finish),
        signedEvent({ body: completionBody({ email: 'slow@example.com' }), webhookId: 'msg_slow' }),
      );
      expect(response).toEqual({
        status: 200,
        body: { status: 'duplicate', outcome: 'applied', webhookId: 'msg_slow' },
      });
    });

    it('takes over and applies a delivery whose claimer gives it back while it waits', async () => {
      const trainerId = await confirmedTrainer('handback@example.com');
      const first = await aws.repositories.deliveries.claim({ ...ref('msg_handback'), now: NOW });
      if (first.outcome !== 'claimed') throw new Error('setup: expected a fresh claim');
      const giveBack = async () => {
        await aws.repositories.deliveries.release({ ...ref('msg_handback'), claimToken: first.claimToken });
      };
      const response = await deliver(
        handlerPausing(giveBack),
        signedEvent({ body: completionBody({ email: 'handback@example.com' }), webhookId: 'msg_handback' }),
      );
      expect(response).toEqual({ status: 200, body: { status: 'applied', webhookId: 'msg_handback' } });
      expect((await aws.repositories.trainers.get(trainerId))?.profile.credentials).toContainEqual({
        code: 'NASM-PES',
        earnedOn: '2026-11-19',
        recordedBy: 'demo',
      });
    });
  });

  it('counts a course received twice before sign-up once after confirmation', async () => {
    const email = 'early@example.com';
    const body = completionBody({ email, course: { providerCourseId: 'DEMO-MOBILITY' } });
    for (const webhookId of ['msg_early_1', 'msg_early_2']) {
      expect((await deliver(handler, signedEvent({ body, webhookId }))).body).toMatchObject({ status: 'unclaimed' });
    }
    const deps = await dependencies();
    const later = new Date(NOW.getTime() + HOUR * 1000);
    await aws.repositories.pendingSignups.save({ email, name: 'Early Bird', profile: PROFILE, now: later });
    const token = deps.tokens.issue('confirm', email, later);
    await aws.repositories.pendingSignups.claimConfirmationEmail(
      email,
      sha256Hex(deps.tokens.verify(token, 'confirm', later).jti),
      later,
    );
    const trainer = await aws.repositories.trainers.get(await confirmTrainer(deps, token, later));
    expect(trainer?.profile.activities.filter((a) => a.courseCode === 'demo/DEMO-MOBILITY')).toHaveLength(1);
    expect(await aws.repositories.unclaimedCompletions.listForEmail(email, later)).toHaveLength(0);
  });

  it('does not count the same course twice when a provider sends it under a new webhook-id', async () => {
    const trainerId = await confirmedTrainer('twice@example.com');
    const body = completionBody({ email: 'twice@example.com', course: { providerCourseId: 'DEMO-MOBILITY' } });
    await deliver(handler, signedEvent({ body, webhookId: 'msg_twice_1' }));
    const second = await deliver(handler, signedEvent({ body, webhookId: 'msg_twice_2' }));
    expect(second.status).toBe(200);
    expect((await aws.repositories.trainers.get(trainerId))?.profile.activities).toHaveLength(1);
    expect(await mailTo('twice@example.com')).toHaveLength(1);
  });

  it('accepts a base64-encoded body (API Gateway binary) verified on the decoded bytes', async () => {
    await confirmedTrainer('b64@example.com');
    const response = await deliver(
      handler,
      signedEvent({ body: completionBody({ email: 'b64@example.com' }), webhookId: 'msg_b64', base64: true }),
    );
    expect(response.status).toBe(200);
  });
});
