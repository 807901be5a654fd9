import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Provider } from '../adapters/dynamodb/provider-repository.js';
import { PayloadTooLargeError } from '../common/errors.js';
import { type HttpResponse, lowerCaseHeaders } from '../common/http.js';
import { logger } from '../common/logger.js';
import { jsonErrorResponse } from './map-errors.js';
import { lambdaObservability } from './observability.js';
import { MAX_BODY_BYTES, rawBodyBytes } from './parse-body.js';
import { WebhookAuthenticationError } from './webhook-errors.js';
import { checkSignedHeaders, verifySignature } from './webhook-signature.js';

/** A delivery whose signature checked out: the use case starts from here, never from unverified input. */
export interface VerifiedDelivery {
  readonly provider: Provider;
  readonly webhookId: string;
  /** The body exactly as signed. */
  readonly rawBody: Buffer;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Request time from API Gateway. */
  readonly now: Date;
  readonly event: APIGatewayProxyEventV2;
  readonly context: Context;
}

export interface WebhookRouteSpec {
  readonly findProvider: (providerId: string) => Promise<Provider | undefined>;
  readonly maxBodyBytes?: number;
}

/**
 * The webhook middleware stack: size limit (413) → Standard Webhooks verification against the raw body bytes and the
 * provider's current secrets (401, nothing read beyond the provider) → the use case → the shared error mapper.
 * Unlike `httpRoute` it never parses the body before the signature is checked.
 */
export function webhookRoute(spec: WebhookRouteSpec, useCase: (delivery: VerifiedDelivery) => Promise<HttpResponse>) {
  const maxBytes = spec.maxBodyBytes ?? MAX_BODY_BYTES;
  return middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(lambdaObservability())
    .use({
      onError: async (request) => {
        const { error } = request;
        if (error instanceof WebhookAuthenticationError) {
          logger.warn('webhook rejected', {
            reason: error.reason,
            providerId: request.event.pathParameters?.providerId?.slice(0, 64),
          });
        }
        request.response = jsonErrorResponse(error);
      },
    })
    .handler(async (event, context) => {
      const now = new Date(event.requestContext?.timeEpoch ?? Date.now());
      if (event.body !== undefined && event.body.length > maxBytes * 2) {
        throw new PayloadTooLargeError('body: larger than 64 KB');
      }
      const rawBody = rawBodyBytes(event.body, event.isBase64Encoded ?? false);
      if (rawBody.length > maxBytes) throw new PayloadTooLargeError('body: larger than 64 KB');
      const headers = lowerCaseHeaders(event.headers);
      // Refuse what needs no secret before reading the provider: garbage costs no table read.
      const precheck = checkSignedHeaders(headers, rawBody, now);
      if (!precheck.valid) throw new WebhookAuthenticationError(precheck.reason);
      const providerId = event.pathParameters?.providerId ?? '';
      const provider = providerId ? await spec.findProvider(providerId) : undefined;
      if (!provider) throw new WebhookAuthenticationError('unknown-provider');
      const verification = verifySignature({ headers, body: rawBody, secrets: provider.secrets, now });
      if (!verification.valid) throw new WebhookAuthenticationError(verification.reason);
      return useCase({ provider, webhookId: verification.webhookId, rawBody, headers, now, event, context });
    });
}
