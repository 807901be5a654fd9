import { formatAmount } from '../../../core/index.js';

export { formatAmount };

/** `CEU` → `CEUs`, `CE hour` → `CE hours`; singular only for exactly one. */
export function pluralUnit(unit: string, value: number): string {
  return value === 1 ? unit : `${unit}s`;
}

/** `0.1 of 2.0 CEUs`. */
export function progressPhrase(earned: number, required: number, unit: string): string {
  return `${formatAmount(earned, required)} of ${formatAmount(required, required)} ${pluralUnit(unit, required)}`;
}

/** `1.9 CEUs` for an amount counted against a requirement of the given size. */
export function amountPhrase(value: number, scaleOf: number, unit: string): string {
  return `${formatAmount(value, scaleOf)} ${pluralUnit(unit, value)}`;
}
