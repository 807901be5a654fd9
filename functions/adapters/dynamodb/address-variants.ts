/**
 * The mailbox an address delivers to, as far as its spelling tells (issue 12: `sam+1@…`, `sam+2@…` and
 * `s.a.m@gmail.com` all reach one inbox). It decides which addresses count as one: for the per-mailbox email limits
 * (one sign-up email per 24 h, one status link per hour) and for the suppression list, whose partition it keys, so an
 * unsubscribe, bounce or complaint under one spelling holds for all of them (ADR 0027). Stored addresses and claims
 * keep the address as typed (`normaliseEmail`), and so does each suppression item: this key never decides where an
 * email goes.
 */

/** Gmail ignores dots in the local part, and googlemail.com is the same service under its older name. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const GMAIL = 'gmail.com';

/**
 * Lower case and trimmed (as `normaliseEmail`), then: a `+tag` suffix dropped for every domain (almost every
 * provider delivers `name+tag` to `name`; one that does not only loses a few emails to a shared limit), and for
 * Gmail the dots dropped and googlemail.com spelled gmail.com. Dots stay for every other domain, where `s.am` and
 * `sam` may well be two people. A local part that would end up empty (`+tag@…`, `.@gmail.com`) is kept as it is,
 * so no two unrelated addresses collapse into `@domain`.
 */
export function canonicalMailbox(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return address;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const untagged = local.split('+', 1)[0] ?? '';
  if (!GMAIL_DOMAINS.has(domain)) return `${untagged || local}@${domain}`;
  const undotted = untagged.replaceAll('.', '');
  return `${undotted || local}@${GMAIL}`;
}
