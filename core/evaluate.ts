/**
 * `evaluate(profile, asOf)`: where each certification a trainer holds stands on `asOf`, and what to do next. Every
 * body-specific rule is read from the catalog; this file only composes the steps:
 * cycle → credits and progress → phase → advice → reminders (the trainer's pace, cadence choice and snoozes).
 */

import { missingRequirements, recommend } from './advice.js';
import { fromDayNumber, toDayNumber } from './calendar-date.js';
import { DEFAULT_REMINDER_SETTINGS } from './catalog/reminder-policy.js';
import { cycleOf } from './cycle.js';
import { phaseKindOf, phaseOf, statusOf, type Timeline, timelineOf } from './phase.js';
import { type HeldCertification, type ReadProfile, readProfile } from './profile.js';
import { type Progress, progressOf } from './progress.js';
import { certificationMilestones, nextReminderOn, prerequisiteMilestones } from './reminder-milestones.js';
import { type PaceFacts, reminderPaceOn } from './reminder-pace.js';
import { latestSnooze, snoozeHold } from './reminder-snooze.js';
import type {
  CalendarDate,
  CertificationEvaluation,
  Deadlines,
  Evaluation,
  PrerequisiteEvaluation,
  ReminderSettings,
  TrainerProfile,
} from './types.js';
import { fromHundredths } from './units.js';
import { duplicateNotice } from './wording.js';

const NOTHING_SENT: ReadonlySet<string> = new Set();

/** The older flat deadlines object (kept for API readers): every date the body's rules give, phase or not. */
function allDeadlines(held: HeldCertification, timeline: Timeline): Deadlines {
  const { afterExpiry } = held.entry;
  const { expiresDay, renewalEndDay, ceEndDay, reinstateEndDay } = timeline;
  const deadlines: { -readonly [K in keyof Deadlines]: Deadlines[K] } = {
    finishBy: fromDayNumber(timeline.finishByDay),
    expiresOn: held.expiresOn,
  };
  if (renewalEndDay !== null && renewalEndDay > expiresDay) deadlines.graceEndsOn = fromDayNumber(renewalEndDay);
  if (afterExpiry.lateCe !== null && ceEndDay > expiresDay) deadlines.lateCeBy = fromDayNumber(ceEndDay);
  if (reinstateEndDay !== null) deadlines.reinstateBy = fromDayNumber(reinstateEndDay);
  if (afterExpiry.lateFees !== 'unknown' && afterExpiry.lateFees.length > 0) deadlines.lateFees = afterExpiry.lateFees;
  return deadlines;
}

/** A recommended action is logged: a course from a reminder's "I completed …" link, or a specialization, counted. */
function actedOnAdvice(progress: Progress, profile: ReadProfile): boolean {
  for (const line of progress.credits.lines) {
    if (line.counted <= 0) continue;
    if (line.source === 'specialization') return true;
    for (const read of profile.activities) {
      if (read.index === line.activityIndex && read.activity.enteredVia === 'reminder') return true;
    }
  }
  return false;
}

