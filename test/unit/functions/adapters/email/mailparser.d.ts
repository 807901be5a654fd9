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
  export function simpleParser(source: Buffer | string | Uint8Array): Promise<ParsedMail>;
}
