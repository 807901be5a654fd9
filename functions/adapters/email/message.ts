import { RenderInputError } from './render-input-error.js';

/** A rendered email, ready for `toRawMime`. Plain data so it can be logged (masked), compared and golden-tested. */
export interface EmailMessage {
  /** The From header, e.g. `Recert <reminders@example.com>`. */
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Extra headers (List-Unsubscribe …). SES message tags are not headers: they go on the send call. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly EmailAttachment[];
  /** Pictures the HTML part shows (the reminder's cycle timelines); absent when there are none. */
  readonly images?: readonly InlineImage[];
}

export interface EmailAttachment {
  readonly filename: string;
  /** Full content type with parameters, e.g. `text/calendar; charset=utf-8; method=PUBLISH`. */
  readonly contentType: string;
  readonly content: string;
}

/**
 * A picture the HTML shows inline as `cid:<contentId>` (`name@domain`): it travels beside the HTML part
 * (multipart/related), not as a file to open, so no mail app fetches anything remote to show it.
 */
export interface InlineImage {
  readonly contentId: string;
  readonly filename: string;
  readonly contentType: 'image/png';
  readonly content: Uint8Array;
}

/** Who sends: printed in every email because CAN-SPAM requires a physical postal address. */
export interface SenderConfig {
  /** The From header value: `reminders@example.com` or `Recert <reminders@example.com>`. */
  readonly fromAddress: string;
  readonly postalAddress: string;
  /** The privacy page (what is stored, for how long, who operates it), linked from every email's footer. */
  readonly privacyUrl?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Links go into hrefs and into List-Unsubscribe, so only absolute https URLs pass (http only for loopback, the local
 * stack). Anything else would be a broken or dangerous link in someone's inbox.
 */
export function checkLink(url: string, field: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RenderInputError(field, url, 'not an absolute URL');
  }
  const secure = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname));
  if (!secure) throw new RenderInputError(field, url, 'must be an https URL');
  return url;
}

/** RFC 8058 one-click unsubscribe: both headers, the link in angle brackets. */
export function unsubscribeHeaders(unsubscribeUrl: string): Readonly<Record<string, string>> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** Header values must be one line: a CR or LF in a name or code would otherwise split the header. */
export function oneLine(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The bare address inside `Name <addr@host>`, for UIDs and the like. */
export function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
