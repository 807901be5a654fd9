import { benchBundles } from './bundle-size.js';
import { benchCoreEvaluate } from './core-evaluate.js';
import { benchCycleTimeline } from './cycle-timeline.js';
import { benchLedgerGrowth } from './ledger-growth.js';
import { benchReminderCadence } from './reminder-cadence.js';
import { benchReminderDay } from './reminder-day.js';
import { benchReminderPacing } from './reminder-pacing.js';
import { benchReminderRun } from './reminder-run.js';
import { benchSignupTiming } from './signup-timing.js';

/**
 * `npm run bench`: every speed and size figure, one per line as `name: value unit`.
 * Figures only; nothing here asserts, because this machine is shared and noisy.
 */
const benches = [
  benchCoreEvaluate,
  benchBundles,
  benchReminderRun,
  benchCycleTimeline,
  benchReminderPacing,
  benchReminderDay,
  benchReminderCadence,
  benchLedgerGrowth,
  benchSignupTiming,
];

for (const bench of benches) {
  for (const { name, value, unit } of await bench()) {
    console.log(`${name}: ${value} ${unit}`);
  }
}
