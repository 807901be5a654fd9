import { performance } from 'node:perf_hooks';
import { setTimeout as wait } from 'node:timers/promises';

/**
 * The shortest time a sign-up or a status-link request takes (ADR 0024). Which path an address takes (new, known,
 * suppressed, already emailed) must not show in the response time, and only some paths call SES: every answer waits
 * until at least this long after the use case started. 300 ms sits above what a send-and-store path should take in
 * Lambda (four or five DynamoDB round trips of a few ms and one SES call of 50–150 ms), so at the median every path
 * answers at the floor; a request slower than the floor still shows its own slowness (counted by a metric, so the
 * floor can be raised if that happens often). A person submitting a form does not notice a third of a second.
 */
export const INTAKE_FLOOR_MS = 300;

/** The floor and the clock it is measured with, injectable so tests never wait or time anything. */
export interface IntakeFloor {
  readonly minimumMs: number;
  /** Monotonic milliseconds (not the wall clock, which may step). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const SYSTEM_INTAKE_FLOOR: IntakeFloor = {
  minimumMs: INTAKE_FLOOR_MS,
  now: () => performance.now(),
  sleep: (ms) => wait(ms),
};
