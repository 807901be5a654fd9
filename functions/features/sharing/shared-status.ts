import { addDays, type CalendarDate } from '../../../core/index.js';
import type { ShareLink } from '../../adapters/dynamodb/share-link-repository.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { SHARED_PHASE, type SharedPhase, type SharedStatus, sharedView } from '../../pages/shared-status.js';
import { calendarDateAt, evaluateWithSent } from '../../record/next-reminder.js';

// The projection itself is shared with the team roster (pages/shared-status.ts): a manager sees what a link shows.
export type { SharedPhase, SharedStatus };
export { SHARED_PHASE };

/**
 * A link works through the whole of its last day (UTC): "30 days" from 21 Nov 2026 is until the end of 21 Dec 2026,
 * so the date the page shows is exact.
 */
export function validUntilOf(now: Date, days: number): Date {
  return new Date(`${addDays(calendarDateAt(now), days)}T23:59:59.999Z`);
}

/** The last day a link works (UTC), or null: until it is turned off. */
export function lastDayOf(link: Pick<ShareLink, 'validUntil'>): CalendarDate | null {
  return link.validUntil === undefined ? null : link.validUntil.slice(0, 10);
}

/** The certification codes the trainer may share: those core evaluates (certifications, not cards or specializations). */
export function shareableCodes(trainer: TrainerRecord, now: Date): string[] {
  return evaluateWithSent(trainer.profile, calendarDateAt(now), trainer.remindersSent).certifications.map(
    (cert) => cert.code,
  );
}

/**
 * What a link shows today: the name, each chosen certification the record still holds (one removed from the record
 * drops out of every link at once), and whether the CPR/AED card is current. Never the address, courses or advice.
 */
export function sharedStatus(trainer: TrainerRecord, link: ShareLink, now: Date): SharedStatus {
  const evaluation = evaluateWithSent(trainer.profile, calendarDateAt(now), trainer.remindersSent);
  return { ...sharedView(trainer.name, evaluation, link.codes), linkExpiresOn: lastDayOf(link) };
}
