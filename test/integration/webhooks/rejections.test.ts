import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '../../../functions/edge/webhook-signature.js';
import { handler } from '../../../functions/webhooks/course-completed.js';
import { httpEvent } from '../../helpers/http-event.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { recordLoggerLines } from '../../helpers/log-guard.js';
import {
  completionBody,
  DEMO_SECRET,
  deliver,
  OTHER_SECRET,
  SAMPLE_TIME,
  sampleEvent,
  signedEvent,
  tableSnapshot,
} from './webhook-fixtures.js';

const NOW = new Date(SAMPLE_TIME * 1000);
const BODY = completionBody({});
let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws();
  await aws.repositories.providers.create({ providerId: 'demo', name: 'Demo', secret: DEMO_SECRET, now: NOW });
  await aws.repositories.providers.create({ providerId: 'acme', name: 'Acme Academy', secret: OTHER_SECRET, now: NOW });
});

afterAll(async () => {
  await aws?.stop();
});

function withHeaders(headers: Record<string, string | undefined>, body = BODY) {
  const event = signedEvent({ body, webhookId: 'msg_reject' });
  const merged = { ...event.headers, ...headers };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return { ...event, headers: merged as Record<string, string> };
}

const valid = signPayload(DEMO_SECRET, 'msg_reject', SAMPLE_TIME, BODY);

