/** What `npm run scan` tells its user about a run's result: a run that did nothing because another holds the day is not a success. */
export interface ScanOutcome {
  readonly exitCode: 0 | 1;
  /** One line for stderr when the scan did not run (exit code 1). */
  readonly message?: string;
  /** One line for stderr when the scan succeeded but sent nothing for a reason the user can act on (exit code 0). */
  readonly note?: string;
}

export function scanOutcome(result: unknown, today: string): ScanOutcome {
  const status = typeof result === 'object' && result !== null ? (result as { status?: unknown }).status : undefined;
  if (status === 'already-completed') {
    // Not a failure (the day's run did happen), but the usual surprise when re-running a day by hand.
    return {
      exitCode: 0,
      note:
        `The run of ${today} had already completed: this scan sent nothing. To run the day again locally: ` +
        `npm run scan -- --today ${today} --force`,
    };
  }
  if (status !== 'held-elsewhere') return { exitCode: 0 };
  return {
    exitCode: 1,
    message:
      `Another reminder run holds ${today} (still running, or it stopped less than 15 minutes ago): this scan sent ` +
      'nothing. Run it again once that run has finished or its 15-minute lease has ended.',
  };
}
