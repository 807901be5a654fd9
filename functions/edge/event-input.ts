import type { $ZodType } from 'zod/v4/core';
import * as z from '../common/zod.js';
import { formatIssues } from '../record/profile-schema.js';

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
  if (!result.success) throw new InvalidEventError(kind, formatIssues(result.error, input));
  return result.data;
}
