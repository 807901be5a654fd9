/**
 * The only public surface of `core`. Everything outside `core/` imports from here.
 * Facts behind the rules: /work/shared/domain/certification-rules.md (each catalog entry cites its sources).
 */

/** `YYYY-MM-DD` date helpers (no time zones: bodies print dates, not instants). */
export {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  formatLongDate,
  isCalendarDate,
} from './calendar-date.js';
/** Catalog lookups and listing (`recert catalog`, `GET /api/catalog`). Source: certification-rules.md §0–§7. */
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
  findCredential,
  GENERIC_ACTIONS,
  listCatalog,
  type PrerequisiteEntry,
  type SpecializationEntry,
} from './catalog.js';
/** Raised when `evaluate` receives input that skipped validation (unknown code, missing expiry). */
export { InvalidProfileError } from './errors.js';
/** Evaluates a trainer's certifications on a given day (status, units, advice, deadlines, reminders). Source: issue 2. */
export { evaluate } from './evaluate.js';
/**
 * Reminder cadence helpers. Catch-up sends only the latest passed milestone (never a countdown after expiry).
 * Source: issue 2, default cadence 180/90/60/30/14/7/1 days before finishBy.
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
export type * from './types.js';
/** Exact units as integer hundredths (0.5 + 0.7 + 0.7 + 0.1 = 2.0). Source: issue 2. */
export { formatUnits, fromHundredths, hasAtMostTwoDecimals, toHundredths } from './units.js';
