/** A parsed `addr@host` or `Display Name <addr@host>` (RFC 5322 name-addr, the forms Recert writes and accepts). */
export interface Mailbox {
  /** The display name without surrounding quotes; empty when there is none. */
  readonly name: string;
  readonly address: string;
}

const NAME_ADDR = /^(.*?)\s*<([^<>\s]+)>$/;
/** One `@`, and none of the characters that would need quoting or end the address. */
const ADDRESS = /^[^\s<>@"(),:;[\]\\]+@[^\s<>@"(),:;[\]\\]+$/;

/**
 * Parses a From/To value, or returns undefined. Control characters are refused outright: in a header they would
 * start a new line (header injection).
 */
export function parseMailbox(value: string): Mailbox | undefined {
  if (hasControlCharacter(value)) return undefined;
  const trimmed = value.trim();
  const named = NAME_ADDR.exec(trimmed);
  const address = named?.[2] ?? trimmed;
  if (!ADDRESS.test(address)) return undefined;
  const name = (named?.[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
  return { name, address };
}

function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
