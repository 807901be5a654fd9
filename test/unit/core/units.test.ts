import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, fromHundredths, hasAtMostTwoDecimals, toHundredths } from '../../../core/units.js';

describe('units as exact hundredths', () => {
  it('adds 0.5 + 0.7 + 0.7 + 0.1 to exactly 2.0', () => {
    const total = [0.5, 0.7, 0.7, 0.1].map(toHundredths).reduce((sum, units) => sum + units, 0);
    expect(total).toBe(200);
    expect(fromHundredths(total)).toBe(2);
  });

  it('adds 0.1 + 0.2 to exactly 0.3, where floating point drifts', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromHundredths(toHundredths(0.1) + toHundredths(0.2))).toBe(0.3);
  });

  it.each([
    [1.9, 190],
    [0.1, 10],
    [0.07, 7],
    [45, 4500],
    [0.29, 29],
    [1.15, 115],
  ])('%d is %i hundredths', (units, hundredths) => {
    expect(toHundredths(units)).toBe(hundredths);
    expect(fromHundredths(hundredths)).toBe(units);
  });

  it.each([
    [1.25, true],
    [0.1, true],
    [2, true],
    [1.255, false],
    [0.333, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%d has at most two decimals: %s', (units, expected) => {
    expect(hasAtMostTwoDecimals(units)).toBe(expected);
  });

  it('prints amounts as the body prints them: tenths for small requirements, whole numbers for large ones', () => {
    expect(formatAmount(2, 2)).toBe('2.0');
    expect(formatAmount(1.9, 2)).toBe('1.9');
    expect(formatAmount(0.05, 2)).toBe('0.05');
    expect(formatAmount(45, 45)).toBe('45');
    expect(formatAmount(12.5, 20)).toBe('12.5');
  });

  it('sums any list of two-decimal amounts exactly', () => {
    const cents = fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 50 });
    fc.assert(
      fc.property(cents, (values) => {
        const asUnits = values.map((value) => Number((value / 100).toFixed(2)));
        const total = asUnits.map(toHundredths).reduce((sum, units) => sum + units, 0);
        expect(total).toBe(values.reduce((sum, value) => sum + value, 0));
      }),
    );
  });
});
