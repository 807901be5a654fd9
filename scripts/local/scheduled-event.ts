import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './apigw-event.js';

/** The rule name the local scheduler pretends to be. */
export const LOCAL_RULE_NAME = 'recert-daily-reminder-run';

/** EventBridge writes `time` to the second, without milliseconds. */
export function eventBridgeTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A real-shaped EventBridge "Scheduled Event", as the daily rule delivers it. */
export function scheduledEvent(time: Date, id: string = randomUUID()): ScheduledEvent {
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: eventBridgeTime(time),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${LOCAL_RULE_NAME}`],
    detail: {},
  };
}

/** The next instant at `hour`:00 UTC strictly after `now`. */
export function nextRunAfter(now: Date, hour: number): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, 0, 0, 0));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Parses RECERT_SCHEDULE_HOUR (0–23, default 9). */
export function scheduleHourFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.RECERT_SCHEDULE_HOUR;
  if (raw === undefined || raw.trim() === '') return 9;
  const hour = Number(raw);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`RECERT_SCHEDULE_HOUR must be an hour 0–23 (UTC), got ${JSON.stringify(raw)}`);
  }
  return hour;
}

export interface DailyScheduler {
  readonly nextRunAt: () => Date;
  stop(): void;
}

/**
 * Fires `run` every day at `hour`:00 UTC, like the EventBridge rule. One timer at a time, re-armed after each
 * firing; the timer is unref'd so it never keeps a process alive on its own.
 */
export function startDailyScheduler(options: {
  readonly hour: number;
  readonly run: (event: ScheduledEvent) => Promise<void>;
  readonly now?: () => Date;
}): DailyScheduler {
  const now = options.now ?? (() => new Date());
  let next = nextRunAfter(now(), options.hour);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = () => {
    if (stopped) return;
    timer = setTimeout(fire, Math.max(0, next.getTime() - now().getTime()));
    timer.unref();
  };
  const fire = () => {
    const firedAt = next;
    next = nextRunAfter(firedAt, options.hour);
    // `run` reports its own failures; a failed day must not stop the following days.
    options
      .run(scheduledEvent(firedAt))
      .catch(() => undefined)
      .finally(arm);
  };
  arm();
  return {
    nextRunAt: () => next,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
