import { type Layout, renderHtml, renderText } from './layout.js';
import {
  type EmailAttachment,
  type EmailMessage,
  type InlineImage,
  type SenderConfig,
  unsubscribeHeaders,
} from './message.js';

export interface ComposeInput {
  readonly sender: SenderConfig;
  readonly to: string;
  readonly subject: string;
  readonly layout: Layout;
  /** Present on everything but the confirmation-type emails: adds the RFC 8058 one-click headers. */
  readonly unsubscribeUrl?: string;
  readonly attachments?: readonly EmailAttachment[];
  /** Pictures the layout's image blocks show, by Content-ID. */
  readonly images?: readonly InlineImage[];
}

/** One layout → both parts of the message, so the text and HTML can never say different things. */
export function composeMessage(input: ComposeInput): EmailMessage {
  const { privacyUrl } = input.sender;
  const layout = privacyUrl ? { ...input.layout, footer: { ...input.layout.footer, privacyUrl } } : input.layout;
  return {
    from: input.sender.fromAddress,
    to: input.to,
    subject: input.subject,
    text: renderText(layout),
    html: renderHtml(layout),
    headers: input.unsubscribeUrl ? unsubscribeHeaders(input.unsubscribeUrl) : {},
    attachments: input.attachments ?? [],
    ...(input.images && input.images.length > 0 ? { images: input.images } : {}),
  };
}
