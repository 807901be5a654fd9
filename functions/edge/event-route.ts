import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { $ZodType } from 'zod/v4/core';
import { formatIssues } from '../common/validation.js';
import * as z from '../common/zod.js';
import { lambdaObservability } from './observability.js';

/** An event that does not match its schema: names each bad field and value; nothing was written. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly code = 'event.invalid';
  constructor(
    readonly kind: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid ${kind}: ${issues.join('; ')}`);
  }
}

/** Parses `input` with `schema` or throws InvalidEventError naming the field paths and bad values. */
export function parseEvent<T>(schema: $ZodType<T>, kind: string, input: unknown): T {
  const result = z.safeParse(schema, input, { reportInput: true });
  if (!result.success) throw new InvalidEventError(kind, formatIssues(result.error, input, '(event)'));
  return result.data;
}

export interface EventRouteSpec<T> {
  readonly schema: $ZodType<T>;
  /** What the event is, in the error message: "scheduled event", "SES event". */
  readonly kind: string;
}

/**
 * The grammar of an event or scheduled entry point, like `httpRoute`'s for HTTP: the event is parsed against its
 * schema (InvalidEventError naming each bad field, nothing done) and only then handed to the use case.
 */
export function eventRoute<T, R>(
  spec: EventRouteSpec<T>,
  useCase: (event: T, context: Context) => Promise<R>,
): (input: unknown, context?: Context) => Promise<R> {
  const handler = middy<unknown, R>()
    .use(lambdaObservability())
    .handler((input, context) => useCase(parseEvent(spec.schema, spec.kind, input), context));
  // A hand-made invocation (npm run invoke, a test) may come without a Lambda context; middy then gives it `{}`.
  return (input, context) => handler(input, context ?? ({} as Context));
}
