import type { PacingClock } from '../../functions/features/reminders/send-pacing.js';

/**
 * A pacing clock on simulated time whose `sleep` advances it by exactly the wait and resolves at once. Only for
 * code that sleeps one wait at a time (a bucket taken in a loop, a run one trainer at a time); with several tasks
 * sleeping at once use `eventClock`. `advance` stands for work that takes time between two sends.
 */
export interface SimulatedClock extends PacingClock {
  advance(ms: number): void;
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
}

export function simulatedClock(start = 0): SimulatedClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/**
 * Simulated time for concurrent tasks (a discrete-event clock): `sleep` parks the caller until the clock reaches
 * its wake-up time, and `run` drives a task to its end, letting every task go as far as it can and then jumping to
 * the earliest wake-up, one at a time. Nothing waits on the machine's timers, so a test never measures it.
 */
export interface EventClock extends PacingClock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function eventClock(start = 0): EventClock {
  let now = start;
  let order = 0;
  const timers: { at: number; order: number; wake: () => void }[] = [];
  // One macrotask turn: every promise chain runs until it waits on a timer (the fakes do no real I/O).
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep(ms) {
      return new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(0, ms), order: order++, wake });
      });
    },
    async run(task) {
      let done = false;
      const result = task().finally(() => {
        done = true;
      });
      // Observed by the caller through the return below; this only keeps a rejection from being reported early.
      result.catch(() => undefined);
      for (;;) {
        await settle();
        if (done) return result;
        timers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = timers.shift();
        if (!next) throw new Error('eventClock: every task waits, and not on the clock');
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}
