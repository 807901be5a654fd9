/**
 * The local mailbox page (`http://localhost:<MAILBOX_PORT>/`): every email the stack sent, with its headers and,
 * for a reminder, the run date it was sent for.
 *
 * aws-ses-v2-local parses a raw email into from/to/subject/body and drops every other header, and it never keeps
 * the SES tags of the call. Recert sends raw MIME (SendRawEmail), so this module sits in front of the emulator's
 * own request handler on the same server: it keeps the top-level headers and tags of each SendRawEmail the emulator
 * accepted, keyed by the MessageId the emulator answered, and serves its own page at `/`. Everything else (the
 * SES API, `GET /store`, `POST /clear-store`) is the emulator's, unchanged; its own page moves to `/emulator`.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REMINDER_TAG_PREFIX, TRAINER_TAG } from '../../functions/adapters/ses/message-tags.js';

export interface MailHeader {
  readonly name: string;
  readonly value: string;
}

/** What this module keeps of one accepted SendRawEmail. */
export interface RecordedSend {
  readonly messageId: string;
  readonly headers: readonly MailHeader[];
  /** SES message tags, name → value (they travel on the API call, not in the message). */
  readonly tags: Readonly<Record<string, string>>;
}

/** One email as the emulator keeps it (`GET /store`); only the fields the page reads. */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly headers?: readonly MailHeader[];
  /** Epoch seconds. */
  readonly at: number;
}

/** A reminder's run date, or why it could not be found. */
export type RunDateLookup = { readonly runDate: string } | { readonly unknown: string };

export interface MailboxOptions {
  /**
   * The run date a reminder email was sent for (called for emails carrying reminder tags only). The local stack
   * answers from the reminder ledger (which records each reminder's MessageId and run id) and the runs it fired.
   */
  readonly runDateOf?: (send: RecordedSend) => Promise<RunDateLookup>;
}

export interface MailboxEntry {
  readonly messageId: string;
  readonly headers: readonly MailHeader[];
  readonly tags: Readonly<Record<string, string>>;
  /** Present for reminder emails only. */
  readonly runDate?: RunDateLookup;
  readonly text?: string;
  readonly hasHtml: boolean;
}

const ENCODED_WORD = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;

/** RFC 2047 "Q" text: `_` is a space, `=XX` a byte, anything else itself. */
function qBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    const hex = text.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(char === '_' ? 0x20 : char.charCodeAt(0) & 0xff);
  }
  return Buffer.from(bytes);
}

