/**
 * The only public surface of `core`. Everything outside `core/` imports from here.
 * The rules behind the catalog, with their sources: docs/rules/ (one page per body).
 */

/** Where a trainer entered a course themselves (sign-up, status page, a reminder's action link). */
export { ENTRY_SOURCES, type EntrySource } from './body-codes.js';
/** `YYYY-MM-DD` date helpers (no time zones: bodies print dates, not instants). */
export {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  formatLongDate,
  isCalendarDate,
} from './calendar-date.js';
/** Catalog lookups and listing (`recert catalog`, `GET /api/catalog`). */
export {
  ACTIVITY_CATEGORIES,
  type ActivityCategory,
  BODY_CODES,
  type CatalogEntry,
  type CatalogListing,
  type CertificationEntry,
  type Confidence,
  CPR_AED_CODE,
  type CredentialKind,
  DEFAULT_REMINDER_SETTINGS,
  findCredential,
  GENERIC_ACTIONS,
  listCatalog,
  type PrerequisiteEntry,
  REMINDER_CADENCES,
  REMINDER_POLICY,
  type ReminderPolicy,
  SNOOZE_LENGTHS,
  type SpecializationEntry,
} from './catalog/index.js';
/** For calendar-fixed certifications (NSCA): the period end an expiry should be, when it is not one. */
export { expectedPeriodEnd } from './cycle.js';
/** Raised when `evaluate` receives input that skipped validation (unknown code, missing expiry). */
export { InvalidProfileError } from './errors.js';
/** Evaluates a trainer's certifications on a given day (phase, units, advice, deadlines, reminders). */
export { evaluate } from './evaluate.js';
/** Credits a course provider records: added once, however often they arrive. */
export { type CompletionCredit, withCredit, withCredits } from './profile-credit.js';
/**
 * Reminder cadence helpers. Catch-up sends only the latest passed milestone (never a countdown after expiry). The
 * cadence follows the trainer's pace (REMINDER_POLICY): on track 90/30/7 days before finishBy, behind
 * 180/90/60/30/14/7/1 plus a monthly nudge from a year before, met one "ready" nudge, or the essentials 30/7.
 */
export {
  COUNTDOWN_DAYS,
  CPR_NOTICE_DAYS,
  type DueReminder,
  dueReminders,
  GRACE_NOTICE_DAYS,
  nextReminderOn,
  pendingMilestone,
  reminderKey,
} from './reminder-milestones.js';
/** Snoozes: what a snooze never holds back (the last week before finishBy, the expiry notice) and where it ends. */
export { protectedMilestoneIds, type SnoozeEnd, snoozeUntil } from './reminder-snooze.js';
/** What a third party may see of a trainer (share link, roster, status-change events) and how it changed. */
export {
  SHARED_PHASE,
  type SharedCertification,
  type SharedPhase,
  type SharedStatus,
  type SharedView,
  sharedView,
} from './shared-view.js';
export {
  type PublishedStatus,
  publishedStatusOf,
  type StatusChange,
  statusChanges,
} from './status-change.js';
export type * from './types.js';
/** Exact units as integer hundredths (0.5 + 0.7 + 0.7 + 0.1 = 2.0). */
export { formatAmount, fromHundredths, hasAtMostTwoDecimals, toHundredths } from './units.js';
/** The label beside each kind of date (page, emails, calendar file): declared once so they never drift apart. */
export { DEADLINE_LABELS, PASSED_EXPIRY_LABEL } from './wording.js';
