import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  configuredSendQuota,
  LOCAL_SEND_QUOTA,
  SendingHaltedError,
  sesSendQuota,
} from '../../../../../functions/adapters/ses/index.js';
import { quotaReadHalt } from '../../../../../functions/features/reminders/send-pacing.js';

const ses = mockClient(SESClient);

afterEach(() => {
  ses.reset();
});

describe('sesSendQuota (GetSendQuota)', () => {
  it('reads the max send rate, the 24-hour quota and what the account sent in the last 24 hours', async () => {
    ses.on(GetSendQuotaCommand).resolves({ MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 1_234 });

    expect(await sesSendQuota(new SESClient({ region: 'us-east-1' }))()).toEqual({
      maxSendRate: 14,
      max24HourSend: 50_000,
      sentLast24Hours: 1_234,
      source: 'ses',
    });
  });

  it('reads an unlimited 24-hour quota only when SES says so (-1)', async () => {
    ses.on(GetSendQuotaCommand).resolves({ MaxSendRate: 200, Max24HourSend: -1, SentLast24Hours: 0 });

    expect((await sesSendQuota(new SESClient({ region: 'us-east-1' }))()).max24HourSend).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['MaxSendRate', { Max24HourSend: 50_000, SentLast24Hours: 0 }],
    ['Max24HourSend', { MaxSendRate: 14, SentLast24Hours: 0 }],
    ['SentLast24Hours', { MaxSendRate: 14, Max24HourSend: 50_000 }],
  ])('refuses an answer without %s instead of assuming no limit', async (name, answer) => {
    ses.on(GetSendQuotaCommand).resolves(answer);

    await expect(sesSendQuota(new SESClient({ region: 'us-east-1' }))()).rejects.toThrow(name);
  });

  it('lets a refused call through unchanged, and the run reads an access refusal as "stop sending"', async () => {
    const denied = Object.assign(new Error('not authorized to perform ses:GetSendQuota'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    ses.on(GetSendQuotaCommand).rejects(denied);

    const error = await sesSendQuota(new SESClient({ region: 'us-east-1' }))().catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'AccessDenied' });
    expect(quotaReadHalt(error)).toBeInstanceOf(SendingHaltedError);
    expect(quotaReadHalt(Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 503 } }))).toBeUndefined();
  });
});

describe('configuredSendQuota (the local emulator has no GetSendQuota)', () => {
  it("assumes a new production account's quota unless told otherwise, with nothing sent yet", async () => {
    expect(LOCAL_SEND_QUOTA).toEqual({ maxSendRate: 14, max24HourSend: 50_000 });
    expect(await configuredSendQuota()()).toEqual({ ...LOCAL_SEND_QUOTA, sentLast24Hours: 0, source: 'configured' });
    expect(await configuredSendQuota({ maxSendRate: 2, max24HourSend: 10 })()).toMatchObject({
      maxSendRate: 2,
      max24HourSend: 10,
    });
  });
});
