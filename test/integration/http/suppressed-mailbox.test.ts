/**
 * Issue 12 / ADR 0027: a suppression covers the whole mailbox. Once one spelling of an address unsubscribed, bounced
 * or complained, no other spelling of the same inbox (`+tag`, Gmail dots, googlemail.com) gets a sign-up email, a
 * status link (bounce, complaint) or reminders, through the real handlers on the local emulators. Suppressions
 * stored under the old key form (the address as typed) still hold.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SuppressionReason } from '../../../functions/adapters/dynamodb/suppression-repository.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as requestStatusLink } from '../../../functions/http/request-status-link.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { confirmTokenFor, HOUR, postJson, signupBody, T0 } from './http-helpers.js';

const CONFIRM = 'Confirm your email for Recert';
const LINK = 'Your Recert status link';
const SUPPRESSED_AT = new Date(T0 - HOUR);

let aws: LocalAws;
let networks = 0;

beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(async () => {
  await aws?.stop();
});
beforeEach(async () => {
  await aws.ses.clear();
});

// Each request from a network of its own: the per-network limit is not what these tests are about.
const signUp = (email: string, timeEpoch = T0) =>
  postJson(submitSignup, signupBody(email), { timeEpoch, sourceIp: `198.51.100.${++networks}` });
const askLink = (email: string, timeEpoch = T0) =>
  postJson(requestStatusLink, { email }, { timeEpoch, sourceIp: `198.51.100.${++networks}` });

async function subjectsTo(address: string): Promise<string[]> {
  return (await aws.ses.stored())
    .filter((mail) => mail.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()))
    .map((mail) => mail.subject);
}

/** A trainer confirmed 40 days ago under `email`, as typed. */
async function confirmedTrainer(email: string, trainerId: string): Promise<void> {
  const now = new Date(T0 - 40 * 24 * HOUR);
  await aws.repositories.emailClaims.claim(email, trainerId, now);
  await aws.repositories.trainers.create({
    trainerId,
    email,
    name: 'Sam Lee',
    profile: { credentials: [{ code: 'ACE-CPT', expiresOn: '2027-08-31' }], activities: [] },
    nextReminderOn: '2027-03-04',
    now,
  });
}

/** A suppression written the way Recert wrote them before ADR 0027: keyed by the address as typed. */
async function oldFormSuppression(email: string, reason: SuppressionReason): Promise<void> {
  await aws.dynamo.client.send(
    new PutCommand({
      TableName: aws.dynamo.tableName,
      Item: {
        pk: `SUPPRESSION#${email.trim().toLowerCase()}`,
        sk: 'SUPPRESSION',
        entity: 'Suppression',
        version: 1,
        email: email.trim().toLowerCase(),
        reason,
        suppressedAt: SUPPRESSED_AT.toISOString(),
      },
    }),
  );
}

describe('sign-up: no email to any spelling of a suppressed mailbox', () => {
  it.each([
    ['unsubscribed', 'casey.ng+news@gmail.com', 'caseyng@gmail.com'],
    ['bounce', 'drew.fox@gmail.com', 'Drew.Fox+recert@googlemail.com'],
    ['complaint', 'eli+old@example.com', 'eli+new@example.com'],
    ['unsubscribed', 'fran@example.com', 'fran+work@example.com'],
  ] as const)('%s as %s: a sign-up as %s gets the same 202 and no email', async (reason, suppressed, variant) => {
    await aws.repositories.suppressions.add(suppressed, reason, SUPPRESSED_AT);

    const response = await signUp(variant);

    expect(response.statusCode).toBe(202);
    expect(await subjectsTo(variant)).toEqual([]);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('still emails a different person on the same domain (dots count outside Gmail)', async () => {
    await aws.repositories.suppressions.add('jo.king@example.com', 'bounce', SUPPRESSED_AT);

    await signUp('joking@example.com');

    expect(await subjectsTo('joking@example.com')).toEqual([CONFIRM]);
  });

  it('keeps honouring a suppression stored under the old key form, for the address it was stored for', async () => {
    await oldFormSuppression('gale+promo@example.com', 'complaint');
    await oldFormSuppression('hal@example.com', 'bounce');

    await signUp('gale+promo@example.com');
    // An old row of an address that is already its own mailbox covers every spelling of it at once.
    await signUp('hal+later@example.com');

    expect(await aws.ses.stored()).toEqual([]);
  });

  it('creates the trainer with reminders off when another spelling was suppressed between sign-up and confirmation', async () => {
    await signUp('ivy.lane+recert@gmail.com');
    const token = await confirmTokenFor(aws, 'ivy.lane+recert@gmail.com');
    await aws.repositories.suppressions.add('ivylane@gmail.com', 'complaint', new Date(T0 + HOUR));

    const confirmed = await postJson(confirmSignup, { token }, { timeEpoch: T0 + 2 * HOUR });

    expect(confirmed.statusCode).toBe(200);
    const trainerId = await aws.repositories.emailClaims.find('ivy.lane+recert@gmail.com');
    expect(await aws.repositories.trainers.get(trainerId ?? 't_none')).toMatchObject({
      email: 'ivy.lane+recert@gmail.com',
      suppressed: true,
    });
  });
});

describe('status link: no link to a mailbox that bounced or complained under another spelling', () => {
  it.each([
    ['bounce', 'kit.moss@gmail.com', 'k.i.t.moss+work@gmail.com'],
    ['complaint', 'lou+a@example.com', 'lou+b@example.com'],
  ] as const)('%s as %s: %s asks and gets nothing', async (reason, suppressed, trainerEmail) => {
    await confirmedTrainer(trainerEmail, `t_${reason}link`);
    await aws.repositories.suppressions.add(suppressed, reason, SUPPRESSED_AT);

    const response = await askLink(trainerEmail);

    expect(response.statusCode).toBe(202);
    expect(await aws.ses.stored()).toEqual([]);
  });

  it('still answers a trainer whose other spelling only unsubscribed: a link they ask for is not a reminder', async () => {
    await confirmedTrainer('mo.reed+work@gmail.com', 't_moreed');
    await aws.repositories.suppressions.add('moreed@gmail.com', 'unsubscribed', SUPPRESSED_AT);

    await askLink('mo.reed+work@gmail.com');

    expect(await subjectsTo('mo.reed+work@gmail.com')).toEqual([LINK]);
  });
});
