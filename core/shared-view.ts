/**
 * What a third party may see of a trainer (ADR 0031, ADR 0033): their name, each certification's code, name, phase and
 * expiry, and whether their CPR/AED card is current. A share link shows it for the certifications the trainer chose;
 * a team roster shows it for every certification of a member who accepted. One projection, so the two never show
 * more than the other, and never the address, courses, credits, advice, fees or the card's dates. It is core's (pure)
 * so the status-change events the record seam publishes (ADR 0035) reuse it too.
 */
import { CPR_AED_CODE } from './catalog/cpr-aed.js';
import type { CalendarDate, CertificationStatus, Evaluation } from './types.js';

/** core's three-word status as a verifier reads it (`active` / `grace` / `lapsed`): the JSON's `phase`. */
export type SharedPhase = 'current' | 'late-window' | 'lapsed';

export interface SharedCertification {
  readonly code: string;
  readonly name: string;
  readonly phase: SharedPhase;
  readonly expiresOn: CalendarDate;
}

/** The trainer as a third party sees them, on the day (UTC) the phases were worked out for. */
export interface SharedView {
  readonly name: string;
  /** The day (UTC) the phases were worked out for: today. */
  readonly asOf: CalendarDate;
  readonly certifications: readonly SharedCertification[];
  readonly cprAed: { readonly current: boolean };
}

/** What a link shows, the same for the page and for `Accept: application/json`. */
export interface SharedStatus extends SharedView {
  /** The last day (UTC) the link works, or null: until the trainer turns it off. */
  readonly linkExpiresOn: CalendarDate | null;
}

/**
 * core's status of a certification, as a verifier reads it. The status page and every third-party view render the
 * same evaluation, so they never disagree about where a certification stands.
 */
export const SHARED_PHASE: Readonly<Record<CertificationStatus, SharedPhase>> = {
  active: 'current',
  grace: 'late-window',
  lapsed: 'lapsed',
};

/**
 * The projection of one evaluation: every certification, or only the `chosen` codes (a share link's), in the
 * evaluation's order. The CPR/AED card says current or not, nothing more.
 */
export function sharedView(name: string, evaluation: Evaluation, chosen?: readonly string[]): SharedView {
  const shown = chosen === undefined ? undefined : new Set(chosen);
  return {
    name,
    asOf: evaluation.asOf,
    certifications: evaluation.certifications
      .filter((cert) => shown === undefined || shown.has(cert.code))
      .map((cert) => ({
        code: cert.code,
        name: cert.name,
        phase: SHARED_PHASE[cert.status],
        expiresOn: cert.expiresOn,
      })),
    cprAed: {
      current: evaluation.prerequisites.some((card) => card.code === CPR_AED_CODE && card.status === 'current'),
    },
  };
}
