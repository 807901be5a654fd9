import { describe, expect, it } from 'vitest';
import { feedLinks } from '../../../../functions/features/my-record/calendar-feed.js';
import { calendarSection } from '../../../../functions/pages/calendar-section.js';

const token = 'st_sam.token';
const feed = feedLinks('https://recert.example.com/', 'abcdefghijklmnopqrstuvwxyz234567');

/** The section's forms: each as its action and hidden fields. */
function forms(html: string): { action: string; fields: Record<string, string> }[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)">(.*?)<\/form>/g)].map(
    ([, action = '', inner = '']) => ({
      action,
      fields: Object.fromEntries(
        [...inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [
          name,
          value,
        ]),
      ),
    }),
  );
}

describe('the status page’s calendar section', () => {
  it('before a link exists: one form that asks for it, carrying the status token, and no feed address', () => {
    const html = calendarSection({ token });
    expect(html).toContain('<h2 id="calendar-title">Subscribe in your calendar</h2>');
    expect(html).toContain('id="calendar"');
    expect(forms(html)).toEqual([{ action: '/status/calendar', fields: { token, action: 'create' } }]);
    expect(html).toContain('Get my calendar link');
    expect(html).not.toContain('/calendar/');
    expect(html).toContain('reminder emails still come with the dates as a calendar file');
  });

  it('with a link: the https address to copy, webcal, Google and Outlook buttons, and "Replace this link"', () => {
    expect(feed).toEqual({
      https: 'https://recert.example.com/calendar/abcdefghijklmnopqrstuvwxyz234567.ics',
      webcal: 'webcal://recert.example.com/calendar/abcdefghijklmnopqrstuvwxyz234567.ics',
    });
    const html = calendarSection({ token, calendarFeed: feed });
    expect(html).toContain(`<input id="calendar-url" type="text" readonly value="${feed.https}"`);
    expect(html).toContain('<label for="calendar-url">');
    expect(html).toContain(`<a href="${feed.webcal}">Add to Apple Calendar</a>`);
    expect(html).toContain(
      '<a href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Frecert.example.com%2Fcalendar%2Fabcdefghijklmnopqrstuvwxyz234567.ics" rel="noreferrer">Add to Google Calendar</a>',
    );
    expect(html).toContain(
      '<a href="https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Frecert.example.com%2Fcalendar%2Fabcdefghijklmnopqrstuvwxyz234567.ics&amp;name=Recert%20deadlines" rel="noreferrer">Add to Outlook</a>',
    );
    expect(forms(html)).toEqual([{ action: '/status/calendar', fields: { token, action: 'rotate' } }]);
    expect(html).toContain('Replace this link');
    expect(html).toContain('The old link stops working at once');
    expect(html).not.toContain('Get my calendar link');
  });

  it('escapes what it is given', () => {
    const html = calendarSection({
      token: '"><script>x</script>',
      calendarFeed: { https: 'https://a/"x', webcal: 'webcal://a/"x' },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x"');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });
});