function decodeBytes(charset: string, chunks: readonly Buffer[], words: string): string {
  try {
    // RFC 2231 allows `charset*language`; the language part is not the charset.
    return new TextDecoder(charset.split('*')[0]).decode(Buffer.concat(chunks));
  } catch {
    return words; // a charset this runtime does not know: show the words as they were sent
  }
}

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`), which Recert's raw MIME writes for any non-ASCII Subject or
 * display name. Adjacent words are decoded together, so a character split across two words survives, and the
 * whitespace between them is dropped (RFC 2047 §6.2).
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  let last = 0;
  let run: { charset: string; chunks: Buffer[]; words: string } | undefined;
  const flush = () => {
    if (run) out += decodeBytes(run.charset, run.chunks, run.words);
    run = undefined;
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [word, charset = '', encoding = '', text = ''] = match;
    const between = value.slice(last, match.index);
    const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qBytes(text);
    const adjacent = run !== undefined && /^\s*$/.test(between);
    if (adjacent && run?.charset.toLowerCase() === charset.toLowerCase()) {
      run.chunks.push(bytes);
      run.words += word;
    } else {
      flush();
      if (!adjacent) out += between;
      run = { charset, chunks: [bytes], words: word };
    }
    last = match.index + word.length;
  }
  flush();
  return out + value.slice(last);
}

/** The top-level header fields of a raw RFC 5322 message, unfolded and decoded, in order. */
export function parseHeaderSection(raw: string): MailHeader[] {
  const end = raw.search(/\r?\n\r?\n/);
  const section = end === -1 ? raw : raw.slice(0, end);
  const fields: { name: string; value: string }[] = [];
  for (const line of section.split(/\r?\n/)) {
    const previous = fields.at(-1);
    if (/^[ \t]/.test(line)) {
      // Unfolding (RFC 5322 §2.2.3) removes the line break only; the leading whitespace is part of the value.
      if (previous) previous.value += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1) });
  }
  return fields.map(({ name, value }) => ({ name, value: decodeEncodedWords(value.trim()) }));
}

/** `Tags.member.N.Name` / `Tags.member.N.Value` of an SES v1 query-protocol body, as name → value. */
export function tagsOfQuery(body: Readonly<Record<string, unknown>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [field, name] of Object.entries(body)) {
    const member = /^Tags\.member\.(\d+)\.Name$/.exec(field);
    const value = member ? body[`Tags.member.${member[1]}.Value`] : undefined;
    if (typeof name === 'string' && typeof value === 'string') tags[name] = value;
  }
  return tags;
}

/** A reminder email: the run tags it with the trainer and one `reminderKeyN` per ledger row it settles. */
export function isReminder(tags: Readonly<Record<string, string>>): boolean {
  return TRAINER_TAG in tags && Object.keys(tags).some((name) => name.startsWith(REMINDER_TAG_PREFIX));
}

/** `Fri, 01 Jan 2027 09:00:00 +0000`, for an email the emulator stored without a recorded Date header. */
function rfc5322Date(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toUTCString().replace(/GMT$/, '+0000');
}

/** The page's view of one stored email: the recorded headers when this module saw the send, else what the store has. */
export function mailboxEntry(
  stored: StoredEmail,
  recorded: RecordedSend | undefined,
  runDate?: RunDateLookup,
): MailboxEntry {
  const headers: MailHeader[] = recorded
    ? [...recorded.headers]
    : [
        { name: 'From', value: stored.from },
        { name: 'To', value: stored.destination.to.join(', ') },
        { name: 'Subject', value: stored.subject },
        { name: 'Date', value: rfc5322Date(stored.at) },
        ...(stored.headers ?? []),
      ];
  return {
    messageId: stored.messageId,
    headers,
    tags: recorded?.tags ?? {},
    hasHtml: stored.body.html !== undefined && stored.body.html !== '',
    ...(stored.body.text === undefined ? {} : { text: stored.body.text }),
    ...(runDate === undefined ? {} : { runDate }),
  };
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function headerOf(entry: MailboxEntry, name: string): string | undefined {
  return entry.headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
}

function renderRunDate(runDate: RunDateLookup | undefined): string {
  if (runDate === undefined) return '';
  if ('runDate' in runDate) {
    return `<p class="run-date">Reminder run date: <strong>${escapeHtml(runDate.runDate)}</strong></p>`;
  }
  return `<p class="run-date">Reminder run date: unknown (${escapeHtml(runDate.unknown)})</p>`;
}

function renderEntry(entry: MailboxEntry): string {
  const rows = entry.headers
    .map((header) => `<tr><th scope="row">${escapeHtml(header.name)}</th><td>${escapeHtml(header.value)}</td></tr>`)
    .join('\n');
  const tags = Object.entries(entry.tags)
    .map(([name, value]) => `${escapeHtml(name)}=${escapeHtml(value)}`)
    .join(', ');
  return `<article>
