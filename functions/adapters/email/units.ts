/**
 * Unit amounts as the bodies print them: NASM and ACE count in tenths (`2.0 CEUs`), ACSM and ISSA in whole
 * numbers (`45 CECs`). Small totals get one decimal so `2` reads as `2.0`, matching the certificate.
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
