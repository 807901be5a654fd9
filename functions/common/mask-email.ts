/**
 * `sam.lee@example.com` → `s***@example.com`: enough to tell two log lines apart, not enough to identify someone.
 * Anything that is not an address is fully masked, so a stray value can never leak through a log line.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return '***';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return `${Array.from(local)[0]}***@${domain}`;
}

// Deliberately loose: masking a false positive costs nothing, missing a real address leaks it.
const ADDRESS_IN_TEXT = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/gu;

/** Masks every address inside free text (log messages, error messages). */
export function maskEmailsIn(text: string): string {
  return text.replace(ADDRESS_IN_TEXT, (address) => maskEmail(address));
}
