import { describe, expect, it } from 'vitest';
import permanentBounce from '../../../events/ses/bounce-permanent.json' with { type: 'json' };
import transientBounce from '../../../events/ses/bounce-transient.json' with { type: 'json' };
import complaint from '../../../events/ses/complaint.json' with { type: 'json' };
import { createRecordDeliveryEventHandler } from '../../../functions/events/record-delivery-event.js';
import type { LocalAws } from '../../helpers/local-aws.js';
import {
  arrangeTrainer,
  CPT_ONLY,
  context,
  type FaultProxy,
  localAwsForEachTest,
  makeHandler,
  RUN_DAY,
  scheduledEvent,
  startFaultProxy,
} from './fixtures.js';

let aws: LocalAws;
let proxy: FaultProxy | undefined;
localAwsForEachTest((started) => {
  aws = started;
  proxy = undefined;
});

function withRecipient<T extends { detail: object }>(event: T, email: string, field: 'bounce' | 'complaint'): T {
  const detail = event.detail as Record<string, Record<string, unknown>>;
  const list = field === 'bounce' ? 'bouncedRecipients' : 'complainedRecipients';
  return { ...event, detail: { ...detail, [field]: { ...detail[field], [list]: [{ emailAddress: email }] } } };
}

describe('SES bounce and complaint events', () => {
  it('suppresses hard-bounced and complaining addresses idempotently, and the next run sends them nothing', async () => {
    const bounced = await arrangeTrainer(aws, CPT_ONLY, { email: 'Bounced.Person@example.com' });
    const complained = await arrangeTrainer(aws, CPT_ONLY);
    const softBounced = await arrangeTrainer(aws, CPT_ONLY);
    const handle = createRecordDeliveryEventHandler();

    const bounceEvent = withRecipient(permanentBounce, bounced.email, 'bounce');
    expect(await handle(bounceEvent)).toEqual({ action: 'suppressed', count: 1 });
    expect(await handle(bounceEvent)).toEqual({ action: 'suppressed', count: 1 }); // EventBridge redelivery
    await handle(withRecipient(complaint, complained.email, 'complaint'));
    expect(await handle(withRecipient(transientBounce, softBounced.email, 'bounce'))).toEqual({
      action: 'ignored',
      count: 0,
    });
    await handle(withRecipient(permanentBounce, 'nobody-we-know@example.com', 'bounce')); // unknown address: fine

    expect(await aws.repositories.suppressions.get('bounced.person@example.com')).toMatchObject({ reason: 'bounce' });
    expect(await aws.repositories.suppressions.get(complained.email)).toMatchObject({ reason: 'complaint' });
    expect(await aws.repositories.suppressions.isSuppressed(softBounced.email)).toBe(false);
    expect((await aws.repositories.trainers.get(bounced.trainerId))?.suppressed).toBe(true);

    const recipients: string[] = [];
    proxy = await startFaultProxy(aws.ses.endpoint, (operation) => {
      if (operation === 'SendRawEmail') recipients.push(operation);
      return undefined;
    });
    const result = await makeHandler({ sesEndpoint: proxy.endpoint })(scheduledEvent(RUN_DAY), context());
    expect(result).toMatchObject({ emailsSent: 1, trainersRead: 1 });
    expect(recipients).toHaveLength(1);
    const stored = await aws.ses.stored();
    expect(stored.flatMap((email) => email.destination.to)).toEqual([softBounced.email]);
  });
});
