import { type CalendarDate, daysBetween } from '../../../core/index.js';
import type { Team } from '../../adapters/dynamodb/team-repository.js';
import type { TeamRoster } from '../../adapters/dynamodb/team-roster-repository.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type SharedView, sharedView } from '../../pages/shared-status.js';
import type { AttentionReason, RosterEntry, RosterSort } from '../../pages/team-page.js';
import { calendarDateAt, evaluateTrainer } from '../../record/next-reminder.js';
import type { Dependencies } from '../../wiring/dependencies.js';

/** A certification still current but expiring within this many days needs the manager's attention. */
export const EXPIRING_SOON_DAYS = 60;

/**
 * What needs the manager's attention, from the share-link fields alone: a certification lapsed or in its late-renewal
 * window, one expiring within EXPIRING_SOON_DAYS, a CPR/AED card not current. Empty: up to date.
 */
export function attentionOf(view: SharedView): AttentionReason[] {
  const reasons: AttentionReason[] = view.certifications.flatMap((cert): AttentionReason[] => {
    if (cert.phase === 'lapsed') return [{ kind: 'lapsed', code: cert.code, expiresOn: cert.expiresOn }];
    if (cert.phase === 'late-window') return [{ kind: 'late-window', code: cert.code, expiresOn: cert.expiresOn }];
    const days = daysBetween(view.asOf, cert.expiresOn);
    return days <= EXPIRING_SOON_DAYS ? [{ kind: 'expiring', code: cert.code, expiresOn: cert.expiresOn, days }] : [];
  });
  return view.cprAed.current ? reasons : [...reasons, { kind: 'cpr-not-current' }];
}

/** The member's earliest expiry; one without a certification sorts after everyone. */
const earliestExpiry = (entry: RosterEntry): CalendarDate =>
  entry.certifications.reduce<CalendarDate>((min, cert) => (cert.expiresOn < min ? cert.expiresOn : min), '9999-12-31');

const byName = (a: RosterEntry, b: RosterEntry) =>
  a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.memberRef.localeCompare(b.memberRef);

const COMPARE: Readonly<Record<RosterSort, (a: RosterEntry, b: RosterEntry) => number>> = {
  expiry: (a, b) => earliestExpiry(a).localeCompare(earliestExpiry(b)) || byName(a, b),
  name: byName,
};

/** "Needs attention" first, then up to date; each group in the chosen order. */
export function sortRoster(entries: readonly RosterEntry[], sort: RosterSort): RosterEntry[] {
  const needs = (entry: RosterEntry) => (entry.attention.length > 0 ? 0 : 1);
  return [...entries].sort((a, b) => needs(a) - needs(b) || COMPARE[sort](a, b));
}

/** One member as the manager sees them: the share-link projection of today's evaluation, and its attention. */
export function rosterEntry(trainer: TrainerRecord, memberRef: string, now: Date): RosterEntry {
  const view = sharedView(trainer.name, evaluateTrainer(trainer, calendarDateAt(now)));
  return { ...view, memberRef, attention: attentionOf(view) };
}

/** Members read per batch: the roster reads each member's record by key, a bounded burst at a time. */
const READ_CONCURRENCY = 25;

export interface LoadedRoster extends TeamRoster {
  readonly asOf: CalendarDate;
  /** The members who accepted, as the manager sees them, in `sort` order. */
  readonly entries: readonly RosterEntry[];
}

/**
 * The team's roster today: its partition (members, invitations, departures) and each member's record, read live so
 * the manager sees what a share link would show now. A member whose record is gone (an erasure racing an accept) is
 * left out.
 */
export async function loadRoster(deps: Dependencies, team: Team, sort: RosterSort, now: Date): Promise<LoadedRoster> {
  const roster = await deps.repositories.teamRosters.rosterOf(team.teamId, now);
  const entries: RosterEntry[] = [];
  for (let i = 0; i < roster.members.length; i += READ_CONCURRENCY) {
    const batch = roster.members.slice(i, i + READ_CONCURRENCY);
    const trainers = await Promise.all(batch.map((member) => deps.repositories.trainers.get(member.trainerId)));
    batch.forEach((member, index) => {
      const trainer = trainers[index];
      if (trainer) entries.push(rosterEntry(trainer, member.memberRef, now));
    });
  }
  return { ...roster, asOf: calendarDateAt(now), entries: sortRoster(entries, sort) };
}
