/** What `npm run scan` tells its user about a run's result: a run that did nothing because another holds the day is not a success. */
export interface ScanOutcome {
  readonly exitCode: 0 | 1;
  /** One line for stderr when the scan did not run (exit code 1). */
  readonly message?: string;
}

export function scanOutcome(result: unknown, today: string): ScanOutcome {
  const status = typeof result === 'object' && result !== null ? (result as { status?: unknown }).status : undefined;
  if (status !== 'held-elsewhere') return { exitCode: 0 };
  return {
    exitCode: 1,
    message:
      `Another reminder run holds ${today} (still running, or it stopped less than 15 minutes ago): this scan sent ` +
      'nothing. Run it again once that run has finished or its 15-minute lease has ended.',
  };
}
