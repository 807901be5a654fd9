import { describe, expect, it, vi } from 'vitest';
import type { ShareLinkListing } from '../../../../../functions/adapters/dynamodb/share-link-repository.js';
import { html } from '../../../../../functions/common/http.js';
import {
  MAX_LIVE_LINKS,
  postShareLink,
  shareUrl,
} from '../../../../../functions/features/sharing/manage-share-links.js';
import type { Dependencies } from '../../../../../functions/wiring/dependencies.js';
import { link, NOW, trainer } from './fixtures.js';

const TOKEN = 'st_sam.token';

function deps(listed: readonly ShareLinkListing[] = []) {
  const shareLinks = {
    listForTrainer: vi.fn(async () => listed),
    create: vi.fn(async () => ({ linkId: 'L'.repeat(32), link: link() })),
    revoke: vi.fn(async () => 'revoked' as const),
  };
  return { all: { repositories: { shareLinks } } as unknown as Dependencies, shareLinks };
}

const showErrors = vi.fn(async () => html(400, 'the status page'));

describe('POST /status/share', () => {
  it('makes the link for the trainer the token names, until the end of its last day, and sends the browser to its page', async () => {
    const fake = deps();
    const response = await postShareLink(
      fake.all,
      trainer(),
      { token: TOKEN, action: 'create', codes: ['NASM-CPT'], expires: '30', label: 'Gym' },
      NOW,
      showErrors,
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe(`/status/share?token=st_sam.token&link=${'L'.repeat(32)}`);
    expect(fake.shareLinks.create).toHaveBeenCalledWith(
      't_abcdefghijklmnopqrst',
      { codes: ['NASM-CPT'], days: 30, label: 'Gym', validUntil: new Date('2026-12-21T23:59:59.999Z') },
      NOW,
    );
  });

  it(`refuses a link over ${MAX_LIVE_LINKS} that work, with the form again; ended ones do not count`, async () => {
    const live = Array.from({ length: MAX_LIVE_LINKS }, () => ({ ...link(), state: 'live' as const }));
    const ended = { ...link(), state: 'revoked' as const };
    const full = deps(live);
    const form = { token: TOKEN, action: 'create' as const, codes: ['NASM-CPT'], expires: '90' as const };
    expect((await postShareLink(full.all, trainer(), form, NOW, showErrors)).statusCode).toBe(400);
    expect(showErrors).toHaveBeenLastCalledWith(
      expect.objectContaining({
        errors: { form: `You have ${MAX_LIVE_LINKS} links that work: turn one off before making another.` },
      }),
    );
    expect(full.shareLinks.create).not.toHaveBeenCalled();

    const room = deps([...live.slice(1), ended]);
    expect((await postShareLink(room.all, trainer(), form, NOW, showErrors)).statusCode).toBe(303);
  });

  it('turns off a link of this trainer only, and goes back to the section', async () => {
    const fake = deps();
    const ref = 'c'.repeat(64);
    const response = await postShareLink(
      fake.all,
      trainer(),
      { token: TOKEN, action: 'revoke', link: ref },
      NOW,
      showErrors,
    );
    expect(fake.shareLinks.revoke).toHaveBeenCalledWith('t_abcdefghijklmnopqrst', ref, NOW);
    expect(response.headers?.location).toBe('/status?token=st_sam.token&done=share-revoked#share');
  });

  it('a form mistake writes nothing', async () => {
    const fake = deps();
    const response = await postShareLink(
      fake.all,
      trainer(),
      { token: TOKEN, action: 'create', codes: [], expires: '90' },
      NOW,
      showErrors,
    );
    expect(response.statusCode).toBe(400);
    expect(fake.shareLinks.create).not.toHaveBeenCalled();
  });

  it('builds the address on the deployment’s base URL', () => {
    expect(shareUrl('https://recert.example.com/', 'abc')).toBe('https://recert.example.com/verify/abc');
  });
});
