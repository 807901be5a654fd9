/**
 * The adaptive cadence and snoozes, checked on generated records: every certification in the catalog, renewal cycles
 * ending any month, courses (some logged from a reminder), a CPR/AED card or none, either cadence choice, a snooze of
 * either length asked any day, and the daily run simulated day by day from the record's save to well after expiry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Activity,
  addDays,
  addMonths,
  type CertificationEvaluation,
  type CredentialClaim,
  dueReminders,
  evaluate,
  listCatalog,
  nextReminderOn,
  pendingMilestone,
  protectedMilestoneIds,
  REMINDER_CADENCES,
  type ReminderMilestone,
  type ReminderSettings,
  SNOOZE_LENGTHS,
  type SnoozeHold,
  type TrainerProfile,
} from '../../../core/index.js';

const RUNS = { numRuns: 1_000 };
const CERTIFICATIONS = listCatalog().filter((row) => row.kind === 'certification');

function endOfMonth(date: string): string {
  return addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);
}

interface Generated {
  readonly profile: TrainerProfile;
  readonly code: string;
  readonly expiresOn: string;
  /** The day the record is saved: every credit is dated on or before it. */
  readonly asOf: string;
  readonly settings: ReminderSettings;
  /** The snooze as asked, before the record keeps it (or null). */
  readonly snooze: { readonly on: string; readonly until: string } | null;
}

