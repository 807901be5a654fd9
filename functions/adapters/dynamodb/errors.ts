/** Errors the DynamoDB adapters throw. Expected outcomes (duplicate, taken, throttled) are return values instead. */

export class ItemValidationError extends Error {
  override readonly name = 'ItemValidationError';
  readonly code = 'dynamodb.item-invalid';
  constructor(
    readonly entity: string,
    readonly problems: string,
  ) {
    super(`stored ${entity} item does not match its schema: ${problems}`);
  }
}

/** Optimistic concurrency: the item changed since the caller read it. Re-read, recompute, retry. */
export class RevisionConflictError extends Error {
  override readonly name = 'RevisionConflictError';
  readonly code = 'dynamodb.revision-conflict';
  constructor(
    readonly entity: string,
    readonly expectedRevision: number,
  ) {
    super(`${entity} changed since revision ${expectedRevision} was read`);
  }
}

export class ItemNotFoundError extends Error {
  override readonly name = 'ItemNotFoundError';
  readonly code = 'dynamodb.item-not-found';
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

export class ItemAlreadyExistsError extends Error {
  override readonly name = 'ItemAlreadyExistsError';
  readonly code = 'dynamodb.item-exists';
  constructor(readonly entity: string) {
    super(`${entity} already exists`);
  }
}

/** A lease (run checkpoint, delivery claim) is held by someone else now; stop working on it. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  readonly code = 'dynamodb.lease-lost';
  constructor(readonly entity: string) {
    super(`${entity} lease is no longer held by this worker`);
  }
}

export class UnprocessedItemsError extends Error {
  override readonly name = 'UnprocessedItemsError';
  readonly code = 'dynamodb.unprocessed-items';
  constructor(readonly remaining: number) {
    super(`BatchWriteItem left ${remaining} item(s) unprocessed after retries`);
  }
}

export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  readonly code = 'dynamodb.invalid-argument';
  constructor(
    readonly field: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${field}: ${reason} (got ${JSON.stringify(value)})`);
  }
}

/** The SDK's conditional-check failure, recognised by name so any client (and aws-sdk-client-mock) works. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
