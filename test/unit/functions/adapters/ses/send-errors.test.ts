import { SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderConfirmation } from '../../../../../functions/adapters/email/index.js';
import {
  classifySendError,
  createMailer,
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from '../../../../../functions/adapters/ses/index.js';
import { sender } from '../email/fixtures.js';

const ses = mockClient(SESClient);

function serviceError(name: string, message: string, httpStatusCode: number): SESServiceException {
  return new SESServiceException({
    name,
    message,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`socket: ${code}`), { code });
}

const message = renderConfirmation({
  name: 'Sam Lee',
  to: 'sam@example.com',
  confirmUrl: 'https://recert.example.com/confirm?token=cf_sam',
  sender,
});

type ErrorClass = new (...args: never[]) => Error;

describe('SES send error classification', () => {
  beforeEach(() => {
    ses.reset();
  });

  it.each<[string, Error, ErrorClass, string]>([
    [
      'rate throttling',
      serviceError('Throttling', 'Maximum sending rate exceeded.', 400),
      SendThrottledError,
      'ses.throttled',
    ],
    [
      'rate throttling (SESv2 name)',
      serviceError('ThrottlingException', 'Maximum sending rate exceeded.', 400),
      SendThrottledError,
      'ses.throttled',
    ],
    [
      'daily quota',
      serviceError('Throttling', 'Daily message quota exceeded.', 400),
      SendingHaltedError,
      'ses.daily-quota-exceeded',
    ],
    [
      'sending paused',
      serviceError('SendingPausedException', 'Sending is paused', 400),
      SendingHaltedError,
      'ses.sending-paused',
    ],
    [
      'account sending paused',
      serviceError('AccountSendingPausedException', 'Account paused', 400),
      SendingHaltedError,
      'ses.sending-paused',
    ],
    [
      'configuration set paused',
      serviceError('ConfigurationSetSendingPausedException', 'Set paused', 400),
      SendingHaltedError,
      'ses.sending-paused',
    ],
    [
      'account suspended',
      serviceError('AccountSuspendedException', 'Suspended', 400),
      SendingHaltedError,
      'ses.account-suspended',
    ],
    [
      'missing configuration set',
      serviceError('ConfigurationSetDoesNotExistException', 'No such set', 400),
      SendingHaltedError,
      'ses.misconfigured',
    ],
    ['access denied', serviceError('AccessDenied', 'Not allowed', 403), SendingHaltedError, 'ses.misconfigured'],
    ['unknown 4xx', serviceError('SomethingNew', 'New error', 400), SendingHaltedError, 'ses.misconfigured'],
    [
      'message rejected',
      serviceError('MessageRejected', 'Email address is not verified.', 400),
      PermanentRejectionError,
      'ses.rejected',
    ],
    [
      'MAIL FROM domain not verified',
      serviceError('MailFromDomainNotVerifiedException', 'Not verified', 400),
      PermanentRejectionError,
      'ses.rejected',
    ],
    [
      'invalid address parameter',
      serviceError('InvalidParameterValue', 'Missing final @domain', 400),
      PermanentRejectionError,
      'ses.rejected',
    ],
    [
      'internal failure (500)',
      serviceError('InternalFailure', 'Internal', 500),
      SendOutcomeUnknownError,
      'ses.outcome-unknown',
    ],
    [
      'service unavailable (503)',
      serviceError('ServiceUnavailable', 'Unavailable', 503),
      SendOutcomeUnknownError,
      'ses.outcome-unknown',
    ],
    ['connection reset', networkError('ECONNRESET'), SendOutcomeUnknownError, 'ses.outcome-unknown'],
    [
      'request timeout',
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
      SendOutcomeUnknownError,
      'ses.outcome-unknown',
    ],
    ['connection refused', networkError('ECONNREFUSED'), SendingHaltedError, 'ses.unreachable'],
  ])('maps %s to the right class and code', async (_case, error, errorClass, code) => {
    ses.on(SendRawEmailCommand).rejects(error);
    const mailer = createMailer({
      client: new SESClient({ region: 'us-east-1' }),
      fromAddress: 'r@recert.example.com',
    });

    const failure = await mailer.send(message).catch((err: unknown) => err);

    expect(failure).toBeInstanceOf(errorClass);
    expect(failure).toMatchObject({ code, name: errorClass.name, cause: error });
    expect(ses).toHaveReceivedCommandTimes(SendRawEmailCommand, 1);
  });

  it('marks only rate throttling as retryable', () => {
    expect(classifySendError(serviceError('Throttling', 'Maximum sending rate exceeded.', 400)).retryable).toBe(true);
    expect(classifySendError(serviceError('Throttling', 'Daily message quota exceeded.', 400)).retryable).toBe(false);
    expect(classifySendError(serviceError('InternalFailure', 'x', 500)).retryable).toBe(false);
  });

  it('returns an already classified error unchanged', () => {
    const throttled = classifySendError(serviceError('Throttling', 'Maximum sending rate exceeded.', 400));

    expect(classifySendError(throttled)).toBe(throttled);
  });

  it('logs a failed send with the address masked', async () => {
    ses.on(SendRawEmailCommand).rejects(serviceError('MessageRejected', 'Rejected: sam@example.com', 400));
    const lines: string[] = [];
    const logger = {
      info: (msg: string, attrs?: Record<string, unknown>) => lines.push(JSON.stringify([msg, attrs])),
      warn: (msg: string, attrs?: Record<string, unknown>) => lines.push(JSON.stringify([msg, attrs])),
    };
    const mailer = createMailer({ client: new SESClient({ region: 'us-east-1' }), fromAddress: 'r@x.example', logger });

    await mailer.send(message).catch(() => undefined);

    expect(lines.join('\n')).toContain('s***@example.com');
    expect(lines.join('\n')).not.toContain('sam@example.com');
  });
});
