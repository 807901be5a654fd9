import { describe, expect, it } from 'vitest';
import { mentionsAddress } from '../../../../../functions/adapters/dynamodb/address-mentions.js';

// Decides which quarantined deliveries a trainer's export and delete take: a miss leaves their data behind, a false
// match hands (or erases) someone else's.
describe('mentionsAddress', () => {
  it.each([
    ['a JSON body', '{"learner":{"email":"alex@example.com"}}'],
    ['another case, in the body or the stored address', '{"email":"ALEX@Example.Com"}'],
    ['a display name', '{"to":"Alex <alex@example.com>"}'],
    ['an encoder that escapes < and >', '{"to":"Alex \\u003calex@example.com\\u003e"}'],
    ['after an escaped newline', '{"note":"line one\\nalex@example.com"}'],
    ['at the end of a sentence', '{"note":"contact alex@example.com."}'],
    ['at the very start and end of the text', 'alex@example.com'],
  ])('finds the address in %s', (_case, text) => {
    expect(mentionsAddress(text, 'alex@example.com')).toBe(true);
  });

  it('normalises the stored address as the keys do (trimmed, lower case)', () => {
    expect(mentionsAddress('{"email":"alex@example.com"}', '  Alex@Example.com ')).toBe(true);
  });

  it('finds a non-ASCII address whether the encoder kept it or escaped it as \\uXXXX', () => {
    expect(mentionsAddress('{"email":"josé@example.com"}', 'José@example.com')).toBe(true);
    expect(mentionsAddress('{"email":"jos\\u00E9@example.com"}', 'José@example.com')).toBe(true);
  });

  it.each([
    ['a longer local part', '{"email":"malex@example.com"}'],
    ['a dotted local part', '{"email":"j.alex@example.com"}'],
    ['a longer domain', '{"email":"alex@example.com.au"}'],
    ['a domain with a longer label', '{"email":"alex@example.community"}'],
    ['nobody at all', '{"type":"course.completed","data":{}}'],
  ])('does not take %s for the address', (_case, text) => {
    expect(mentionsAddress(text, 'alex@example.com')).toBe(false);
  });

  it('still finds the address when a longer one also appears', () => {
    expect(mentionsAddress('{"cc":"malex@example.com","to":"alex@example.com"}', 'alex@example.com')).toBe(true);
  });
});