describe('webhook rejections: 401, nothing written, never 5xx', () => {
  const cases: [string, () => ReturnType<typeof signedEvent>][] = [
    ['missing webhook-id', () => withHeaders({ 'webhook-id': undefined })],
    ['missing webhook-timestamp', () => withHeaders({ 'webhook-timestamp': undefined })],
    ['missing webhook-signature', () => withHeaders({ 'webhook-signature': undefined })],
    ['non-integer timestamp', () => withHeaders({ 'webhook-timestamp': `${SAMPLE_TIME}.0` })],
    [
      'timestamp 301 s in the past',
      () => signedEvent({ body: BODY, webhookId: 'm', timestamp: SAMPLE_TIME - 301, timeEpoch: SAMPLE_TIME * 1000 }),
    ],
    [
      'timestamp 301 s in the future',
      () => signedEvent({ body: BODY, webhookId: 'm', timestamp: SAMPLE_TIME + 301, timeEpoch: SAMPLE_TIME * 1000 }),
    ],
    ['signature "v1,"', () => withHeaders({ 'webhook-signature': 'v1,' })],
    ['signature of 8 characters', () => withHeaders({ 'webhook-signature': valid.slice(0, 8) })],
    ['signature of 10,000 characters', () => withHeaders({ 'webhook-signature': `v1,${'x'.repeat(9997)}` })],
    ['body changed by one byte', () => ({ ...withHeaders({}), body: BODY.replace('Sam Lee', 'Sam Leo') })],
    ['body re-serialised', () => ({ ...withHeaders({}), body: JSON.stringify(JSON.parse(BODY), null, 1) })],
    ['unknown provider', () => signedEvent({ body: BODY, webhookId: 'm', providerId: 'nobody' })],
    ['provider id that is not an id', () => signedEvent({ body: BODY, webhookId: 'm', providerId: 'DEMO#x' })],
    [
      "provider acme's signature on demo's route",
      () => signedEvent({ body: BODY, webhookId: 'm', secret: OTHER_SECRET }),
    ],
    ["demo's signature on acme's route", () => signedEvent({ body: BODY, webhookId: 'm', providerId: 'acme' })],
    ['the bad-signature sample', () => sampleEvent('course-completed.bad-signature')],
  ];

  it.each(cases)('%s → 401', async (_name, build) => {
    const before = await tableSnapshot(aws);
    const response = await deliver(handler, build());
    expect(response.status).toBe(401);
    expect(response.body).toEqual({
      error: { code: 'webhook.unauthenticated', message: 'The webhook signature could not be verified.' },
    });
    expect(await tableSnapshot(aws)).toEqual(before);
  });

  it('refuses a body over 64 KB with 413 before verifying anything', async () => {
    const before = await tableSnapshot(aws);
    const big = completionBody({ certificateId: 'x'.repeat(70 * 1024) });
    expect((await deliver(handler, signedEvent({ body: big, webhookId: 'msg_big' }))).status).toBe(413);
    expect(await tableSnapshot(aws)).toEqual(before);
  });

  it('accepts a multi-signature header with one signature valid under the previous secret during a rotation', async () => {
    await aws.repositories.providers.create({ providerId: 'rot', name: 'Rotating', secret: OTHER_SECRET, now: NOW });
    await aws.repositories.providers.addSecret('rot', DEMO_SECRET, NOW);
    const event = signedEvent({ body: BODY, webhookId: 'msg_rot', providerId: 'rot', secret: OTHER_SECRET });
    event.headers['webhook-signature'] = `v1,${'A'.repeat(43)}= ${event.headers['webhook-signature']}`;
    expect((await deliver(handler, event)).status).toBe(202);
    await aws.repositories.providers.retireOldSecrets('rot', NOW);
    const retired = signedEvent({ body: BODY, webhookId: 'msg_rot_2', providerId: 'rot', secret: OTHER_SECRET });
    expect((await deliver(handler, retired)).status).toBe(401);
  });

  it('never answers 5xx to 1,000 random bodies and headers; unsigned ones write nothing', async () => {
    const before = await tableSnapshot(aws);
    const header = fc.oneof(
      fc.constant(undefined),
      fc.string({ maxLength: 60 }),
      fc.constantFrom(
        String(SAMPLE_TIME),
        `${SAMPLE_TIME}.5`,
        '-1',
        '1e9',
        ' 1795168800',
        valid,
        `${valid} ${valid}`,
        'v1,',
        'v1a,abc',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          id: header,
          timestamp: header,
          signature: header,
          providerId: fc.oneof(fc.constantFrom('demo', 'acme', '', 'x'.repeat(80)), fc.string({ maxLength: 20 })),
          body: fc.oneof(fc.string({ maxLength: 500 }), fc.json(), fc.constant(BODY)),
          base64: fc.boolean(),
        }),
        async (input) => {
          const headers: Record<string, string> = {};
          if (input.id !== undefined) headers['webhook-id'] = input.id;
          if (input.timestamp !== undefined) headers['webhook-timestamp'] = input.timestamp;
          if (input.signature !== undefined) headers['webhook-signature'] = input.signature;
          const event = httpEvent({
            method: 'POST',
            path: `/webhooks/${input.providerId}`,
            pathParameters: { providerId: input.providerId },
            headers,
            body: input.base64 ? Buffer.from(input.body).toString('base64') : input.body,
            isBase64Encoded: input.base64,
            timeEpoch: SAMPLE_TIME * 1000,
          });
          const response = await deliver(handler, event);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 1000 },
    );
    expect(await tableSnapshot(aws)).toEqual(before);
  });

  it('logs no secret, no signature and no full email address', async () => {
    const recording = recordLoggerLines();
    try {
      const signed = signedEvent({
        body: completionBody({ email: 'private.person@example.com' }),
        webhookId: 'msg_log_1',
      });
      await deliver(handler, signed);
      await deliver(
        handler,
        signedEvent({
          body: completionBody({ course: { code: 'NOPE' }, email: 'q.person@example.com' }),
          webhookId: 'msg_log_2',
        }),
      );
      await deliver(handler, withHeaders({ 'webhook-signature': `v1,${'A'.repeat(43)}=` }));
      await deliver(handler, signedEvent({ body: BODY, webhookId: 'm', secret: OTHER_SECRET }));
      const text = recording.lines.join('\n');
      expect(text).toContain('webhook rejected');
      expect(text).toContain('webhook quarantined');
      expect(text).toContain('WebhookQuarantined');
      for (const secret of [DEMO_SECRET, OTHER_SECRET, DEMO_SECRET.slice(6), OTHER_SECRET.slice(6)])
        expect(text).not.toContain(secret);
      expect(text).not.toContain(signed.headers['webhook-signature']?.slice(3));
      expect(text).not.toMatch(/private\.person@|q\.person@/);
    } finally {
      recording.stop();
    }
  });
});
