import { randomBytes, randomUUID } from 'node:crypto';
import * as base64 from 'nodemailer/lib/base64';
import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';
import { parseMailbox } from '../../common/mailbox.js';
import type { EmailAttachment, EmailMessage, InlineImage } from './message.js';
import { RenderInputError } from './render-input-error.js';

export interface RawMimeOptions {
  /** Date header; the current time when absent (SES stamps its own Message-ID either way). */
  readonly date?: Date;
}

const CRLF = '\r\n';
/** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; encoders wrap at 76. */
const LINE_LENGTH = 76;
/** Header field names: printable ASCII except the colon (RFC 5322 §2.2). */
const HEADER_NAME = /^[!-9;-~]+$/;
/** Headers this module writes itself; a renderer supplying one would produce a duplicate or a broken message. */
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);
/** Attachment names we write bare in a quoted parameter; every Recert attachment is a fixed ASCII name. */
const SAFE_FILENAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;
/** Content-IDs we write between angle brackets: `timeline-nasm-cpt@recert`, nothing that needs quoting. */
const CONTENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}@[A-Za-z0-9][A-Za-z0-9.-]{0,100}$/;

/**
 * The message as RFC 5322 bytes for SES `SendRawEmail`: multipart/mixed holding a text+html alternative and any
 * attachments (the .ics as text/calendar; method=PUBLISH), or the bare alternative when there is none. Pictures the
 * HTML shows inline go with it in a multipart/related (the HTML first, then each picture by its Content-ID).
 *
 * Every Recert email has this one shape, so the structure is assembled here while the encodings that are easy to
 * get subtly wrong (RFC 2047 encoded words, quoted-printable, base64 wrapping, header folding) come from
 * nodemailer's own encoders. Importing them instead of MailComposer keeps nodemailer's 74 KB MIME-type table and
 * its transport code out of every bundle (ADR 0004).
 */
export async function toRawMime(message: EmailMessage, options: RawMimeOptions = {}): Promise<Uint8Array> {
  const images = message.images ?? [];
  const html = textPart('text/html; charset=utf-8', message.html);
  // Pictures belong to the HTML (RFC 2387): a text-only reader never sees them, and nothing is fetched to show them.
  const alternative = multipart('alternative', [
    textPart('text/plain; charset=utf-8', message.text),
    images.length === 0 ? html : multipart('related', [html, ...images.map(inlinePart)]),
  ]);
  const body =
    message.attachments.length === 0
      ? alternative
      : multipart('mixed', [alternative, ...message.attachments.map(attachmentPart)]);
  const lines = [
    header('From', encodeMailbox(message.from, 'from')),
    header('To', encodeMailbox(message.to, 'to')),
    header('Subject', encodeText(message.subject)),
    header('Date', rfc5322Date(options.date ?? new Date())),
    header('Message-ID', `<${randomUUID()}@${domainOf(message.from)}>`),
    ...Object.entries(message.headers).map(([name, value]) => customHeader(name, value)),
    header('MIME-Version', '1.0'),
    ...body.headers,
    '',
    body.content,
  ];
  return new TextEncoder().encode(lines.join(CRLF));
}

interface Part {
  readonly headers: readonly string[];
  /** Already transfer-encoded, CRLF line endings, no trailing line break. */
  readonly content: string;
}

function multipart(subtype: 'mixed' | 'alternative' | 'related', parts: readonly Part[]): Part {
  // 96 random bits: the boundary cannot occur inside quoted-printable or base64 output by accident.
  const boundary = `=_recert_${randomBytes(12).toString('hex')}`;
  const sections = parts.map((part) => [`--${boundary}`, ...part.headers, '', part.content].join(CRLF));
  const root = subtype === 'related' ? ' type="text/html";' : '';
  return {
    headers: [header('Content-Type', `multipart/${subtype};${root} boundary="${boundary}"`)],
    content: [...sections, `--${boundary}--`, ''].join(CRLF),
  };
}

function textPart(contentType: string, text: string): Part {
  // Quoted-printable keeps CR and LF literal, so normalise line endings before encoding.
  const crlfText = text.replace(/\r?\n/g, CRLF);
  return {
    headers: [header('Content-Type', contentType), header('Content-Transfer-Encoding', 'quoted-printable')],
    content: qp.wrap(qp.encode(crlfText), LINE_LENGTH),
  };
}

function attachmentPart(attachment: EmailAttachment): Part {
  return binaryPart(attachment.filename, attachment.contentType, attachment.content, 'attachment', []);
}

/** A picture the HTML shows as `cid:<contentId>`. */
function inlinePart(image: InlineImage): Part {
  if (!CONTENT_ID.test(image.contentId)) {
    throw new RenderInputError('images.contentId', image.contentId, 'must be a plain ASCII name@domain');
  }
  const contentId = header('Content-ID', `<${image.contentId}>`);
  return binaryPart(image.filename, image.contentType, Buffer.from(image.content), 'inline', [contentId]);
}

function binaryPart(
  filename: string,
  contentType: string,
  content: string | Buffer,
  disposition: 'attachment' | 'inline',
  extra: readonly string[],
): Part {
  if (!SAFE_FILENAME.test(filename)) {
    throw new RenderInputError('attachments.filename', filename, 'must be a plain ASCII file name');
  }
  return {
    headers: [
      header('Content-Type', oneLineValue(contentType)),
      header('Content-Transfer-Encoding', 'base64'),
      ...extra,
      header('Content-Disposition', `${disposition}; filename="${filename}"`),
    ],
    content: base64.wrap(base64.encode(content), LINE_LENGTH),
  };
}

function header(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, LINE_LENGTH, false).replace(/\r?\n$/, '');
}

function customHeader(name: string, value: string): string {
  if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
    throw new RenderInputError('headers', name, 'not a header name this message may set');
  }
  return header(name, encodeText(value));
}

/** A CR or LF inside a value would start a new header (injection), so both become spaces first. */
function oneLineValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}

/** Unstructured text (Subject, custom headers): encoded words only when a character needs them. */
function encodeText(value: string): string {
  return encodeWords(oneLineValue(value), 'Q', 52, false);
}

/** `addr@host` or `Display Name <addr@host>`; the name is quoted or encoded as RFC 5322 and RFC 2047 require. */
function encodeMailbox(value: string, field: string): string {
  const mailbox = parseMailbox(value);
  if (mailbox === undefined) throw new RenderInputError(field, value, 'not an email address');
  return mailbox.name === '' ? mailbox.address : `${encodeDisplayName(mailbox.name)} <${mailbox.address}>`;
}

function encodeDisplayName(name: string): string {
  if (/^[\w ]*$/.test(name)) return name;
  if (/^[\x20-\x7e]*$/.test(name)) return quoteString(name);
  return encodeWord(name, 'Q', 52);
}

function domainOf(from: string): string {
  const address = parseMailbox(from)?.address ?? '';
  return address.slice(address.lastIndexOf('@') + 1) || 'recert.invalid';
}

/** `Fri, 01 Jan 2027 09:00:00 +0000` (RFC 5322 §3.3; UTC, numeric zone). */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