const generatedArb = fc
  .record({
    certification: fc.constantFrom(...CERTIFICATIONS),
    expiryOffset: fc.integer({ min: 0, max: 900 }),
    asOfBeforeExpiry: fc.integer({ min: -200, max: 760 }),
    card: fc.boolean(),
    courses: fc.array(
      fc.record({
        daysBeforeAsOf: fc.integer({ min: 0, max: 800 }),
        units: fc.integer({ min: 1, max: 400 }),
        fromReminder: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    cadence: fc.constantFrom(...REMINDER_CADENCES),
    snooze: fc.option(
      fc.record({ after: fc.integer({ min: 0, max: 400 }), length: fc.constantFrom(...SNOOZE_LENGTHS) }),
      {
        nil: undefined,
      },
    ),
  })
  .map((input): Generated => {
    const { code, body } = input.certification;
    const expiresOn = code.startsWith('NSCA') ? '2026-12-31' : endOfMonth(addDays('2026-01-01', input.expiryOffset));
    const asOf = addDays(expiresOn, -input.asOfBeforeExpiry);
    const credentials: CredentialClaim[] = [{ code, earnedOn: '2015-01-01', expiresOn }];
    // A card valid well past any renewal: its state does not change while the days pass.
    if (input.card) credentials.push({ code: 'CPR-AED', earnedOn: addDays(asOf, -30), expiresOn: '2031-12-31' });
    const activities: Activity[] = input.courses.map((course, index) => ({
      title: `Course ${index}`,
      completedOn: addDays(asOf, -course.daysBeforeAsOf),
      units: { [body ?? 'NASM']: course.units / 100 },
      ...(course.fromReminder
        ? { enteredVia: 'reminder' as const, fromReminderOn: addDays(asOf, -course.daysBeforeAsOf) }
        : {}),
    }));
    const snoozeOn = input.snooze === undefined ? null : addDays(asOf, input.snooze.after);
    const snooze =
      input.snooze === undefined || snoozeOn === null
        ? null
        : {
            on: snoozeOn,
            until: input.snooze.length === '2-weeks' ? addDays(snoozeOn, 14) : addMonths(snoozeOn, 1),
          };
    const settings: ReminderSettings = {
      cadence: input.cadence,
      snoozes: snooze === null ? [] : [{ code, expiresOn, ...snooze }],
    };
    return { profile: { credentials, activities }, code, expiresOn, asOf, settings, snooze };
  });

function certificationOf(evaluation: { certifications: readonly CertificationEvaluation[] }): CertificationEvaluation {
  const [certification] = evaluation.certifications;
  if (certification === undefined) throw new Error('no certification evaluated');
  return certification;
}

/** Days from `from` to `to`, both included. */
function* daysFrom(from: string, to: string): Generator<string> {
  for (let day = from; day <= to; day = addDays(day, 1)) yield day;
}

interface Simulated {
  /** Day → milestone sent that day. */
  readonly sends: ReadonlyMap<string, string>;
}

/**
 * The daily run over one certification, as the due index drives it: the trainer is read only on or after the day
 * `nextReminderOn` said, and the date is computed again after each send. Fails on a read that finds nothing due (a
 * wasted read: the index was not exact) and on a day something was due while the index pointed later (a miss).
 */
function simulate(milestones: readonly ReminderMilestone[], hold: SnoozeHold | null, from: string, to: string) {
  const sent = new Set<string>();
  const sends = new Map<string, string>();
  let next = nextReminderOn(milestones, from, sent, hold);
  for (const day of daysFrom(from, to)) {
    const pending = pendingMilestone(milestones, day, sent, hold);
    if (next !== null && next <= day) {
      expect(pending, `read on ${day} found nothing due`).toBeDefined();
      if (pending === undefined) break;
      sent.add(pending.id);
      sends.set(day, pending.id);
      next = nextReminderOn(milestones, day, sent, hold);
      expect(next === null || next > day).toBe(true);
    } else {
      expect(pending, `${pending?.id} due on ${day} but the index said ${next}`).toBeUndefined();
    }
  }
  return { sends } satisfies Simulated;
}

describe('the adaptive cadence, on generated records', () => {
  it('gives every record unique milestone ids in date order, with countdowns only before expiry (after finishBy only the expiry countdown)', () => {
    fc.assert(
      fc.property(generatedArb, ({ profile, asOf, settings }) => {
        const certification = certificationOf(evaluate(profile, asOf, settings));
        const { milestones } = certification;
        expect(new Set(milestones.map((m) => m.id)).size).toBe(milestones.length);
        for (let index = 1; index < milestones.length; index += 1) {
          expect(milestones[index - 1]!.on <= milestones[index]!.on).toBe(true);
        }
        for (const milestone of milestones.filter((m) => m.kind === 'countdown')) {
          if (milestone.on >= certification.deadlines.finishBy) expect(milestone.id).toMatch(/^expiry-\d+$/);
          expect(milestone.on < certification.expiresOn).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('keeps the 7-day reminder before finishBy while requirements are unmet, whatever the pace or choice', () => {
    fc.assert(
      fc.property(generatedArb, ({ profile, asOf, settings }) => {
        const certification = certificationOf(evaluate(profile, asOf, settings));
        const lastWeek = addDays(certification.deadlines.finishBy, -7);
        if (certification.requirementsMet || lastWeek < certification.cycleStartsOn) return;
        expect(certification.milestones).toContainEqual(
          expect.objectContaining({ id: 'countdown-7', on: lastWeek, kind: 'countdown' }),
        );
      }),
      RUNS,
    );
  });

  it('the on-track cadence is part of the behind one, and the essentials part of the on-track one', () => {
    fc.assert(
      fc.property(generatedArb, ({ code, expiresOn, asOf }) => {
        const claim: CredentialClaim = { code, earnedOn: '2015-01-01', expiresOn };
        const body = CERTIFICATIONS.find((row) => row.code === code)?.body ?? 'NASM';
        const acted: Activity = {
          title: 'From a reminder',
          completedOn: addDays(asOf, -1),
          units: { [body]: 0.01 },
          enteredVia: 'reminder',
          fromReminderOn: addDays(asOf, -1),
        };
        const ids = (profile: TrainerProfile, cadence: ReminderSettings['cadence']) =>
          certificationOf(evaluate(profile, asOf, { cadence, snoozes: [] })).milestones.map((m) => m.id);
        const behind = ids({ credentials: [claim], activities: [] }, 'adaptive');
        const onTrack = ids({ credentials: [claim], activities: [acted] }, 'adaptive');
        const essentials = ids({ credentials: [claim], activities: [] }, 'essentials');
        if (onTrack.includes('ready')) return; // a hundredth met the requirement: not a countdown any more
        expect(behind).toEqual(expect.arrayContaining(onTrack));
        expect(onTrack).toEqual(expect.arrayContaining(essentials));
      }),
      RUNS,
    );
  });

  it('does not change as the days pass until the record changes (so the due index stays exact)', () => {
    fc.assert(
      fc.property(generatedArb, fc.integer({ min: 1, max: 400 }), ({ profile, asOf, settings }, later) => {
        const first = certificationOf(evaluate(profile, asOf, settings));
        const laterDay = addDays(asOf, later);
        // Before expiry only: after it, whether a card is "current" is read on the day (a rule older than paces).
        if (laterDay > first.expiresOn) return;
        expect(certificationOf(evaluate(profile, laterDay, settings)).milestones).toEqual(first.milestones);
      }),
      RUNS,
    );
  });
});

describe('the daily run over the cadence, with or without a snooze', () => {
  it('reads a trainer only on a day something is due, and never leaves a due reminder unsent', () => {
    fc.assert(
      fc.property(generatedArb, ({ profile, asOf, settings, expiresOn }) => {
        const certification = certificationOf(evaluate(profile, asOf, settings));
        const hold = certification.snoozed;
        simulate(certification.milestones, hold, asOf, addDays(expiresOn, 400));
      }),
      RUNS,
    );
  });

  it('a snooze never skips the last week before finishBy or the expiry notice: each is sent on its day', () => {
    fc.assert(
      fc.property(generatedArb, ({ profile, asOf, settings, expiresOn, snooze }) => {
        if (snooze === null) return;
        const certification = certificationOf(evaluate(profile, asOf, settings));
        const { milestones } = certification;
        const { sends } = simulate(milestones, certification.snoozed, asOf, addDays(expiresOn, 400));
        for (const id of protectedMilestoneIds(milestones)) {
          const milestone = milestones.find((m) => m.id === id);
          if (milestone === undefined || milestone.on <= asOf) continue;
          expect(sends.get(milestone.on), `${id} of ${milestone.on}`).toBe(id);
        }
      }),
      RUNS,
    );
  });

  it('a snooze sends nothing unprotected before its end, and moves the next reminder at most to its end', () => {
    fc.assert(
      fc.property(generatedArb, ({ profile, asOf, settings, expiresOn, snooze }) => {
        if (snooze === null) return;
        const certification = certificationOf(evaluate(profile, asOf, settings));
        const { milestones, snoozed } = certification;
        if (snoozed === null) return;
        const protectedIds = protectedMilestoneIds(milestones);
        const { sends } = simulate(milestones, snoozed, asOf, addDays(expiresOn, 400));
        for (const [day, id] of sends) {
          if (day >= snoozed.from && day < snoozed.until) expect(protectedIds.has(id), `${id} on ${day}`).toBe(true);
        }
        expect(snoozed.until <= snooze.until).toBe(true);
      }),
      RUNS,
    );
  });

  it('sends at most one reminder per credential per day (the run merges them into one email)', () => {
    fc.assert(
      fc.property(generatedArb, fc.integer({ min: 0, max: 800 }), ({ profile, asOf, settings }, after) => {
        const day = addDays(asOf, after);
        const due = dueReminders(evaluate(profile, day, settings), day, new Set());
        const credentials = due.map((reminder) => reminder.evaluation.code);
        expect(new Set(credentials).size).toBe(credentials.length);
      }),
      RUNS,
    );
  });
});
