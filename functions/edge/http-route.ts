import middy from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { $ZodError, $ZodType, output } from 'zod/v4/core';
import { InvalidRequestError } from '../common/errors.js';
import { type HttpResponse, lowerCaseHeaders } from '../common/http.js';
import { toFieldIssues } from '../common/validation.js';
import { jsonErrorResponse } from './map-errors.js';
import { lambdaObservability } from './observability.js';
import { MAX_BODY_BYTES, parseBody } from './parse-body.js';

export interface RouteRequest<Body, Query> {
  readonly body: Body;
  readonly query: Query;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly pathParameters: Readonly<Record<string, string | undefined>>;
  /** Request time from API Gateway, so a use case never reads the clock itself. */
  readonly now: Date;
  readonly event: APIGatewayProxyEventV2;
  readonly context: Context;
}

/**
 * A zod schema, zod/mini (functions/) or classic (tests): both have `safeParse`. Typed structurally so this module
 * imports no zod at runtime, and routes without a schema (the static pages) bundle none.
 */
export type RouteSchema = $ZodType & {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: $ZodError };
};

export interface RouteSpec<BodySchema extends RouteSchema | undefined, QuerySchema extends RouteSchema | undefined> {
  readonly body?: BodySchema;
  readonly query?: QuerySchema;
  readonly maxBodyBytes?: number;
  /** How errors are shown: JSON for the API, a page for browser routes. */
  readonly renderError?: (error: unknown) => HttpResponse;
}

type Parsed<S> = S extends RouteSchema ? output<S> : undefined;

function validate<S extends RouteSchema>(schema: S, input: unknown, where: 'body' | 'query'): output<S> {
  const parsed = schema.safeParse(input);
  // safeParse of S returns S's output; the structural RouteSchema type only says `unknown`.
  if (parsed.success) return parsed.data as output<S>;
  throw new InvalidRequestError(toFieldIssues(parsed.error, input, where === 'query' ? ['query'] : []));
}

/**
 * The HTTP middleware stack, assembled once: observability (ADR 0028) → parse (size limit, JSON or form) → validate
 * with zod (400 naming the field) → the use case → the error mapper. Handlers are
 * `export const handler = httpRoute(spec, useCase)`.
 */
export function httpRoute<
  BodySchema extends RouteSchema | undefined = undefined,
  QuerySchema extends RouteSchema | undefined = undefined,
>(
  spec: RouteSpec<BodySchema, QuerySchema>,
  useCase: (request: RouteRequest<Parsed<BodySchema>, Parsed<QuerySchema>>) => Promise<HttpResponse>,
) {
  const renderError = spec.renderError ?? jsonErrorResponse;
  return middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(lambdaObservability())
    .use({
      onError: async (request) => {
        request.response = renderError(request.error);
      },
    })
    .handler(async (event, context) => {
      const headers = lowerCaseHeaders(event.headers);
      const rawBody = parseBody(
        event.body,
        event.isBase64Encoded ?? false,
        headers['content-type'],
        spec.maxBodyBytes ?? MAX_BODY_BYTES,
      );
      const body = spec.body ? validate(spec.body, rawBody, 'body') : undefined;
      const query = spec.query ? validate(spec.query, event.queryStringParameters ?? {}, 'query') : undefined;
      return useCase({
        body: body as Parsed<BodySchema>,
        query: query as Parsed<QuerySchema>,
        headers,
        pathParameters: event.pathParameters ?? {},
        now: new Date(event.requestContext?.timeEpoch ?? Date.now()),
        event,
        context,
      });
    });
}

/** The token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  return match?.[1];
}
