/** Invariant violations only: core trusts input validated at the edge, so these mean a caller skipped validation. */
export class InvalidProfileError extends Error {
  readonly code = 'core.invalid-profile';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidProfileError';
  }
}
