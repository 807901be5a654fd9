import { describe, expect, it } from 'vitest';
import { toRawMime } from '../../../functions/adapters/email/index.js';
import {
  decodeEncodedWords,
  isReminder,
  mailboxEntry,
  parseHeaderSection,
  renderMailboxPage,
  type StoredEmail,
  tagsOfQuery,
} from '../../../scripts/local/mailbox.js';

const UNSUBSCRIBE = 'http://localhost:3000/unsubscribe?token=abc.def';

/** A message as Recert's mailer sends it: raw MIME, a non-ASCII subject and display name, one-click unsubscribe. */
async function rawReminder(): Promise<string> {
  const bytes = await toRawMime(
    {
      from: 'Récert Reminders <reminders@recert.local>',
      to: 'sam.lee@example.com',
      subject: 'Renew your CPR/AED card by 3 Feb 2027 — and log 1.9 CEUs before NASM-CPT’s deadline',
      text: 'Hi Sam',
      html: '<p>Hi Sam</p>',
      headers: { 'List-Unsubscribe': `<${UNSUBSCRIBE}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      attachments: [],
    },
    { date: new Date('2026-12-05T06:50:19Z') },
  );
  return Buffer.from(bytes).toString('utf8');
}

const STORED: StoredEmail = {
  messageId: 'ses-1',
  from: 'Recert <reminders@recert.local>',
  destination: { to: ['sam.lee@example.com'] },
  subject: 'Renew your CPR/AED card',
  body: { text: 'Hi <Sam>', html: '<p>Hi</p>' },
  at: Date.parse('2026-12-05T06:50:19Z') / 1000,
};

describe('mailbox: headers of a raw email', () => {
  it('reads every top-level header of a Recert email, unfolded and decoded, in order', async () => {
    const headers = parseHeaderSection(await rawReminder());
    expect(headers.map((header) => header.name)).toEqual([
      'From',
      'To',
      'Subject',
      'Date',
      'Message-ID',
      'List-Unsubscribe',
      'List-Unsubscribe-Post',
      'MIME-Version',
      'Content-Type',
    ]);
    const value = (name: string) => headers.find((header) => header.name === name)?.value;
    expect(value('From')).toBe('Récert Reminders <reminders@recert.local>');
    expect(value('Subject')).toBe(
      'Renew your CPR/AED card by 3 Feb 2027 — and log 1.9 CEUs before NASM-CPT’s deadline',
    );
    expect(value('Date')).toBe('Sat, 05 Dec 2026 06:50:19 +0000');
    expect(value('List-Unsubscribe')).toBe(`<${UNSUBSCRIBE}>`);
    expect(value('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('decodes Q and B encoded words, joining adjacent ones, and leaves plain text and unknown charsets alone', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?caf=C3=A9_au?= =?UTF-8?B?bGFpdA==?= ok')).toBe('café aulait ok');
    // One character split over two words (as an encoder may cut a long subject) still decodes.
    expect(decodeEncodedWords('=?UTF-8?Q?=E2=80?=\r\n =?UTF-8?Q?=94?=')).toBe('—');
    expect(decodeEncodedWords('plain =? text')).toBe('plain =? text');
    expect(decodeEncodedWords('=?x-unknown?Q?a?=')).toBe('=?x-unknown?Q?a?=');
  });

  it('reads the SES tags of a SendRawEmail query body and tells a reminder from another email', () => {
    const tags = tagsOfQuery({
      Action: 'SendRawEmail',
      'Tags.member.1.Name': 'trainerId',
      'Tags.member.1.Value': 't_abc',
      'Tags.member.2.Name': 'reminderKey1',
      'Tags.member.2.Value': 'f00',
    });
    expect(tags).toEqual({ trainerId: 't_abc', reminderKey1: 'f00' });
    expect(isReminder(tags)).toBe(true);
    expect(isReminder({ trainerId: 't_abc' })).toBe(false);
    expect(isReminder({})).toBe(false);
  });
});

describe('mailbox page', () => {
  it('lists each email with its headers, its SES tags and the run date of a reminder, escaped', async () => {
    const recorded = {
      messageId: 'ses-1',
      headers: parseHeaderSection(await rawReminder()),
      tags: { trainerId: 't_abc', reminderKey1: 'f00' },
    };
    const html = renderMailboxPage([mailboxEntry(STORED, recorded, { runDate: '2026-11-21' })]);
    for (const name of ['From', 'To', 'Subject', 'Date', 'List-Unsubscribe', 'List-Unsubscribe-Post']) {
      expect(html).toContain(`<th scope="row">${name}</th>`);
    }
    expect(html).toContain('<td>Récert Reminders &lt;reminders@recert.local&gt;</td>');
    expect(html).toContain('<td>Sat, 05 Dec 2026 06:50:19 +0000</td>');
    expect(html).toContain(`<td>&lt;${UNSUBSCRIBE}&gt;</td>`);
    expect(html).toContain('<td>List-Unsubscribe=One-Click</td>');
    expect(html).toContain('Reminder run date: <strong>2026-11-21</strong>');
    expect(html).toContain('trainerId=t_abc, reminderKey1=f00');
    expect(html).toContain('<pre>Hi &lt;Sam&gt;</pre>');
    expect(html).not.toContain('<Sam>');
  });

  it('shows From, To, Subject and Date from the store for an email it did not see sent, and no run date', () => {
    const html = renderMailboxPage([mailboxEntry(STORED, undefined)]);
    expect(html).toContain('<td>Recert &lt;reminders@recert.local&gt;</td>');
    expect(html).toContain('<td>sam.lee@example.com</td>');
    expect(html).toContain('<td>Renew your CPR/AED card</td>');
    expect(html).toContain('<th scope="row">Date</th><td>Sat, 05 Dec 2026 06:50:19 +0000</td>');
    expect(html).not.toContain('Reminder run date');
  });

  it('says why a reminder has no run date instead of leaving it out', () => {
    const html = renderMailboxPage([
      mailboxEntry(STORED, { messageId: 'ses-1', headers: [], tags: {} }, { unknown: 'run r1 was not fired here' }),
    ]);
    expect(html).toContain('Reminder run date: unknown (run r1 was not fired here)');
  });

  it('says how to get an email when there is none', () => {
    expect(renderMailboxPage([])).toContain('No email yet');
  });
});
