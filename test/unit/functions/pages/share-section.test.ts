import { describe, expect, it } from 'vitest';
import type { ShareLinkListing } from '../../../../functions/adapters/dynamodb/share-link-repository.js';
import { shareSection } from '../../../../functions/pages/share-section.js';
import { cpt, evaluation } from '../adapters/email/fixtures.js';

const token = 'st_sam.token';

function listing(extra: Partial<ShareLinkListing>): ShareLinkListing {
  return {
    entity: 'ShareLink',
    version: 1,
    linkRef: 'a'.repeat(64),
    codes: [cpt.code],
    createdAt: '2026-11-21T10:00:00.000Z',
    views: 0,
    state: 'live',
    ...extra,
  };
}

const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the status page’s "Share your status" section', () => {
  it('with no link yet: says what a link shows and never shows, and offers the form open, 90 days chosen', () => {
    const html = shareSection({ token, evaluation });
    expect(html).toContain('<h2 id="share-title">Share your status</h2>');
    expect(words(html)).toContain('Never your email address, your courses or our advice.');
    expect(html).toContain('<details id="share-new" open>');
    expect(html).toContain(
      `<input type="hidden" name="token" value="${token}"><input type="hidden" name="action" value="create">`,
    );
    expect(html).toContain(`name="codes[0]" value="${cpt.code}"`);
    expect(html).toContain('id="share-expires-90" name="expires" value="90" checked');
    expect(html).not.toContain('name="link"');
  });

  it('lists each link with what it shows, until when, its views and a one-click "Turn off" for those that work', () => {
    const html = shareSection({
      token,
      evaluation,
      shareLinks: [
        listing({
          linkRef: 'b'.repeat(64),
          label: 'Old <Gym>',
          state: 'revoked',
          revokedAt: '2026-11-22T08:00:00.000Z',
          views: 1,
          lastViewedAt: '2026-11-21T12:00:00.000Z',
        }),
        listing({
          label: 'Northside',
          validUntil: '2027-02-19T23:59:59.999Z',
          views: 3,
          lastViewedAt: '2026-11-23T12:00:00.000Z',
        }),
        listing({ linkRef: 'c'.repeat(64), codes: [cpt.code, 'ACE-CPT'], createdAt: '2026-11-20T10:00:00.000Z' }),
      ],
    });
    const text = words(html);
    expect(text).toContain(
      `For Northside Shows ${cpt.code} and your CPR/AED card · made on 21 Nov 2026 Works until 19 Feb 2027 · Opened 3 times, last on 23 Nov 2026`,
    );
    expect(text).toContain(
      `Link made on 20 Nov 2026 Shows ${cpt.code} and your CPR/AED card (ACE-CPT is no longer on your record)`,
    );
    expect(text).toContain('Works until you turn it off · Not opened yet');
    expect(text).toContain('For Old &lt;Gym&gt;');
    expect(text).toContain('Turned off on 22 Nov 2026 · Opened once, last on 21 Nov 2026');
    // Live ones first (newest first), then ended; only live ones can be turned off; the form is closed now.
    expect([...html.matchAll(/name="link" value="([a-f0-9]{64})"/g)].map((m) => m[1]?.[0])).toEqual(['a', 'c']);
    expect(html.indexOf('Northside')).toBeLessThan(html.indexOf('Old &lt;Gym&gt;'));
    expect(html).toContain('<details id="share-new">');
  });

  it('shows a form mistake again: the message, what was ticked and typed, the form open', () => {
    const html = shareSection({
      token,
      evaluation,
      shareLinks: [listing({})],
      posted: {
        action: 'share-create',
        values: { codes: cpt.code, expires: 'never', label: 'x'.repeat(61) },
        errors: { label: 'Keep it to 60 characters' },
      },
    });
    expect(html).toContain('<details id="share-new" open>');
    expect(html).toContain(`value="${cpt.code}" checked`);
    expect(html).toContain('value="never" checked');
    expect(html).toContain('<p class="error" id="share-label-error">Keep it to 60 characters</p>');
  });

  it('with no certification on the record: nothing to share yet, and no form', () => {
    const html = shareSection({ token, evaluation: { ...evaluation, certifications: [] } });
    expect(html).toContain('Add a certification below first');
    expect(html).not.toContain('<form');
  });
});
