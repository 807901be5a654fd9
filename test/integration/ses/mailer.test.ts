import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderConfirmation, renderCreditRecorded, renderReminder } from '../../../functions/adapters/email/index.js';
import { createMailer, createSesClient } from '../../../functions/adapters/ses/index.js';
import { type SesLocal, startSesLocal } from '../../helpers/ses-local.js';
import { cpt, links, sender, storyInput } from '../../unit/functions/adapters/email/fixtures.js';

const confirmUrl = 'https://recert.example.com/confirm?token=cf_sam';

describe('mailer against aws-ses-v2-local', () => {
  let ses: SesLocal;

  beforeAll(async () => {
    ses = await startSesLocal();
  });
  afterAll(async () => {
    await ses.stop();
  });
  beforeEach(async () => {
    await ses.clear();
  });

  it('delivers the rendered reminder with its text and calendar attachment', async () => {
    const client = createSesClient({ region: 'us-east-1', endpoint: ses.endpoint });
    const mailer = createMailer({
      client,
      fromAddress: 'reminders@recert.example.com',
      configurationSetName: 'recert-local',
    });
    const message = renderReminder(storyInput);

    const { messageId } = await mailer.send(message, { tags: { reminderKey: 'r_t_8f3a2c_NASM-CPT_2027-06-30_c150' } });
    client.destroy();

    const emails = await ses.stored();
    expect(emails).toHaveLength(1);
    const [email] = emails;
    expect(email?.messageId).toBe(messageId);
    expect(email?.subject).toBe('Renew your CPR/AED card by 31 Jan 2027 (+1 more deadline)');
    expect(email?.destination.to).toEqual(['sam@example.com']);
    expect(email?.body.text).toContain(
      'NASM-CPT expires on 30 Jun 2027. You have 0.1 of 2 CEUs; finish the remaining 1.9 CEUs by 31 May 2027.',
    );
    expect(email?.body.text).toContain('- Finish your CE by: 31 May 2027\n');
    expect(email?.body.html).toContain('max-width:600px');
    expect(email?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['recert-deadlines.ics', 'text/calendar'],
    ]);
    const ics = Buffer.from(email?.attachments[0]?.content ?? '', 'base64').toString('utf8');
    expect(ics).toBe(message.attachments[0]?.content);
  });

  it.each([
    ['confirmation', renderConfirmation({ name: 'Sam Lee', to: 'sam@example.com', confirmUrl, sender })],
    [
      'credit recorded',
      renderCreditRecorded({
        name: 'Sam Lee',
        to: 'sam@example.com',
        credit: { title: 'NASM-PES', completedOn: '2026-11-19', units: { NASM: 1.9 } },
        certifications: [cpt],
        statusUrl: links.statusUrl,
        unsubscribeUrl: links.unsubscribeUrl,
        sender,
      }),
    ],
  ])('delivers the %s email as rendered', async (_kind, message) => {
    const client = createSesClient({ region: 'us-east-1', endpoint: ses.endpoint });
    const mailer = createMailer({ client, fromAddress: 'reminders@recert.example.com' });

    await mailer.send(message);
    client.destroy();

    const emails = await ses.stored();
    expect(emails.map((e) => [e.subject, e.body.text])).toEqual([[message.subject, message.text]]);
  });
});
