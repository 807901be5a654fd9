import { MetricUnit, metrics } from '../../common/metrics.js';
import type { IntakeFloor } from '../../wiring/intake-floor.js';

/** Counted when the work itself took longer than the floor: then the response time shows the path (ADR 0024). */
export const INTAKE_FLOOR_EXCEEDED_METRIC = 'IntakeFloorExceeded';

/**
 * Node's timers count from the event loop's cached time, so a sleep can end a millisecond or two early, and by how
 * much depends on the work just before it (which is what must not show): sleep again for what is left, a few times
 * at most.
 */
const MAX_SLEEPS = 4;

/**
 * Runs `work` and answers no sooner than `floor.minimumMs` after it started, whether it returned or threw: the path
 * an address took (a send, or nothing to do) must not show in the response time. Work slower than the floor is
 * answered as soon as it ends, and counted.
 */
export async function withIntakeFloor<T>(floor: IntakeFloor, work: () => Promise<T>): Promise<T> {
  const started = floor.now();
  const remaining = () => floor.minimumMs - (floor.now() - started);
  try {
    return await work();
  } finally {
    let left = remaining();
    if (floor.minimumMs > 0 && left <= 0) metrics.addMetric(INTAKE_FLOOR_EXCEEDED_METRIC, MetricUnit.Count, 1);
    // Read once per round: a second reading could already be below zero, which Node's timers warn about.
    for (let sleeps = 0; sleeps < MAX_SLEEPS && left > 0; sleeps++) {
      await floor.sleep(left);
      left = remaining();
    }
  }
}
