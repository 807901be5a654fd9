import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderReminder } from '../../../../../functions/adapters/email/index.js';
import {
  createMailer,
  createSesClient,
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from '../../../../../functions/adapters/ses/index.js';
import { storyInput } from '../email/fixtures.js';

/**
 * A fake SES endpoint on loopback. Unlike aws-sdk-client-mock it sits below the SDK, so the retry middleware and
 * the AWS Query error parser run exactly as they do against real SES.
 */
type Reply = (req: IncomingMessage, res: ServerResponse) => void;

function sesError(status: number, code: string, message: string): Reply {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(
      `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
        `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
    );
  };
}

const accepted: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(
    '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult>' +
      '<MessageId>0100-fake-message-id</MessageId></SendRawEmailResult>' +
      '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></SendRawEmailResponse>',
  );
};

// The request reached the server, then the connection died before any answer: the duplicate-send trap.
const resetAfterAcceptance: Reply = (req) => {
  req.socket.destroy();
};

describe('SES client over HTTP (maxAttempts: 1)', () => {
  let server: Server;
  let endpoint: string;
  let reply: Reply = accepted;
  const bodies: URLSearchParams[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        bodies.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        reply(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    bodies.length = 0;
    reply = accepted;
  });

  function mailer() {
    const client = createSesClient({ region: 'us-east-1', endpoint });
    return {
      client,
      mailer: createMailer({ client, fromAddress: 'reminders@recert.example.com', configurationSetName: 'recert' }),
    };
  }

  it.each<[string, Reply, new (...args: never[]) => Error]>([
    ['500 Internal Failure', sesError(500, 'InternalFailure', 'Internal failure'), SendOutcomeUnknownError],
    ['503 Service Unavailable', sesError(503, 'ServiceUnavailable', 'Unavailable'), SendOutcomeUnknownError],
    ['a socket reset after the request arrived', resetAfterAcceptance, SendOutcomeUnknownError],
    ['rate throttling', sesError(400, 'Throttling', 'Maximum sending rate exceeded.'), SendThrottledError],
    ['the daily quota', sesError(400, 'Throttling', 'Daily message quota exceeded.'), SendingHaltedError],
    ['a paused account', sesError(400, 'AccountSendingPausedException', 'Paused'), SendingHaltedError],
    // What the reputation guard's pause looks like to the reminder run: stop, leave the reminders PENDING.
    [
      'a paused configuration set',
      sesError(400, 'ConfigurationSetSendingPausedException', 'Sending is disabled for this configuration set.'),
      SendingHaltedError,
    ],
    ['a rejected message', sesError(400, 'MessageRejected', 'Email address is not verified.'), PermanentRejectionError],
  ])('sends exactly one HTTP request on %s and classifies the failure', async (_case, fault, errorClass) => {
    reply = fault;
    const { client, mailer: m } = mailer();

    const failure = await m.send(renderReminder(storyInput)).catch((err: unknown) => err);
    client.destroy();

    expect(failure).toBeInstanceOf(errorClass);
    expect(bodies).toHaveLength(1);
  });

  it('would retry a 500 with the SDK default, which is why the factory turns it off', async () => {
    reply = sesError(500, 'InternalFailure', 'Internal failure');
    const defaultClient = new SESClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const m = createMailer({ client: defaultClient, fromAddress: 'reminders@recert.example.com' });

    await m.send(renderReminder(storyInput)).catch(() => undefined);
    defaultClient.destroy();

    expect(bodies).toHaveLength(3);
  });

  it('sends raw MIME with the message tags and configuration set on the API call', async () => {
    const { client, mailer: m } = mailer();

    const result = await m.send(renderReminder(storyInput), { tags: { reminderKey: 'r_t_8f3a2c_NASM-CPT_c150' } });
    client.destroy();

    expect(result).toEqual({ messageId: '0100-fake-message-id' });
    const [body] = bodies;
    expect(body?.get('Action')).toBe('SendRawEmail');
    expect(body?.get('Source')).toBe('reminders@recert.example.com');
    expect(body?.get('Destinations.member.1')).toBe('sam@example.com');
    expect(body?.get('ConfigurationSetName')).toBe('recert');
    expect(body?.get('Tags.member.1.Name')).toBe('reminderKey');
    expect(body?.get('Tags.member.1.Value')).toBe('r_t_8f3a2c_NASM-CPT_c150');
    const mime = Buffer.from(body?.get('RawMessage.Data') ?? '', 'base64').toString('utf8');
    expect(mime).toMatch(/^Subject: Renew your CPR\/AED card by 31 Jan 2027/m);
    expect(mime).not.toContain('reminderKey');
  });

  it('refuses a tag SES would reject before sending anything', async () => {
    const { client, mailer: m } = mailer();

    const failure = m.send(renderReminder(storyInput), { tags: { reminderKey: 'has spaces' } });

    await expect(failure).rejects.toThrow('tags.reminderKey: invalid SES tag value "has spaces"');
    client.destroy();
    expect(bodies).toHaveLength(0);
  });
});
