import { escapeHtml } from '../../common/escape-html.js';
/**
 * One small block model renders both parts, so the plain-text and HTML versions can never say different things.
 * The HTML is a single 600px column with inline styles: what phone mail apps and Gmail render reliably.
 */
export type Block =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  /** `fraction` in 0..1 draws a bar in HTML; the text part shows only the label. */
  | { readonly kind: 'progress'; readonly label: string; readonly fraction: number }
  | { readonly kind: 'facts'; readonly title?: string; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'list'; readonly title?: string; readonly items: readonly string[] }
  | { readonly kind: 'button'; readonly label: string; readonly url: string }
  /**
   * A picture carried in the message (`src` is `cid:…`), shown at `width` × `height` or narrower. The text part and
   * any mail app showing no images get `alt`, which must say what the picture shows.
   */
  | {
      readonly kind: 'image';
      readonly src: string;
      readonly alt: string;
      readonly width: number;
      readonly height: number;
    }
  /** Plain links, one per line: the text part shows each URL after its label. */
  | {
      readonly kind: 'links';
      readonly title?: string;
      readonly items: readonly { readonly label: string; readonly url: string }[];
    };

export interface Footer {
  /** Why the reader gets this email, one sentence. */
  readonly reason: string;
  readonly postalAddress: string;
  readonly unsubscribeUrl?: string;
  readonly privacyUrl?: string;
}

export interface Layout {
  readonly title: string;
  /** The line inbox previews show after the subject. */
  readonly preheader: string;
  readonly greeting: string;
  readonly blocks: readonly Block[];
  readonly footer: Footer;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const INK = '#1f2933';
const MUTED = '#52606d';
const ACCENT = '#1d6f42';

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'='.repeat(block.text.length)}`;
    case 'paragraph':
      return block.text;
    case 'progress':
      return block.label;
    case 'facts': {
      const rows = block.rows.map(([label, value]) => `- ${label}: ${value}`).join('\n');
      return block.title ? `${block.title}\n${rows}` : rows;
    }
    case 'list': {
      const items = block.items.map((item) => `- ${item}`).join('\n');
      return block.title ? `${block.title}\n${items}` : items;
    }
    case 'image':
      return block.alt;
    case 'button':
      return `${block.label}: ${block.url}`;
    case 'links': {
      const items = block.items.map((item) => `- ${item.label}: ${item.url}`).join('\n');
      return block.title ? `${block.title}\n${items}` : items;
    }
  }
}

export function renderText(layout: Layout): string {
  const { footer } = layout;
  const footerLines = [
    '--',
    footer.reason,
    ...(footer.unsubscribeUrl ? [`Unsubscribe: ${footer.unsubscribeUrl}`] : []),
    ...(footer.privacyUrl ? [`Your data and privacy: ${footer.privacyUrl}`] : []),
    '',
    footer.postalAddress.trim(),
  ];
  return `${[layout.greeting, ...layout.blocks.map(textBlock), footerLines.join('\n')].join('\n\n')}\n`;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:18px;line-height:1.3;color:${INK};">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p style="margin:0 0 16px;">${escapeHtml(block.text)}</p>`;
    case 'progress': {
      const percent = Math.round(Math.min(1, Math.max(0, block.fraction)) * 100);
      return [
        `<p style="margin:0 0 6px;font-weight:600;">${escapeHtml(block.label)}</p>`,
        '<div style="margin:0 0 16px;height:8px;border-radius:4px;background:#e4e7eb;">',
        `<div style="width:${percent}%;height:8px;border-radius:4px;background:${ACCENT};"></div>`,
        '</div>',
      ].join('');
    }
    case 'facts': {
      const rows = block.rows
        .map(
          ([label, value]) =>
            `<tr><td style="padding:4px 12px 4px 0;color:${MUTED};vertical-align:top;">${escapeHtml(label)}</td>` +
            `<td style="padding:4px 0;font-weight:600;vertical-align:top;">${escapeHtml(value)}</td></tr>`,
        )
        .join('');
      const title = block.title ? `<p style="margin:0 0 4px;font-weight:600;">${escapeHtml(block.title)}</p>` : '';
      return `${title}<table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 16px;font-size:15px;">${rows}</table>`;
    }
    case 'list': {
      const title = block.title ? `<p style="margin:0 0 4px;font-weight:600;">${escapeHtml(block.title)}</p>` : '';
      return `${title}<ul style="margin:0 0 16px;padding-left:20px;">${block.items.map((item) => `<li style="margin:0 0 4px;">${escapeHtml(item)}</li>`).join('')}</ul>`;
    }
    case 'image':
      return (
        `<p style="margin:0 0 16px;"><img src="${escapeHtml(block.src)}" alt="${escapeHtml(block.alt)}" ` +
        `width="${block.width}" height="${block.height}" style="display:block;max-width:100%;height:auto;border:0;` +
        `font-size:14px;line-height:1.4;color:${INK};"></p>`
      );
    case 'button':
      return (
        `<p style="margin:24px 0;"><a href="${escapeHtml(block.url)}" style="display:inline-block;padding:12px 20px;` +
        `border-radius:6px;background:${ACCENT};color:#ffffff;font-weight:600;text-decoration:none;">` +
        `${escapeHtml(block.label)}</a></p>`
      );
    case 'links': {
      const title = block.title ? `<p style="margin:0 0 4px;font-weight:600;">${escapeHtml(block.title)}</p>` : '';
      const items = block.items
        .map(
          (item) =>
            `<li style="margin:0 0 4px;"><a href="${escapeHtml(item.url)}" style="color:${ACCENT};">${escapeHtml(item.label)}</a></li>`,
        )
        .join('');
      return `${title}<ul style="margin:0 0 16px;padding-left:20px;">${items}</ul>`;
    }
  }
}

function htmlFooter(footer: Footer): string {
  const address = footer.postalAddress
    .trim()
    .split(/\r?\n/)
    .map((line) => escapeHtml(line))
    .join('<br>');
  const unsubscribe = footer.unsubscribeUrl
    ? ` <a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:${MUTED};">Unsubscribe</a>`
    : '';
  const privacy = footer.privacyUrl
    ? ` <a href="${escapeHtml(footer.privacyUrl)}" style="color:${MUTED};">Your data and privacy</a>`
    : '';
  return (
    `<p style="margin:16px 0 0;font-family:${FONT};font-size:13px;line-height:1.5;color:${MUTED};">` +
    `${escapeHtml(footer.reason)}${unsubscribe}${privacy}<br><br>${address}</p>`
  );
}

export function renderHtml(layout: Layout): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(layout.title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background:#f4f5f7;">',
    `<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(layout.preheader)}</div>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">',
    '<tr><td align="center" style="padding:16px 8px;">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;">',
    `<tr><td style="padding:24px;border-radius:8px;background:#ffffff;font-family:${FONT};font-size:16px;line-height:1.5;color:${INK};">`,
    `<p style="margin:0 0 16px;">${escapeHtml(layout.greeting)}</p>`,
    ...layout.blocks.map(htmlBlock),
    '</td></tr>',
    `<tr><td style="padding:0 24px;">${htmlFooter(layout.footer)}</td></tr>`,
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
