/**
 * The reminder carries each due certification's cycle timeline as a PNG inside the message (no remote fetch), with
 * alt text that says what it shows; the text part says the same, and an email whose picture could not be drawn
 * reads exactly as one sent without pictures.
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { cycleTimelinePicture, type RenderPng } from '../../../../../functions/adapters/cycle-timeline/index.js';
import {
  assetPath,
  PNG_SCALE,
  RASTERISER_ASSETS,
  timelineRasteriser,
} from '../../../../../functions/adapters/cycle-timeline/timeline-png.js';
import { renderReminder, toRawMime } from '../../../../../functions/adapters/email/index.js';
import { cpt, evaluation, storyInput } from './fixtures.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const FAKE_PNG = Uint8Array.from([...PNG_SIGNATURE, 1, 2, 3]);

/** A stand-in rasteriser that keeps what it was asked to draw. */
function recordingRasteriser(): { renderPng: RenderPng; drawn: string[] } {
  const drawn: string[] = [];
  return {
    drawn,
    renderPng: (svg) => {
      drawn.push(svg);
      return FAKE_PNG;
    },
  };
}

/** The sentence the status page gives the same timeline. */
const pageSentence = cycleTimelinePicture(cpt, evaluation, { id: 'page' }).sentence;

describe('the timeline picture in the reminder', () => {
  it('shows the CPT’s timeline inline by Content-ID, with the page’s sentence as alt text and in the text part', () => {
    const { renderPng, drawn } = recordingRasteriser();
    const message = renderReminder({ ...storyInput, renderPng });
    // The card is due too, but it is no certification: one picture, the CPT's.
    expect(drawn).toHaveLength(1);
    expect(message.images).toEqual([
      {
        contentId: 'timeline-nasm-cpt@recert',
        filename: 'timeline-nasm-cpt.png',
        contentType: 'image/png',
        content: FAKE_PNG,
      },
    ]);
    expect(pageSentence).toMatch(/^Timeline of NASM-CPT: cycle started on 1 Jul 2025; today is 1 Jan 2027; /);
    const img = /<img [^>]*>/.exec(message.html)?.[0] ?? '';
    expect(img).toContain('src="cid:timeline-nasm-cpt@recert"');
    expect(img).toContain(`alt="${pageSentence}"`);
    expect(img).toMatch(/width="\d+" height="\d+"/);
    expect(message.text).toContain(pageSentence);
  });

  it('draws the page’s picture in the font the rasteriser has', () => {
    const { renderPng, drawn } = recordingRasteriser();
    renderReminder({ ...storyInput, renderPng });
    const page = cycleTimelinePicture(cpt, evaluation, { id: 'timeline-nasm-cpt' }).svg;
    expect(drawn[0]).toContain('font-family="Atkinson Hyperlegible"');
    expect(drawn[0]?.replace(' font-family="Atkinson Hyperlegible"', '')).toBe(page);
  });

  it('reads exactly as an email without pictures when the picture could not be drawn', () => {
    const without = renderReminder(storyInput);
    const failed = renderReminder({ ...storyInput, renderPng: () => undefined });
    expect(failed.images).toBeUndefined();
    expect(failed.text).toBe(without.text);
    expect(failed.html).toBe(without.html);
    expect(without.text).not.toContain('Timeline of');
    // With images off the dates are still there, in the text part and the HTML's table.
    expect(without.text).toContain('- Finish your CE by: 31 May 2027');
  });

  it('carries the PNG in a multipart/related beside the HTML: inline, by Content-ID, nothing to fetch', async () => {
    const { renderPng } = recordingRasteriser();
    const raw = Buffer.from(await toRawMime(renderReminder({ ...storyInput, renderPng })));
    const source = raw.toString('latin1');
    const order = ['multipart/mixed', 'multipart/alternative', 'text/plain', 'multipart/related; type="text/html"'];
    const positions = order.map((part) => source.indexOf(`Content-Type: ${part}`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(source).toContain('Content-ID: <timeline-nasm-cpt@recert>');

    const parsed = await simpleParser(raw, { keepCidLinks: true });
    const picture = parsed.attachments.find((attachment) => attachment.contentType === 'image/png');
    expect(picture).toMatchObject({ cid: 'timeline-nasm-cpt@recert', contentDisposition: 'inline', related: true });
    expect([...(picture?.content ?? [])]).toEqual([...FAKE_PNG]);
    expect(parsed.html).toContain('src="cid:timeline-nasm-cpt@recert"');
    expect(parsed.html).not.toMatch(/src="https?:/);
    // The calendar file is still a file to open, outside the related part.
    expect(parsed.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'))).toMatchObject({
      contentDisposition: 'attachment',
    });
  });
});

describe('the rasteriser (resvg as WebAssembly, Atkinson Hyperlegible)', () => {
  const warnings: string[] = [];
  const logger = { info: () => undefined, warn: (message: string) => void warnings.push(message) };

  it('draws the timeline as a PNG at twice its size', async () => {
    const renderPng = await timelineRasteriser(logger);
    const picture = cycleTimelinePicture(cpt, evaluation, { id: 't', fontFamily: 'Atkinson Hyperlegible' });
    const png = renderPng?.(picture.svg);
    expect([...(png ?? []).slice(0, 8)]).toEqual(PNG_SIGNATURE);
    const header = Buffer.from(png ?? []);
    expect([header.readUInt32BE(16), header.readUInt32BE(20)]).toEqual([
      picture.width * PNG_SCALE,
      picture.height * PNG_SCALE,
    ]);
  });

  it('finds its files beside the bundle first, then in node_modules, and none that is missing', () => {
    expect(assetPath(RASTERISER_ASSETS.wasm)).toMatch(/node_modules\/@resvg\/resvg-wasm\/index_bg\.wasm$/);
    expect(assetPath(RASTERISER_ASSETS.glue)).toMatch(/node_modules\/@resvg\/resvg-wasm\/index\.mjs$/);
    expect(assetPath({ beside: 'no-such.wasm', packaged: () => '/no/such/file.wasm' })).toBeUndefined();
  });

  it('gives up the picture, not the email, on an SVG it cannot draw, and says so in the log', async () => {
    const renderPng = await timelineRasteriser(logger);
    expect(renderPng?.('<svg')).toBeUndefined();
    expect(warnings).toContain('timeline picture not drawn; the email goes without it');
  });
});
