/**
 * A credit a provider recorded by webhook survives the trainer's own edits (issue 12, case 2): `PUT /api/me` with
 * a body built before the webhook (no such credit in it) keeps it, `GET /api/me` returns it with its provider, and
 * a body that claims a provider recorded something no provider did is not believed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerProfile } from '../../../core/index.js';
import { newTrainerId } from '../../../functions/adapters/dynamodb/trainer-repository.js';
import { handler as getMe } from '../../../functions/http/get-me.js';
import { handler as replaceMe } from '../../../functions/http/replace-me.js';
import { handler } from '../../../functions/webhooks/course-completed.js';
import { dependencies } from '../../../functions/wiring/dependencies.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { bearer, call, jsonOf } from '../http/http-helpers.js';
import { DEMO_SECRET, deliver, SAMPLE_TIME, sampleEvent } from './webhook-fixtures.js';

const NOW = new Date(SAMPLE_TIME * 1000);
const BEFORE_THE_WEBHOOK: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', expiresOn: '2027-03-01' },
    { code: 'CPR-AED', expiresOn: '2028-01-01' },
  ],
  activities: [],
};

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
  await aws.repositories.providers.create({
    providerId: 'demo',
    name: 'Demo Academy',
    secret: DEMO_SECRET,
    courseMap: {},
    now: NOW,
  });
});

afterAll(async () => {
  await aws?.stop();
});

/** A confirmed trainer holding the profile from before the webhook, and their status-page token. */
async function confirmedTrainer(email: string): Promise<{ trainerId: string; token: string }> {
  const trainerId = newTrainerId();
  await aws.repositories.emailClaims.claim(email, trainerId, NOW);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Sam Lee',
    profile: BEFORE_THE_WEBHOOK,
    nextReminderOn: null,
    now: NOW,
  });
  return { trainerId, token: (await dependencies()).tokens.issue('status', trainerId, NOW) };
}

async function put(token: string, body: TrainerProfile) {
  return call(replaceMe, {
    method: 'PUT',
    path: '/api/me',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
    timeEpoch: NOW.getTime() + 60_000,
  });
}

describe('a provider-recorded credit and the trainer’s own edits', () => {
  it('keeps the NASM-PES a provider recorded when a PUT built before the webhook leaves it out', async () => {
    const { trainerId, token } = await confirmedTrainer('sam@example.com');
    expect((await deliver(handler, sampleEvent('course-completed.valid'))).status).toBe(200);

    // The trainer's client renews the card, from a copy read before the webhook arrived.
    const edited = {
      ...BEFORE_THE_WEBHOOK,
      credentials: [BEFORE_THE_WEBHOOK.credentials[0]!, { code: 'CPR-AED', expiresOn: '2029-01-31' }],
    };
    const response = await put(token, edited);
    expect(response.statusCode).toBe(200);
    expect(jsonOf(response).certifications).toEqual([
      expect.objectContaining({ code: 'NASM-CPT', requirementsMet: true }),
    ]);

    const me = jsonOf(
      await call(getMe, { path: '/api/me', headers: bearer(token), timeEpoch: NOW.getTime() + 120_000 }),
    );
    expect((me.profile as TrainerProfile).credentials).toEqual([
      { code: 'NASM-CPT', expiresOn: '2027-03-01' },
      { code: 'CPR-AED', expiresOn: '2029-01-31' },
      { code: 'NASM-PES', earnedOn: '2026-11-19', recordedBy: 'demo' },
    ]);

    // A round trip of what GET returned changes nothing.
    expect((await put(token, me.profile as TrainerProfile)).statusCode).toBe(200);
    expect((await aws.repositories.trainers.get(trainerId))?.profile).toEqual(me.profile);
  });

  it('does not believe a body that says a provider recorded what no provider did', async () => {
    const { trainerId, token } = await confirmedTrainer('alex@example.com');
    const forged: TrainerProfile = {
      ...BEFORE_THE_WEBHOOK,
      activities: [{ title: 'Self-study', completedOn: '2026-10-01', units: { NASM: 0.5 }, recordedBy: 'demo' }],
    };
    expect((await put(token, forged)).statusCode).toBe(200);
    expect((await aws.repositories.trainers.get(trainerId))?.profile.activities).toEqual([
      { title: 'Self-study', completedOn: '2026-10-01', units: { NASM: 0.5 } },
    ]);
  });
});