function evaluateCertification(
  held: HeldCertification,
  profile: ReadProfile,
  reminders: ReminderSettings,
): CertificationEvaluation {
  const { entry, claim, expiresOn } = held;
  const { asOfDay } = profile;
  const cycle = cycleOf(entry, expiresOn, claim.earnedOn);
  const timeline = timelineOf(entry, cycle);
  const window = { firstDay: cycle.startDay, lastDay: timeline.ceEndDay, asOfDay };
  const progress = progressOf(entry, cycle, profile, window, timeline.finishByDay);
  const kind = phaseKindOf(timeline, progress, asOfDay);
  const advice = { entry, cycle, progress, timeline, phase: kind, profile };
  const renewalEnd = timeline.renewalEndDay;
  const pace: PaceFacts = {
    startDay: cycle.startDay,
    finishByDay: timeline.finishByDay,
    earned: progress.earned,
    required: progress.required,
    actedOnAdvice: actedOnAdvice(progress, profile),
  };
  const milestones = certificationMilestones({
    startDay: cycle.startDay,
    finishByDay: timeline.finishByDay,
    expiresDay: cycle.expiresDay,
    readyDay: progress.readyDay,
    lastRenewableDay:
      renewalEnd === null ? null : progress.ceMet ? renewalEnd : Math.min(renewalEnd, timeline.ceEndDay),
    cadence: reminders.cadence,
    pace,
  });
  const hold = snoozeHold(milestones, latestSnooze(reminders.snoozes, entry.code, expiresOn));
  const asOf = fromDayNumber(asOfDay);
  const snoozed = hold !== null && hold.until > asOf ? hold : null;
  return {
    code: entry.code,
    name: entry.name,
    body: entry.body,
    unit: entry.unit,
    status: statusOf(kind),
    cycleStartsOn: fromDayNumber(cycle.startDay),
    expiresOn,
    unitsRequired: fromHundredths(progress.required),
    unitsEarned: fromHundredths(progress.earned),
    unitsRemaining: fromHundredths(progress.remaining),
    requirementsMet: progress.met,
    missing: missingRequirements(advice),
    recommendations: recommend(advice),
    deadlines: allDeadlines(held, timeline),
    milestones,
    nextReminderOn: nextReminderOn(milestones, asOf, NOTHING_SENT, snoozed),
    reminderPace: reminderPaceOn(asOfDay, progress.met, pace),
    snoozed,
    phase: phaseOf(kind, entry, timeline, progress, asOfDay),
    credits: progress.credits.lines,
    confidence: entry.confidence,
    rulesPage: entry.rulesPage,
  };
}

/** The CPR/AED card and the certifications that need it; a card nothing needs is listed but never reminded about. */
function evaluateCard(profile: ReadProfile, requiredBy: readonly string[]): PrerequisiteEvaluation[] {
  const { card, asOfDay } = profile;
  if (card === null) return [];
  const milestones = requiredBy.length === 0 ? [] : prerequisiteMilestones(card.expiresDay);
  return [
    {
      code: card.code,
      name: card.name,
      status: card.expiresDay < asOfDay ? 'expired' : 'current',
      expiresOn: fromDayNumber(card.expiresDay),
      requiredBy: [...requiredBy],
      milestones,
      nextReminderOn: nextReminderOn(milestones, fromDayNumber(asOfDay), NOTHING_SENT),
    },
  ];
}

function earliest(dates: readonly (CalendarDate | null)[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>(
    (first, date) => (date !== null && (first === null || date < first) ? date : first),
    null,
  );
}

function duplicateNotices(profile: ReadProfile): string[] {
  return profile.activities
    .filter((read) => read.duplicate)
    .map((read) => duplicateNotice(read.activity.title, read.day));
}

/**
 * Evaluates every certification in `trainer` on `asOf`. Input must already be validated (real dates, catalog
 * codes, expiry on certifications and cards); an unknown code throws {@link InvalidProfileError}. `reminders`: the
 * trainer's cadence choice and snoozes (the reminder milestones and next reminder follow them).
 */
export function evaluate(
  trainer: TrainerProfile,
  asOf: CalendarDate,
  reminders: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): Evaluation {
  const profile = readProfile(trainer, toDayNumber(asOf));
  const certifications = profile.certifications.map((held) => evaluateCertification(held, profile, reminders));
  const needingCard = profile.certifications.filter((held) => held.entry.requirement.cprRequired);
  const requiredBy = [...new Set(needingCard.map((held) => held.entry.code))];
  const prerequisites = evaluateCard(profile, requiredBy);
  return {
    asOf,
    certifications,
    prerequisites,
    nextReminderOn: earliest([...certifications, ...prerequisites].map((credential) => credential.nextReminderOn)),
    notices: duplicateNotices(profile),
  };
}
