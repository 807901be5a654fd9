import { describe, expect, it } from 'vitest';
import { RenderInputError, renderStatusLink } from '../../../../../functions/adapters/email/index.js';
import { links, sender } from './fixtures.js';

describe('renderStatusLink', () => {
  const message = renderStatusLink({
    to: 'sam@example.com',
    statusUrl: links.statusUrl,
    validDays: 30,
    validUntil: '2026-12-21',
    sender,
  });

  it('carries one link, to the status page, in both parts', () => {
    expect(message.subject).toBe('Your Recert status link');
    expect(message.html.match(/href=/g)).toHaveLength(1);
    expect(message.html).toContain(`href="${links.statusUrl}"`);
    expect(message.text).toContain(`Open my status page: ${links.statusUrl}`);
  });

  it('says how long the link works, with the date a trainer reads, and what to do if they did not ask', () => {
    expect(message.text).toContain('The link works for 30 days, until 21 Dec 2026.');
    expect(message.text).toContain('If you did not ask for it, you can ignore this email');
    expect(message.html).toContain('until 21 Dec 2026');
  });

  it('carries the postal address but no list headers: it answers the trainer’s own request', () => {
    expect(message.text).toContain(sender.postalAddress);
    expect(message.headers).toEqual({});
  });

  it('refuses a link that is not https, naming the field', () => {
    expect(() =>
      renderStatusLink({
        to: 'sam@example.com',
        statusUrl: 'http://recert.example.com/status?token=x',
        validDays: 30,
        validUntil: '2026-12-21',
        sender,
      }),
    ).toThrow(RenderInputError);
  });
});
