/**
 * A confirmation email SES answered with a 5xx (issue 12, case 3): SES may or may not have accepted it, so the
 * address is held, but for a quarter of an hour, not a day. A trainer who got nothing and submits again later
 * gets a link; one who submits again at once gets no second email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/common/config.js';
import { registerSignup } from '../../../functions/features/signup/register-signup.js';
import { buildDependencies } from '../../../functions/wiring/dependencies.js';
import { buildMailingDependencies } from '../../../functions/wiring/mailing-dependencies.js';
import { type LocalAws, startLocalAws } from '../../helpers/local-aws.js';
import { type FaultProxy, startFaultProxy } from '../scheduled/fixtures.js';
import { PROFILE } from './http-helpers.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-21T09:00:00Z');
const INTERNAL_FAILURE = {
  kind: 'answer' as const,
  status: 500,
  contentType: 'text/xml',
  body: '<ErrorResponse><Error><Code>InternalFailure</Code></Error></ErrorResponse>',
};

let aws: LocalAws;
let proxy: FaultProxy;

beforeAll(async () => {
  aws = await startLocalAws();
  // The first send is answered 500; every later request reaches the SES emulator.
  proxy = await startFaultProxy(aws.ses.endpoint, (operation, n) =>
    operation === 'SendRawEmail' && n === 0 ? INTERNAL_FAILURE : undefined,
  );
});

afterAll(async () => {
  await proxy?.stop();
  await aws?.stop();
});

describe('a confirmation email whose outcome SES left unknown', () => {
  it('holds the address 15 minutes, not 24 hours: a later submission gets the link, an immediate one does not', async () => {
    const deps = await buildMailingDependencies(
      await buildDependencies(parseConfig({ ...process.env, SES_ENDPOINT: proxy.endpoint })),
    );
    const signup = { email: 'lost@example.com', name: 'Sam Lee', profile: PROFILE };
    const mails = async () => (await aws.ses.stored()).filter((mail) => mail.destination.to.includes(signup.email));

    await registerSignup(deps, signup, new Date(T0));
    expect(await mails()).toHaveLength(0);

    await registerSignup(deps, signup, new Date(T0 + MINUTE));
    expect(await mails()).toHaveLength(0);

    await registerSignup(deps, signup, new Date(T0 + 16 * MINUTE));
    expect((await mails()).map((mail) => mail.subject)).toEqual(['Confirm your email for Recert']);
    expect(proxy.log.filter((entry) => entry.operation === 'SendRawEmail')).toHaveLength(2);
  });
});
