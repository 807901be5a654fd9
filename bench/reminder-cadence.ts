/**
 * How many reminder emails one typical NASM-CPT cycle costs a trainer at each pace (issue 17): the daily run
 * simulated for every day of the two-year cycle, through core's cadence and the record seam's next-reminder date
 * (`trainerNextReminderOn`), with the trainer logging courses on the days they complete them. The run reads the
 * trainer only on the day the due index says; each read that sends nothing is counted too (0 while the index is
 * exact). Prints, never asserts.
 *
 * The cycle: NASM-CPT 1 Jul 2026 – 30 Jun 2028 (2.0 CEUs, finish CE by 31 May 2028), a CPR/AED card current
 * throughout (0.1 CEU). The trainer renews on the expiry day, so no notice after expiry is counted.
 * - on-track: a 0.2-CEU course every ten weeks from the cycle's first day, never behind the share of the cycle gone:
 *   met on 22 Mar 2028, after the 90-day reminder;
 * - behind: nothing until a 1.9-CEU specialization three weeks before the finish-CE date;
 * - essentials: the behind trainer, having chosen "only the essentials" on the status page.
 */
import { pathToFileURL } from 'node:url';
import {
  type Activity,
  addDays,
  dueReminders,
  evaluate,
  type ReminderSettings,
  type TrainerProfile,
} from '../core/index.js';
import { ledgerSortKeyOf, sentReminderKeys, trainerNextReminderOn } from '../functions/record/next-reminder.js';
import type { Figure } from './bundle-size.js';

const CYCLE_START = '2026-07-01';
const EXPIRES_ON = '2028-06-30';
const CREDENTIALS: TrainerProfile['credentials'] = [
  { code: 'NASM-CPT', earnedOn: '2016-06-15', expiresOn: EXPIRES_ON },
  { code: 'CPR-AED', earnedOn: '2026-06-01', expiresOn: '2029-06-30' },
];

const course = (title: string, completedOn: string, units: number): Activity => ({
  title,
  completedOn,
  units: { NASM: units },
});

interface Scenario {
  readonly pace: string;
  readonly courses: readonly Activity[];
  readonly reminders: ReminderSettings;
}

const ADAPTIVE: ReminderSettings = { cadence: 'adaptive', snoozes: [] };
const BEHIND_COURSES = [course('NASM-CES', '2028-05-10', 1.9)];

const SCENARIOS: readonly Scenario[] = [
  {
    pace: 'on-track',
    courses: Array.from({ length: 11 }, (_, index) =>
      course(`Course ${index + 1}`, addDays(CYCLE_START, 70 * index), 0.2),
    ),
    reminders: ADAPTIVE,
  },
  { pace: 'behind', courses: BEHIND_COURSES, reminders: ADAPTIVE },
  { pace: 'essentials', courses: BEHIND_COURSES, reminders: { cadence: 'essentials', snoozes: [] } },
];

interface Outcome {
  readonly emails: number;
  readonly idleReads: number;
}

/** One cycle, day by day: the run (09:00) first, then the courses completed that day are logged. */
function simulate(scenario: Scenario): Outcome {
  let sent: string[] = [];
  let emails = 0;
  let idleReads = 0;
  const profileOn = (day: string): TrainerProfile => ({
    credentials: CREDENTIALS,
    activities: scenario.courses.filter((activity) => activity.completedOn <= day),
  });
  const nextOn = (day: string) => trainerNextReminderOn(evaluate(profileOn(day), day, scenario.reminders), day, sent);
  let dueOn = nextOn(addDays(CYCLE_START, -1));
  for (let day = CYCLE_START; day <= EXPIRES_ON; day = addDays(day, 1)) {
    if (dueOn !== null && dueOn <= day) {
      const evaluation = evaluate(profileOn(addDays(day, -1)), day, scenario.reminders);
      const due = dueReminders(evaluation, day, sentReminderKeys(sent));
      if (due.length > 0) emails += 1;
      else idleReads += 1;
      sent = [...sent, ...due.map((reminder) => ledgerSortKeyOf(reminder.key))];
      dueOn = trainerNextReminderOn(evaluation, day, sent);
    }
    if (scenario.courses.some((activity) => activity.completedOn === day)) dueOn = nextOn(day);
  }
  return { emails, idleReads };
}

export async function benchReminderCadence(): Promise<Figure[]> {
  const outcomes = SCENARIOS.map((scenario) => ({ pace: scenario.pace, ...simulate(scenario) }));
  return [
    ...outcomes.map(({ pace, emails }) => ({
      name: `reminder-emails-per-cycle-${pace}`,
      value: emails,
      unit: 'emails',
    })),
    {
      name: 'reminder-reads-without-email-per-cycle',
      value: outcomes.reduce((sum, outcome) => sum + outcome.idleReads, 0),
      unit: 'reads',
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const { name, value, unit } of await benchReminderCadence()) console.log(`${name}: ${value} ${unit}`);
}
