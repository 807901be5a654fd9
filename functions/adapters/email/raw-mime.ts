import MailComposer from 'nodemailer/lib/mail-composer';
import type { EmailMessage } from './message.js';

export interface RawMimeOptions {
  /** Date header; the current time when absent (SES stamps its own Message-ID either way). */
  readonly date?: Date;
}

/**
 * The message as RFC 5322 bytes for SES `SendRawEmail`: multipart/mixed holding a text+html alternative and any
 * attachments (the .ics as text/calendar; method=PUBLISH). MIME is built by nodemailer's MailComposer, not by hand.
 */
export async function toRawMime(message: EmailMessage, options: RawMimeOptions = {}): Promise<Uint8Array> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: { ...message.headers },
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      contentDisposition: 'attachment',
    })),
    ...(options.date && { date: options.date }),
    newline: 'win',
  });
  const bytes = await composer.compile().build();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
