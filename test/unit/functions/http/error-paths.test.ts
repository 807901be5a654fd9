import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../functions/adapters/dynamodb/keys.js';
import { createTokenService } from '../../../../functions/common/tokens.js';
import { handler as confirmSignup } from '../../../../functions/http/confirm-signup.js';
import { handler as replaceMe } from '../../../../functions/http/replace-me.js';
import { handler as submitSignup } from '../../../../functions/http/submit-signup.js';
import { SAVE_ATTEMPTS } from '../../../../functions/record/save-profile.js';
import { httpEvent } from '../../../helpers/http-event.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';

/** Error paths only: every AWS call is answered by aws-sdk-client-mock; the happy paths run against emulators. */
const KEY = 'k'.repeat(40);
const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const NOW = new Date(T0);
const EMAIL = 'sam@example.com';
const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESClient);

const awsError = (name: string, status = 400) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

const PENDING = {
  pk: `SIGNUP#${EMAIL}`,
  sk: 'PENDING',
  entity: 'PendingSignup',
  version: 1,
  email: EMAIL,
  trainerId: 't_aaaaaaaaaaaaaaaaaaaa',
  name: 'Sam Lee',
  profile: { credentials: [{ code: 'NASM-CPT', expiresOn: '2027-03-31' }], activities: [] },
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  expiresAt: T0 / 1000 + 7 * 86_400,
};

const TRAINER = {
  pk: 'TRAINER#t_aaaaaaaaaaaaaaaaaaaa',
  sk: 'PROFILE',
  entity: 'Trainer',
  version: 1,
  trainerId: 't_aaaaaaaaaaaaaaaaaaaa',
  email: EMAIL,
  name: 'Sam Lee',
  profile: PENDING.profile,
  suppressed: false,
  remindersSent: [],
  revision: 1,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

function post(handler: typeof submitSignup, body: unknown, method = 'POST', headers: Record<string, string> = {}) {
  return handler(
    httpEvent({
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
      timeEpoch: T0,
    }),
    lambdaContext(),
  );
}

const signup = { email: EMAIL, name: 'Sam Lee', ...PENDING.profile };
const updates = () => ddb.commandCalls(UpdateCommand).map((call) => String(call.args[0].input.UpdateExpression));

beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    TABLE_NAME: 'recert-unit',
    BASE_URL: 'https://recert.example.com',
    SENDER_ADDRESS: 'Recert <reminders@recert.example.com>',
    POSTAL_ADDRESS: 'Recert, 100 Main Street, Springfield, IL 62701, USA',
    TOKEN_SIGNING_KEY: KEY,
    RECERT_LOG_LEVEL: 'silent',
  });
});

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand).resolves({});
  // No suppression under the mailbox key (ADR 0027).
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: PENDING });
  ses.on(SendRawEmailCommand).resolves({ MessageId: 'm-1' });
});

describe('POST /api/signups error paths', () => {
  it('answers a DynamoDB throttle with the generic 500 and sends nothing', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    const response = await post(submitSignup, signup);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body ?? '')).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side; nothing was saved. Please try again.' },
    });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });

  it.each([
    ['MessageRejected', 400],
    ['Throttling', 400],
    ['AccountSendingPausedException', 400],
  ])('releases the 24-hour slot and answers 503 when SES refuses (%s)', async (name, status) => {
    ses.on(SendRawEmailCommand).rejects(awsError(name, status));
    const response = await post(submitSignup, signup);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '').error.code).toBe('email.not-sent');
    expect(response.headers?.['retry-after']).toBe('120');
    expect(updates().filter((expression) => expression.startsWith('REMOVE confirmationEmailSentAt'))).toHaveLength(1);
  });

  it('keeps the slot and answers the generic 202 when SES may have sent it (5xx)', async () => {
    ses.on(SendRawEmailCommand).rejects(awsError('InternalFailure', 500));
    const response = await post(submitSignup, signup);
    expect(response.statusCode).toBe(202);
    expect(updates().some((expression) => expression.startsWith('REMOVE'))).toBe(false);
  });
});

describe('POST /api/confirmations error paths', () => {
  const tokens = createTokenService(KEY);

  it('keeps the pending sign-up when creating the trainer is throttled (no data lost)', async () => {
    const token = tokens.issue('confirm', EMAIL, NOW);
    const nonceHash = sha256Hex(tokens.verify(token, 'confirm', NOW).jti);
    ddb.on(GetCommand, { Key: { pk: `SIGNUP#${EMAIL}`, sk: 'PENDING' } }).resolves({ Item: { ...PENDING, nonceHash } });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});
    ddb.on(PutCommand, { Item: { entity: 'Trainer' } }).rejects(awsError('ThrottlingException'));
    const response = await post(confirmSignup, { token });
    expect(response.statusCode).toBe(500);
    expect(ddb.commandCalls(DeleteCommand)).toHaveLength(0);
  });
});

describe('PUT /api/me concurrency', () => {
  const statusToken = createTokenService(KEY).issue('status', TRAINER.trainerId, NOW);
  const body = { credentials: [{ code: 'NASM-CPT', expiresOn: '2028-03-31' }], activities: [] };
  const conflict = awsError('ConditionalCheckFailedException');

  beforeEach(() => {
    ddb.on(GetCommand).resolves({ Item: TRAINER });
  });

  it('re-reads and retries after a revision conflict', async () => {
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conflict)
      .resolves({ Attributes: { ...TRAINER, revision: 2 } });
    const response = await post(replaceMe, body, 'PUT', { authorization: `Bearer ${statusToken}` });
    expect(response.statusCode).toBe(200);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(2);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
  });

  it('answers 409 when every attempt conflicts, never a 500', async () => {
    ddb.on(UpdateCommand).rejects(conflict);
    const response = await post(replaceMe, body, 'PUT', { authorization: `Bearer ${statusToken}` });
    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body ?? '').error.code).toBe('trainer.concurrent-update');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(SAVE_ATTEMPTS);
  });
});
