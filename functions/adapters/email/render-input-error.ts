/** Thrown by a renderer given data it cannot turn into a truthful email; names the field path and the bad value. */
export class RenderInputError extends Error {
  override readonly name = 'RenderInputError';
  readonly code = 'email.invalid-input';

  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${field}: ${reason} (got ${JSON.stringify(value)})`);
  }
}