<h2>${escapeHtml(headerOf(entry, 'Subject') ?? '(no subject)')}</h2>
${renderRunDate(entry.runDate)}
<table class="headers"><caption>Headers</caption>
${rows}
</table>
${tags === '' ? '' : `<p class="tags">SES tags (sent with the API call, not in the message): ${tags}</p>`}
<p class="meta">SES MessageId ${escapeHtml(entry.messageId)}${entry.hasHtml ? ' · HTML body: open the <a href="/emulator">emulator view</a>' : ''}</p>
${entry.text === undefined ? '' : `<details open><summary>Text body</summary><pre>${escapeHtml(entry.text)}</pre></details>`}
</article>`;
}

/** The mailbox page, newest email first. Plain HTML: nothing on it runs script. */
export function renderMailboxPage(entries: readonly MailboxEntry[]): string {
  const body =
    entries.length === 0
      ? '<p>No email yet. Sign up on the form, or run <code>npm run scan</code> (<code>npm run demo</code> seeds a trainer whose reminder is due today).</p>'
      : entries.map(renderEntry).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recert mailbox (${entries.length})</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
article { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: 0.5rem 1rem; }
h2 { font-size: 1.1rem; }
table.headers { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.headers caption { text-align: left; font-weight: 600; }
table.headers th { text-align: left; vertical-align: top; padding: 0.15rem 1rem 0.15rem 0; white-space: nowrap; }
table.headers td { overflow-wrap: anywhere; font-family: ui-monospace, monospace; }
.run-date { background: #eef6ee; padding: 0.25rem 0.5rem; }
.tags, .meta { font-size: 0.85rem; color: #444; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>Recert mailbox</h1>
<p>Every email the local stack sent, newest first, since it started. <a href="/">Reload</a> · <a href="/emulator">Emulator view</a> (HTML bodies, attachments, .eml) · <a href="/store">JSON</a></p>
${body}
</body>
</html>
`;
}

/** The SendRawEmail body the emulator's express parser left on the request, if this request was one. */
function rawSendOf(req: IncomingMessage): Readonly<Record<string, unknown>> | undefined {
  // Express's urlencoded parser sets `req.body`; IncomingMessage has no such field in its type.
  const body = (req as IncomingMessage & { body?: unknown }).body;
  if (typeof body !== 'object' || body === null) return undefined;
  const form = body as Record<string, unknown>;
  return form.Action === 'SendRawEmail' && typeof form['RawMessage.Data'] === 'string' ? form : undefined;
}

/** Keeps what `res.end` writes, so the emulator's answer (which names the MessageId) can be read afterwards. */
function captureEnd(res: ServerResponse): () => string {
  const chunks: string[] = [];
  const end = res.end;
  // `end` has three overloads; the wrapper passes every argument through unchanged and only reads a first chunk.
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args;
    if (typeof chunk === 'string') chunks.push(chunk);
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk).toString('utf8'));
    return (end as (...rest: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  return () => chunks.join('');
}

/** Every email the SES emulator on `server` holds (its `GET /store`). */
export async function storedEmails(server: Server): Promise<StoredEmail[]> {
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails;
}

/**
 * Puts the mailbox in front of the emulator's request handler on `server` (the one startSesEmulator returns):
 * `GET /` is the mailbox page, `GET /emulator` the emulator's own page, and every accepted SendRawEmail is recorded.
 */
export function installMailbox(server: Server, options: MailboxOptions = {}): void {
  const emulator = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const recorded = new Map<string, RecordedSend>();

  async function page(res: ServerResponse): Promise<void> {
    const emails = await storedEmails(server);
    const entries = await Promise.all(
      [...emails].reverse().map(async (stored) => {
        const send = recorded.get(stored.messageId);
        const runDate = send && isReminder(send.tags) ? await options.runDateOf?.(send) : undefined;
        return mailboxEntry(stored, send, runDate);
      }),
    );
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The page shows email content, links and all; nothing on it needs to run or load anything.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(renderMailboxPage(entries));
  }

  function record(req: IncomingMessage, answer: string): void {
    const send = rawSendOf(req);
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer)?.[1];
    if (!send || !messageId) return;
    const raw = Buffer.from(String(send['RawMessage.Data']), 'base64').toString('utf8');
    recorded.set(messageId, { messageId, headers: parseHeaderSection(raw), tags: tagsOfQuery(send) });
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') {
      page(res).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The mailbox page failed: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      return;
    }
    if (req.method === 'GET' && path === '/emulator') req.url = '/';
    if (req.method === 'POST' && path === '/') {
      const answer = captureEnd(res);
      res.once('finish', () => {
        if (res.statusCode === 200) record(req, answer());
      });
    }
    if (req.method === 'POST' && path === '/clear-store') recorded.clear();
    for (const listener of emulator) listener.call(server, req, res);
  });
}
