import { describe, expect, it } from 'vitest';
import { canonicalMailbox } from '../../../../../functions/adapters/dynamodb/address-variants.js';

describe('canonicalMailbox: which spellings share one per-address limit', () => {
  it.each([
    ['case and surrounding spaces', '  Sam.Lee@Example.COM ', 'sam.lee@example.com'],
    ['a +tag, on any domain', 'sam+recert@example.com', 'sam@example.com'],
    ['everything after the first +', 'sam+a+b@example.com', 'sam@example.com'],
    ['dots in a Gmail local part', 's.a.m.lee@gmail.com', 'samlee@gmail.com'],
    ['Gmail dots and a tag together, any case', 'S.A.M+News@GMail.com', 'sam@gmail.com'],
    ['googlemail.com as gmail.com', 'sam.lee@googlemail.com', 'samlee@gmail.com'],
    ['dots on every other domain', 's.am.lee@example.com', 's.am.lee@example.com'],
    ['dots on a Gmail look-alike domain', 's.am@gmail.co', 's.am@gmail.co'],
    ['dots on a Gmail subdomain', 's.am@mail.gmail.com', 's.am@mail.gmail.com'],
    ['a local part that is only a tag', '+tag@example.com', '+tag@example.com'],
    ['a Gmail local part that is only dots', '..@gmail.com', '..@gmail.com'],
    ['something that is not an address', 'no-at-sign', 'no-at-sign'],
  ])('%s', (_case, typed, canonical) => {
    expect(canonicalMailbox(typed)).toBe(canonical);
  });

  it('keeps two people on another domain apart, and one Gmail inbox together', () => {
    expect(canonicalMailbox('sam.lee@example.com')).not.toBe(canonicalMailbox('samlee@example.com'));
    const inbox = ['samlee@gmail.com', 'Sam.Lee@gmail.com', 'sam.lee+x@googlemail.com', 's.amlee+@gmail.com'];
    expect(new Set(inbox.map(canonicalMailbox))).toEqual(new Set(['samlee@gmail.com']));
  });
});
