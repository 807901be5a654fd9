/**
 * Units of credit as integer hundredths. Every body publishes its values with at most two decimals (1.9 CEU,
 * 0.1 CEU, 45 CECs), so hundredths are exact and sums never drift: 0.5 + 0.7 + 0.7 + 0.1 is exactly 2.0.
 */
import type { Hundredths } from './types.js';

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

/**
 * An amount as the bodies print it, given the size of the requirement it counts toward: NASM and ACE count in
 * tenths (`2.0 CEUs`), ACSM and ISSA in whole numbers (`45 CECs`). Requirements under 10 units show at least one
 * decimal so `2` reads as `2.0`, matching the certificate.
 */
export function formatAmount(value: number, scale: number): string {
  const decimals = Math.max(scale < 10 ? 1 : 0, fractionDigits(value));
  return value.toFixed(Math.min(decimals, 2));
}

function fractionDigits(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  if (Number.isInteger(rounded)) return 0;
  // Compare after rounding: 0.3 * 10 is 3.0000000000000004 in binary floating point.
  return Math.abs(rounded * 10 - Math.round(rounded * 10)) < 1e-9 ? 1 : 2;
}
