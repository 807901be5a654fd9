import { describe, expect, it, vi } from 'vitest';
import type { ViewOutcome } from '../../../../../functions/adapters/dynamodb/share-link-repository.js';
import {
  prefersJson,
  SHARE_VIEW_LIMIT,
  viewSharedStatus,
} from '../../../../../functions/features/sharing/view-shared-status.js';
import type { Dependencies } from '../../../../../functions/wiring/dependencies.js';
import { link, NOW, trainer } from './fixtures.js';

const ID = 'A'.repeat(32);

function deps({
  /** null: no pointer for the id. */
  found = { trainerId: 't_abcdefghijklmnopqrst', ref: 'b'.repeat(64) } as { trainerId: string; ref: string } | null,
  admitted = true,
  view = { kind: 'live', link: link() } as ViewOutcome,
} = {}) {
  const shareLinks = { find: vi.fn(async () => found ?? undefined), recordView: vi.fn(async () => view) };
  const shareViewWindows = {
    admit: vi.fn(async () => ({ admitted, windowEndsAt: new Date(NOW.getTime() + 125_000) })),
  };
  const trainers = { get: vi.fn(async () => trainer()) };
  const all = { repositories: { shareLinks, shareViewWindows, trainers } } as unknown as Dependencies;
  return { all, shareLinks, shareViewWindows, trainers };
}

describe('GET /verify/{link}', () => {
  it('unknown: 404, counted against nothing and read no further', async () => {
    const fake = deps({ found: null });
    const response = await viewSharedStatus(fake.all, ID, 'application/json', NOW);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(String(response.body)).error.code).toBe('share.not-found');
    expect(fake.shareViewWindows.admit).not.toHaveBeenCalled();
    expect(fake.shareLinks.recordView).not.toHaveBeenCalled();
  });

  it('a full window: 429 with Retry-After, and no view counted', async () => {
    const fake = deps({ admitted: false });
    const response = await viewSharedStatus(fake.all, ID, 'text/html', NOW);
    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('125');
    expect(String(response.body)).toContain('Please try again in 3 minutes.');
    expect(fake.shareViewWindows.admit).toHaveBeenCalledWith('b'.repeat(64), NOW, SHARE_VIEW_LIMIT);
    expect(fake.shareLinks.recordView).not.toHaveBeenCalled();
  });

  it('ended: 410 and the trainer is never read', async () => {
    const fake = deps({ view: { kind: 'ended' } });
    const response = await viewSharedStatus(fake.all, ID, 'application/json', NOW);
    expect(response.statusCode).toBe(410);
    expect(JSON.parse(String(response.body)).error.code).toBe('share.gone');
    expect(fake.trainers.get).not.toHaveBeenCalled();
  });

  it('erased between the reads: 404, like a link never made', async () => {
    const fake = deps({ view: { kind: 'unknown' } });
    expect((await viewSharedStatus(fake.all, ID, 'text/html', NOW)).statusCode).toBe(404);
  });

  it('live: the status, as JSON for an API client and as a page for a browser, both varying by Accept', async () => {
    const fake = deps();
    const asJson = await viewSharedStatus(fake.all, ID, 'application/json', NOW);
    expect(asJson.statusCode).toBe(200);
    expect(JSON.parse(String(asJson.body)).certifications).toEqual([
      { code: 'NASM-CPT', name: 'NASM Certified Personal Trainer', phase: 'current', expiresOn: '2027-03-31' },
    ]);
    const asPage = await viewSharedStatus(fake.all, ID, 'text/html,application/json;q=0.9', NOW);
    expect(asPage.headers?.['content-type']).toMatch(/^text\/html/);
    for (const response of [asJson, asPage]) expect(response.headers?.vary).toBe('accept');
  });
});

describe('prefersJson', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false],
    ['application/json, text/html', false],
    ['*/*', false],
    [undefined, false],
  ])('%s → %s', (accept, json) => {
    expect(prefersJson(accept)).toBe(json);
  });
});
