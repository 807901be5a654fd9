import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderReminder, toRawMime } from '../../../../../functions/adapters/email/index.js';
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
});
