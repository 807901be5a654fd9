/**
 * How a member's shared status changed between the last one a team's endpoints were told and today's (ADR 0035).
 * Only what the share link shows counts: each certification's phase and expiry and whether the CPR/AED card is
 * current. The name, the catalog's wording and the day of the evaluation are not a change.
 */
import type { SharedPhase, SharedView } from './shared-view.js';
import type { CalendarDate } from './types.js';

/** What was last published about a member: the comparable part of a SharedView. */
export interface PublishedStatus {
  readonly certifications: readonly {
    readonly code: string;
    readonly phase: SharedPhase;
    readonly expiresOn: CalendarDate;
  }[];
  readonly cprAed: { readonly current: boolean };
}

export type StatusChange =
  /** `from` is null for a certification the team had not heard of (new on the record, or the first report). */
  | {
      readonly kind: 'phase-changed';
      readonly code: string;
      readonly from: SharedPhase | null;
      readonly to: SharedPhase;
    }
  | { readonly kind: 'expiry-changed'; readonly code: string; readonly from: CalendarDate; readonly to: CalendarDate }
  | { readonly kind: 'certification-removed'; readonly code: string }
  | { readonly kind: 'cpr-aed-lapsed' }
  | { readonly kind: 'cpr-aed-renewed' };

export function publishedStatusOf(view: SharedView): PublishedStatus {
  return {
    certifications: view.certifications.map(({ code, phase, expiresOn }) => ({ code, phase, expiresOn })),
    cprAed: { current: view.cprAed.current },
  };
}

/**
 * The changes from `before` (undefined: nothing published yet) to `after`, in the certifications' order, then the
 * removed ones, then the card. Empty: nothing to tell. A first report names every certification (from null) and the
 * card only when it is not current, which is the one state a team must act on.
 */
export function statusChanges(before: PublishedStatus | undefined, after: PublishedStatus): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const cert of after.certifications) {
    const previous = before?.certifications.find((held) => held.code === cert.code);
    if (previous?.phase !== cert.phase) {
      changes.push({ kind: 'phase-changed', code: cert.code, from: previous?.phase ?? null, to: cert.phase });
    }
    if (previous !== undefined && previous.expiresOn !== cert.expiresOn) {
      changes.push({ kind: 'expiry-changed', code: cert.code, from: previous.expiresOn, to: cert.expiresOn });
    }
  }
  for (const previous of before?.certifications ?? []) {
    if (!after.certifications.some((cert) => cert.code === previous.code)) {
      changes.push({ kind: 'certification-removed', code: previous.code });
    }
  }
  const wasCurrent = before?.cprAed.current;
  if (wasCurrent !== after.cprAed.current && !(wasCurrent === undefined && after.cprAed.current)) {
    changes.push({ kind: after.cprAed.current ? 'cpr-aed-renewed' : 'cpr-aed-lapsed' });
  }
  return changes;
}
