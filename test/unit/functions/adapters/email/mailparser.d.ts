// mailparser ships no types and @types/mailparser is not installed; only what the tests read is declared.
declare module 'mailparser' {
  interface AddressObject {
    text: string;
    value: { address?: string; name: string }[];
  }
  interface Attachment {
    filename?: string;
    contentType: string;
    contentDisposition: string;
    content: Buffer;
    headers: Map<string, unknown>;
    /** The Content-ID without its angle brackets, for a part the HTML shows inline. */
    cid?: string;
    /** True for a part of a multipart/related (shown by the HTML, not listed as a file). */
    related?: boolean;
  }
  interface ParsedMail {
    subject?: string;
    text?: string;
    html: string | false;
    from?: AddressObject;
    to?: AddressObject | AddressObject[];
    headers: Map<string, unknown>;
    attachments: Attachment[];
  }
  export function simpleParser(
    source: Buffer | string | Uint8Array,
    /** `keepCidLinks`: leave `cid:` links in the HTML as sent (by default they become data: URIs). */
    options?: { keepCidLinks?: boolean },
  ): Promise<ParsedMail>;
}
