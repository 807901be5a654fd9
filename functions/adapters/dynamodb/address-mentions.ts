import { normaliseEmail } from './keys.js';

/** Characters that may sit next to an address inside a longer one: `x` + `alex@example.com` is someone else. */
const LOCAL_PART_CHAR = /[a-z0-9._%+-]/;
const DOMAIN_CHAR = /[a-z0-9-]/;
/** A JSON escape ending right before the match (`\n`, or `\u003c` from encoders that escape `<`) is a boundary. */
const JSON_ESCAPE_BEFORE = /\\(?:[bfnrt]|u[0-9a-f]{4})$/;

/** The spellings an address can take in a JSON body: as is, JSON-escaped, and with non-ASCII as `\uXXXX`. */
function addressForms(normalisedEmail: string): Set<string> {
  const escaped = JSON.stringify(normalisedEmail).slice(1, -1);
  const asciiOnly = escaped.replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return new Set([normalisedEmail, escaped, asciiOnly]);
}

/**
 * Whether `text` (a provider's raw body) mentions the address, case-insensitively and as a whole address: a match
 * inside a longer address (`malex@…`, `…@example.com.au`) is another person's, and exporting or deleting their
 * delivery would be a breach of its own. URL-encoded or otherwise transformed spellings are not recognised.
 */
export function mentionsAddress(text: string, email: string): boolean {
  const haystack = text.toLowerCase();
  for (const needle of addressForms(normaliseEmail(email))) {
    if (needle.length === 0) continue;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      const before = haystack.slice(Math.max(0, at - 6), at);
      const end = at + needle.length;
      const [next = '', afterNext = ''] = [haystack.charAt(end), haystack.charAt(end + 1)];
      const startsClean = !LOCAL_PART_CHAR.test(before.slice(-1)) || JSON_ESCAPE_BEFORE.test(before);
      // A trailing dot ends a sentence ("write to a@b.com."); a dot followed by a label extends the domain.
      const endsClean = !DOMAIN_CHAR.test(next) && !(next === '.' && DOMAIN_CHAR.test(afterNext));
      if (startsClean && endsClean) return true;
    }
  }
  return false;
}
