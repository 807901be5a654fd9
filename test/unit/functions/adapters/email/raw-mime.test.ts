import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  type EmailMessage,
  RenderInputError,
  renderReminder,
  toRawMime,
} from '../../../../../functions/adapters/email/index.js';
import { storyInput } from './fixtures.js';

const date = new Date('2027-01-01T09:00:00Z');

describe('toRawMime', () => {
  it('round-trips the reminder: addresses, subject, one-click headers, both parts', async () => {
    const message = renderReminder(storyInput);

    const raw = Buffer.from(await toRawMime(message, { date }));
    const parsed = await simpleParser(raw);

    expect(parsed.from?.value).toEqual([{ address: 'reminders@recert.example.com', name: 'Recert' }]);
    expect(parsed.to).toMatchObject({ value: [{ address: 'sam@example.com' }] });
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.headers.get('date')).toEqual(date);
    expect(raw.toString('utf8')).toMatch(
      /^List-Unsubscribe: <https:\/\/recert\.example\.com\/unsubscribe\?token=un_sam>\r$/m,
    );
    expect(raw.toString('utf8')).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(parsed.headers.get('list')).toEqual({
      unsubscribe: { url: 'https://recert.example.com/unsubscribe?token=un_sam' },
      'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' },
    });
    expect(parsed.text?.replaceAll('\r\n', '\n').trimEnd()).toBe(message.text.trimEnd());
    expect(parsed.html).toBe(message.html);
  });

  it('attaches the calendar file as text/calendar with method=PUBLISH', async () => {
    const message = renderReminder(storyInput);

    const parsed = await simpleParser(Buffer.from(await toRawMime(message, { date })));

    expect(parsed.attachments).toHaveLength(1);
    const [ics] = parsed.attachments;
    expect(ics?.filename).toBe('recert-deadlines.ics');
    expect(ics?.contentType).toBe('text/calendar');
    expect(ics?.contentDisposition).toBe('attachment');
    expect(ics?.headers.get('content-type')).toMatchObject({ params: { method: 'PUBLISH', charset: 'utf-8' } });
    expect(ics?.content.toString('utf8')).toBe(message.attachments[0]?.content);
  });

  it('nests a text+html alternative inside multipart/mixed, with CRLF line endings', async () => {
    const raw = Buffer.from(await toRawMime(renderReminder(storyInput), { date })).toString('utf8');

    expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8/m);
    expect(raw.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('keeps a line break in the trainer name out of the headers', async () => {
    const input = { ...storyInput, trainer: { ...storyInput.trainer, name: 'Sam\r\nBcc: victim@example.net' } };

    const parsed = await simpleParser(Buffer.from(await toRawMime(renderReminder(input), { date })));

    expect(parsed.headers.has('bcc')).toBe(false);
  });

  it('puts no SES message tag or configuration into the headers', async () => {
    const raw = Buffer.from(await toRawMime(renderReminder(storyInput), { date })).toString('utf8');

    expect(raw).not.toMatch(/^X-SES-/im);
  });

  it('has no attachment part when there is no attachment: the alternative is the whole body', async () => {
    const raw = Buffer.from(await toRawMime(plainMessage(), { date })).toString('utf8');

    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).not.toMatch(/multipart\/mixed/);
    expect((await simpleParser(Buffer.from(raw))).attachments).toHaveLength(0);
  });

  it('encodes a non-ASCII subject and sender name as RFC 2047 words that decode back', async () => {
    const message = plainMessage({
      from: 'Récert Café <reminders@recert.example.com>',
      subject: 'Renouvelez avant le 31 déc ✅',
    });

    const raw = Buffer.from(await toRawMime(message, { date }));
    const parsed = await simpleParser(raw);

    expect(raw.every((byte) => byte < 0x80)).toBe(true);
    expect(parsed.subject).toBe('Renouvelez avant le 31 déc ✅');
    expect(parsed.from?.value).toEqual([{ address: 'reminders@recert.example.com', name: 'Récert Café' }]);
  });

  it('quotes a sender name holding RFC 5322 specials', async () => {
    const parsed = await simpleParser(
      Buffer.from(await toRawMime(plainMessage({ from: '"Recert, Inc." <reminders@recert.example.com>' }), { date })),
    );

    expect(parsed.from?.value).toEqual([{ address: 'reminders@recert.example.com', name: 'Recert, Inc.' }]);
  });

  it.each([
    ['from', { from: 'Recert' }],
    ['to', { to: 'sam@example.com\r\nBcc: victim@example.net' }],
    ['headers', { headers: { 'Bad Name': 'x' } }],
    ['headers', { headers: { Bcc: 'victim@example.net' } }],
    ['attachments.filename', { attachments: [{ filename: '../x.ics', contentType: 'text/calendar', content: 'x' }] }],
  ] as const)('refuses a bad %s, naming the field', async (field, override) => {
    const attempt = toRawMime(plainMessage(override as Partial<EmailMessage>), { date });

    await expect(attempt).rejects.toBeInstanceOf(RenderInputError);
    await expect(attempt).rejects.toMatchObject({ field });
  });

  it('round-trips any text, subject and header value, with every line within 78 characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
          .filter((value) => value.trim() === value && !/[\r\n]/.test(value)),
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
        async (text, subject, calendar) => {
          const message = plainMessage({
            subject,
            text,
            html: `<p>${text}</p>`,
            attachments: [
              { filename: 'recert-deadlines.ics', contentType: 'text/calendar; charset=utf-8', content: calendar },
            ],
          });

          const raw = Buffer.from(await toRawMime(message, { date }));
          const parsed = await simpleParser(raw);

          for (const line of raw.toString('latin1').split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
          expect(parsed.subject).toBe(subject);
          expect((parsed.text ?? '').replaceAll('\r\n', '\n').replace(/\n$/, '')).toBe(
            text.replace(/\r\n?/g, '\n').replace(/\n$/, ''),
          );
          expect(parsed.attachments[0]?.content.toString('utf8')).toBe(calendar);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function plainMessage(override: Partial<EmailMessage> = {}): EmailMessage {
  return {
    from: 'Recert <reminders@recert.example.com>',
    to: 'sam@example.com',
    subject: 'Confirm your email',
    text: 'Hi,\nplease confirm.\n',
    html: '<p>Hi, please confirm.</p>',
    headers: {},
    attachments: [],
    ...override,
  };
}
