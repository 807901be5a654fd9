import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { signPayload } from '../../../functions/edge/webhook-signature.js';
import { httpEvent } from '../../helpers/http-event.js';
import { lambdaContext } from '../../helpers/lambda-context.js';
import type { LocalAws } from '../../helpers/local-aws.js';

/** The fixed test secrets documented in events/webhooks/README.md. */
export const DEMO_SECRET = 'whsec_cmVjZXJ0LWRlbW8tZml4ZWQtdGVzdC1zZWNyZXQtMzI=';
export const OTHER_SECRET = 'whsec_YW5vdGhlci1wcm92aWRlci1zZWNyZXQtMzItYnl0ZXM=';
/** `webhook-timestamp` of the samples: 2026-11-20T10:00:00Z. */
export const SAMPLE_TIME = 1795168800;

const EVENTS_DIR = join(import.meta.dirname, '..', '..', '..', 'events', 'webhooks');

export function sampleEvent(name: string): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(join(EVENTS_DIR, `${name}.json`), 'utf8')) as APIGatewayProxyEventV2;
}

export function samplePayload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EVENTS_DIR, 'payloads', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/** A delivery signed like a provider would, with API Gateway's request time `timeEpoch` (default: the timestamp). */
export function signedEvent(input: {
  readonly providerId?: string;
  readonly secret?: string;
  readonly body: string | Buffer;
  readonly webhookId: string;
  readonly timestamp?: number;
  readonly timeEpoch?: number;
  readonly headers?: Record<string, string>;
  readonly base64?: boolean;
}): APIGatewayProxyEventV2 {
  const providerId = input.providerId ?? 'demo';
  const timestamp = input.timestamp ?? SAMPLE_TIME;
  const bytes = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  return httpEvent({
    method: 'POST',
    path: `/webhooks/${providerId}`,
    pathParameters: { providerId },
    body: input.base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    isBase64Encoded: input.base64 ?? false,
    timeEpoch: input.timeEpoch ?? timestamp * 1000,
    headers: {
      'content-type': 'application/json',
      'webhook-id': input.webhookId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signPayload(input.secret ?? DEMO_SECRET, input.webhookId, timestamp, bytes),
      ...input.headers,
    },
  });
}

export function completionBody(overrides: {
  email?: string;
  course?: Record<string, string>;
  completedOn?: string;
  units?: Record<string, number>;
  certificateId?: string;
}): string {
  return JSON.stringify({
    type: 'course.completed',
    timestamp: '2026-11-20T10:00:00Z',
    data: {
      learner: { email: overrides.email ?? 'sam@example.com', name: 'Sam Lee', providerLearnerId: 'u-881' },
      course: overrides.course ?? { code: 'NASM-PES' },
      completedOn: overrides.completedOn ?? '2026-11-19',
      units: overrides.units ?? { NASM: 1.9 },
      certificateId: overrides.certificateId ?? 'PES-2026-000123',
    },
  });
}

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export async function deliver(handler: Handler, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, lambdaContext())) as {
    statusCode: number;
    body?: string;
    headers?: Record<string, string>;
  };
  return {
    status: response.statusCode,
    body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
  };
}

/** Every item in the table, for "nothing written" assertions (a snapshot, compared before/after). */
export async function tableSnapshot(aws: LocalAws): Promise<string[]> {
  const items: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await aws.dynamo.client.send(
      new ScanCommand({ TableName: aws.dynamo.tableName, ...(cursor ? { ExclusiveStartKey: cursor } : {}) }),
    );
    for (const item of page.Items ?? []) items.push(JSON.stringify(item));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return items.sort();
}
