/**
 * What a third party may see of a trainer (ADR 0031, ADR 0033): their name, each certification's code, name, phase and
 * expiry, and whether their CPR/AED card is current. A share link shows it for the certifications the trainer chose;
 * a team roster shows it for every certification of a member who accepted. One projection, so the two never show
 * more than the other, and never the address, courses, credits, advice, fees or the card's dates. The projection is core's
 * (core/shared-view.ts), so the record seam's status-change events (ADR 0035) reuse it as well.
 */
export {
  SHARED_PHASE,
  type SharedCertification,
  type SharedPhase,
  type SharedStatus,
  type SharedView,
  sharedView,
} from '../../core/index.js';
