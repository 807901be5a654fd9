import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseBody } from '../../../functions/edge/parse-body.js';
import { verifySignature } from '../../../functions/edge/webhook-signature.js';
import { AlarmStateChangeEventSchema } from '../../../functions/events/pause-sending.js';
import { SesEventBridgeEventSchema } from '../../../functions/events/record-delivery-event.js';
import { CourseCompletedPayloadSchema } from '../../../functions/features/course-credit/completion-payload.js';
import { ConfirmPageQuery } from '../../../functions/http/confirm-page.js';
import { ConfirmationBody } from '../../../functions/http/confirm-signup.js';
import { StatusPageQuery } from '../../../functions/http/status-page.js';
import { SignupSchema } from '../../../functions/http/submit-signup.js';
import { UnsubscribeBody, UnsubscribeQuery } from '../../../functions/http/unsubscribe.js';
import { UnsubscribePageQuery } from '../../../functions/http/unsubscribe-page.js';
import { readSignupForm } from '../../../functions/pages/signup-form.js';
import { TrainerProfileSchema } from '../../../functions/record/profile-schema.js';
import { ScheduledEventSchema } from '../../../functions/scheduled/send-due-reminders.js';

/**
 * Every sample in events/ must parse with its handler's schema, so samples and schemas cannot drift apart.
 * A sample whose scenario names a failure must fail, on the check listed for it below.
 */
const EVENTS = join(import.meta.dirname, '..', '..', '..', 'events');
// The fixed test secret of provider `demo` (events/webhooks/README.md).
const DEMO_SECRET = 'whsec_cmVjZXJ0LWRlbW8tZml4ZWQtdGVzdC1zZWNyZXQtMzI=';

const HttpEnvelope = z.looseObject({
  version: z.literal('2.0'),
  routeKey: z.string().regex(/^(GET|POST|PUT|DELETE) \//),
  rawPath: z.string().startsWith('/'),
  headers: z.record(z.string(), z.string()),
  requestContext: z.looseObject({
    http: z.looseObject({ method: z.string(), path: z.string() }),
    timeEpoch: z.number().int(),
  }),
  isBase64Encoded: z.boolean(),
});
type HttpEvent = z.infer<typeof HttpEnvelope> & { body?: string; queryStringParameters?: Record<string, string> };

const body = (event: HttpEvent) => parseBody(event.body, event.isBase64Encoded, event.headers['content-type']);
const query = (event: HttpEvent) => event.queryStringParameters ?? {};
const bearer = z.object({ authorization: z.string().regex(/^Bearer \S+$/) });

/** What each handler's sample must satisfy, keyed by `<folder>/<handler>`. */
const CONTRACTS: Record<string, (event: unknown) => void> = {
  'http/signup-page': (e) => HttpEnvelope.parse(e),
  'http/get-catalog': (e) => HttpEnvelope.parse(e),
  'http/submit-signup': (e) => {
    const event = HttpEnvelope.parse(e) as HttpEvent;
    const parsed = body(event);
    const isForm = event.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
    SignupSchema.parse(isForm ? readSignupForm(parsed as Record<string, unknown>).input : parsed);
  },
  'http/confirm-page': (e) => ConfirmPageQuery.parse(query(HttpEnvelope.parse(e) as HttpEvent)),
  'http/confirm-signup': (e) => ConfirmationBody.parse(body(HttpEnvelope.parse(e) as HttpEvent)),
  'http/status-page': (e) => StatusPageQuery.parse(query(HttpEnvelope.parse(e) as HttpEvent)),
  'http/unsubscribe-page': (e) => UnsubscribePageQuery.parse(query(HttpEnvelope.parse(e) as HttpEvent)),
  'http/unsubscribe': (e) => {
    const event = HttpEnvelope.parse(e) as HttpEvent;
    UnsubscribeQuery.parse(query(event));
    UnsubscribeBody.parse(body(event));
  },
  'http/get-me': (e) => bearer.parse((HttpEnvelope.parse(e) as HttpEvent).headers),
  'http/export-me': (e) => bearer.parse((HttpEnvelope.parse(e) as HttpEvent).headers),
  'http/delete-me': (e) => bearer.parse((HttpEnvelope.parse(e) as HttpEvent).headers),
  'http/replace-me': (e) => {
    const event = HttpEnvelope.parse(e) as HttpEvent;
    bearer.parse(event.headers);
    TrainerProfileSchema.parse(body(event));
  },
  'webhooks/course-completed': (e) => {
    const event = HttpEnvelope.parse(e) as HttpEvent;
    const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const verdict = verifySignature({
      headers: event.headers,
      body: raw,
      secrets: [DEMO_SECRET],
      now: new Date(event.requestContext.timeEpoch),
    });
    if (!verdict.valid) throw new Error(`signature: ${verdict.reason}`);
    CourseCompletedPayloadSchema.parse(JSON.parse(raw.toString('utf8')));
  },
  'scheduled/daily-run': (e) => ScheduledEventSchema.parse(e),
  'ses/bounce-permanent': (e) => SesEventBridgeEventSchema.parse(e),
  'ses/bounce-transient': (e) => SesEventBridgeEventSchema.parse(e),
  'ses/complaint': (e) => SesEventBridgeEventSchema.parse(e),
  'ses/send': (e) => SesEventBridgeEventSchema.parse(e),
  'cloudwatch/bounce-rate-alarm': (e) => AlarmStateChangeEventSchema.parse(e),
  'cloudwatch/bounce-rate-ok': (e) => AlarmStateChangeEventSchema.parse(e),
};

/** Samples that exist to fail, each with the check it must fail on. */
const MUST_FAIL: Record<string, RegExp> = {
  'http/confirm-signup.missing-token': /token/,
  'http/get-me.no-token': /authorization/,
  'http/replace-me.bad-units': /units/,
  'http/submit-signup.bad-date': /expiresOn|earnedOn/,
  'http/submit-signup.unknown-code': /code/,
  'http/submit-signup.malformed-json': /not valid JSON/,
  'http/submit-signup.binary-body': /application\/octet-stream|UTF-8/,
  'webhooks/course-completed.bad-signature': /signature/,
};

function samples(): Array<[string, string]> {
  return readdirSync(EVENTS, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json') && !file.startsWith('profiles') && !file.includes('payloads'))
    .map((file) => [file.replace(/\.json$/, ''), join(EVENTS, file)]);
}

function contractFor(sample: string): (event: unknown) => void {
  const [folder = '', name = ''] = sample.split('/');
  const contract = CONTRACTS[`${folder}/${name.split('.')[0]}`];
  if (!contract) throw new Error(`no contract for ${sample}: add its handler to CONTRACTS`);
  return contract;
}

describe('events/ samples', () => {
  it.each(samples())('%s matches its handler schema, or fails where its name says it must', (sample, file) => {
    const event: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const check = () => contractFor(sample)(event);

    const mustFail = MUST_FAIL[sample];
    if (mustFail) expect(check).toThrow(mustFail);
    else expect(check).not.toThrow();
  });

  it.each(readdirSync(join(EVENTS, 'profiles')))('profiles/%s is a valid trainer profile', (file) => {
    const profile: unknown = JSON.parse(readFileSync(join(EVENTS, 'profiles', file), 'utf8'));

    expect(() => TrainerProfileSchema.parse(profile)).not.toThrow();
  });

  it('lists a sample for every must-fail entry, so the table cannot go stale', () => {
    const names = new Set(samples().map(([sample]) => sample));

    for (const sample of Object.keys(MUST_FAIL)) expect(names, sample).toContain(sample);
  });
});
