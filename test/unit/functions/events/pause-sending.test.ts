import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SESClient, SESServiceException, UpdateConfigurationSetSendingEnabledCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSendingSwitch, createSesClient } from '../../../../functions/adapters/ses/index.js';
import { ConfigurationError, parseConfig } from '../../../../functions/common/config.js';
import { InvalidEventError } from '../../../../functions/edge/event-route.js';
import { createPauseSendingHandler } from '../../../../functions/events/pause-sending.js';
import {
  buildPauseSendingDependencies,
  PAUSE_SENDING_MAX_ATTEMPTS,
} from '../../../../functions/features/deliverability/pause-sending.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'events', 'cloudwatch');
const sample = (name: string) => JSON.parse(readFileSync(join(SAMPLES, name), 'utf8')) as Record<string, unknown>;
const ALARM_NAME = 'Recert-prod-Stateless-SesBounceRatePauseAlarm4E1F0B2C-7QK2M9XW3R1D';

const environment = {
  TABLE_NAME: 'recert',
  BASE_URL: 'https://recert.example.com',
  SENDER_ADDRESS: 'Recert <reminders@example.com>',
  POSTAL_ADDRESS: 'Recert, 1 Main St, Springfield, IL 62701, USA',
  SES_CONFIGURATION_SET: 'recert-prod-sending',
};

const ses = mockClient(SESClient);

function guard() {
  const logger = { info: vi.fn(), warn: vi.fn() };
  const deps = { ...buildPauseSendingDependencies(parseConfig(environment)), logger };
  return { handle: createPauseSendingHandler(() => deps), logger };
}

function withState(value: string): Record<string, unknown> {
  const event = sample('bounce-rate-alarm.json');
  (event.detail as { state: { value: string } }).state.value = value;
  return event;
}

describe('pause-sending', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(UpdateConfigurationSetSendingEnabledCommand).resolves({});
  });

  it('turns sending off on the configured configuration set when a pause alarm enters ALARM, once', async () => {
    const { handle, logger } = guard();

    const result = await handle(sample('bounce-rate-alarm.json'));

    expect(result).toEqual({ action: 'paused', alarmName: ALARM_NAME, configurationSetName: 'recert-prod-sending' });
    expect(ses).toHaveReceivedCommandTimes(UpdateConfigurationSetSendingEnabledCommand, 1);
    expect(ses).toHaveReceivedCommandWith(UpdateConfigurationSetSendingEnabledCommand, {
      ConfigurationSetName: 'recert-prod-sending',
      Enabled: false,
    });
    expect(ses.calls()).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/paused/),
      expect.objectContaining({ alarmName: ALARM_NAME, configurationSet: 'recert-prod-sending' }),
    );
  });

  it.each(['OK', 'INSUFFICIENT_DATA'])('leaves sending alone when the alarm enters %s', async (state) => {
    const { handle, logger } = guard();

    const result = await handle(state === 'OK' ? sample('bounce-rate-ok.json') : withState(state));

    expect(result).toMatchObject({ action: 'ignored', alarmName: ALARM_NAME });
    expect(ses.calls()).toHaveLength(0);
    expect(logger.info).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ alarmName: ALARM_NAME, state }),
    );
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown alarm state', withState('BROKEN'), /detail\.state\.value.*"BROKEN"/],
    [
      'a missing alarm name',
      { ...sample('bounce-rate-alarm.json'), detail: { state: { value: 'ALARM' } } },
      /detail\.alarmName: required/,
    ],
    ['another source', { ...sample('bounce-rate-alarm.json'), source: 'aws.ses' }, /source.*"aws\.ses"/],
  ])('refuses %s, naming the field, and calls SES not at all', async (_case, event, message) => {
    const { handle } = guard();

    const error = await handle(event).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as Error).message).toMatch(message);
    expect(ses.calls()).toHaveLength(0);
  });

  it('rejects with the SES error, so Lambda retries the event and then parks it in the failure queue', async () => {
    const failure = new SESServiceException({
      name: 'ConfigurationSetDoesNotExistException',
      message: 'Configuration set <recert-prod-sending> does not exist.',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    ses.on(UpdateConfigurationSetSendingEnabledCommand).rejects(failure);
    const { handle, logger } = guard();

    await expect(handle(sample('bounce-rate-alarm.json'))).rejects.toBe(failure);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('fails clearly when no configuration set is configured', () => {
    const { SES_CONFIGURATION_SET: _omitted, ...withoutSet } = environment;

    expect(() => buildPauseSendingDependencies(parseConfig(withoutSet))).toThrow(ConfigurationError);
    expect(() => buildPauseSendingDependencies(parseConfig(withoutSet))).toThrow(/SES_CONFIGURATION_SET/);
  });
});

describe('pause-sending SES client over HTTP', () => {
  // Below the SDK (unlike aws-sdk-client-mock): the retry middleware runs as it does against real SES.
  let server: Server;
  let endpoint: string;
  const actions: string[] = [];

  beforeAll(async () => {
    ses.restore();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // The first call is throttled, the second accepted.
        actions.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('Action') ?? '');
        res.writeHead(actions.length === 1 ? 400 : 200, { 'content-type': 'text/xml' });
        res.end(
          actions.length === 1
            ? '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>' +
                '<Message>Rate exceeded</Message></Error><RequestId>req-1</RequestId></ErrorResponse>'
            : '<UpdateConfigurationSetSendingEnabledResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">' +
                '<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>' +
                '</UpdateConfigurationSetSendingEnabledResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('retries a throttled call, which is safe because turning sending off twice is the same as once', async () => {
    const client = createSesClient({ region: 'us-east-1', endpoint, maxAttempts: PAUSE_SENDING_MAX_ATTEMPTS });

    await createSendingSwitch(client, 'recert-prod-sending').disable();
    client.destroy();

    expect(actions).toEqual(['UpdateConfigurationSetSendingEnabled', 'UpdateConfigurationSetSendingEnabled']);
  });
});
