import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { HttpResponse } from '../../../functions/common/http.js';
import { createTokenService } from '../../../functions/common/tokens.js';
import { handler as confirmSignup } from '../../../functions/http/confirm-signup.js';
import { handler as submitSignup } from '../../../functions/http/submit-signup.js';
import { type HttpEventOptions, httpEvent } from '../../helpers/http-event.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import type { LocalAws } from '../../helpers/local-aws.js';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<HttpResponse>;

/** Request time used by the tests: 21 Nov 2026, 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
export const HOUR = 3_600_000;

export async function call(handler: Handler, options: HttpEventOptions = {}): Promise<HttpResponse> {
  return handler(httpEvent(options), lambdaContext(10_000));
}

export function postJson(handler: Handler, body: unknown, options: HttpEventOptions = {}): Promise<HttpResponse> {
  return call(handler, {
    method: 'POST',
    ...options,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
  });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export function jsonOf(response: HttpResponse): Record<string, unknown> {
  return JSON.parse(response.body ?? '') as Record<string, unknown>;
}

/** Every item in the table (tests only: production code never scans). */
export async function allItems(aws: LocalAws): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await aws.dynamo.client.send(
      new ScanCommand({ TableName: aws.dynamo.tableName, ConsistentRead: true, ExclusiveStartKey: cursor }),
    );
    items.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items;
}

/** The confirm token inside the most recent confirmation email to `to`. */
export async function confirmTokenFor(aws: LocalAws, to: string): Promise<string> {
  const mails = (await aws.ses.stored()).filter((mail) =>
    mail.destination.to.some((address) => address.toLowerCase().includes(to.toLowerCase())),
  );
  const text = mails.at(-1)?.body.text ?? '';
  const match = /\/confirm\?token=([^\s"<>]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no confirmation link for ${to}`);
  return decodeURIComponent(match[1]);
}

export function tokenFromUrl(url: string): string {
  const token = new URL(url).searchParams.get('token');
  if (!token) throw new Error('no token in URL');
  return token;
}

export const PROFILE = {
  credentials: [
    { code: 'NASM-CPT', expiresOn: '2027-03-31' },
    { code: 'CPR-AED', expiresOn: '2027-06-30' },
  ],
  activities: [{ title: 'Kettlebell basics', completedOn: '2026-05-02', units: { NASM: 0.5 } }],
};

export function signupBody(email: string, extra: Record<string, unknown> = {}) {
  return { email, name: 'Sam Lee', ...PROFILE, ...extra };
}

/** A browser's form post (`application/x-www-form-urlencoded`, asking for a page back). */
export function formPost(handler: Handler, fields: Record<string, string>, timeEpoch: number): Promise<HttpResponse> {
  return call(handler, {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    timeEpoch,
  });
}

/** A trainer signed up and confirmed at T0 through the JSON API: their status token and id. */
export async function confirmedTrainer(
  aws: LocalAws,
  email: string,
): Promise<{ token: string; trainerId: string; email: string }> {
  await postJson(submitSignup, signupBody(email), { timeEpoch: T0 });
  const confirmed = await postJson(confirmSignup, { token: await confirmTokenFor(aws, email) }, { timeEpoch: T0 });
  const token = tokenFromUrl(String(jsonOf(confirmed).statusUrl));
  const { subject } = createTokenService(aws.tokenSigningKey).verify(token, 'status', new Date(T0));
  return { token, trainerId: subject, email };
}
