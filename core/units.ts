/**
 * Units of credit as integer hundredths. Every body publishes its values with at most two decimals (1.9 CEU,
 * 0.1 CEU, 45 CECs), so hundredths are exact and sums never drift: 0.5 + 0.7 + 0.7 + 0.1 is exactly 2.0.
 */
import type { BodyCode, Hundredths } from './types.js';

/** The amount in hundredths; callers validate first with {@link hasAtMostTwoDecimals}. 0.7 → 70. */
export function toHundredths(units: number): Hundredths {
  return Math.round(units * 100);
}

/** True for finite numbers with at most two decimals (1.25 yes, 1.255 no), tolerant of binary noise. */
export function hasAtMostTwoDecimals(units: number): boolean {
  if (!Number.isFinite(units)) return false;
  const scaled = units * 100;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, Math.abs(scaled));
}

/** Hundredths back to a plain number rounded to 2 decimals, for JSON output: 190 → 1.9, 200 → 2. */
export function fromHundredths(hundredths: Hundredths): number {
  return Math.round(hundredths) / 100;
}

/** Hundredths as text for people, no trailing zeros: 190 → `1.9`, 200 → `2`, 5 → `0.05`. */
export function formatUnits(hundredths: Hundredths): string {
  if (hundredths >= 0 && hundredths < CACHED_UNITS && Number.isInteger(hundredths)) {
    const cached = formattedUnits[hundredths]!;
    if (cached !== '') return cached;
    const text = String(fromHundredths(hundredths));
    formattedUnits[hundredths] = text;
    return text;
  }
  return String(fromHundredths(hundredths));
}

// Messages print the same few amounts over and over; number-to-string is the slow part.
const CACHED_UNITS = 20_000;
const formattedUnits: string[] = Array.from({ length: CACHED_UNITS }, () => '');

/**
 * `units[body]`, read through a named property per body: activities carry every mix of bodies, so each mix is its
 * own object shape and one keyed load site sees them all (a megamorphic lookup, the slowest property read on the
 * evaluator's hot path); a named load per body stays fast.
 */
export function approvedUnits(units: Readonly<Partial<Record<BodyCode, number>>>, body: BodyCode): number | undefined {
  switch (body) {
    case 'NASM':
      return units.NASM;
    case 'ACE':
      return units.ACE;
    case 'ACSM':
      return units.ACSM;
    case 'NSCA':
      return units.NSCA;
    case 'ISSA':
      return units.ISSA;
    case 'NCSF':
      return units.NCSF;
    case 'NCCPT':
      return units.NCCPT;
    default:
      return units[body];
  }
}
