import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { evaluate, type TrainerProfile } from '../core/index.js';
import { cycleTimelinePicture, TIMELINE_FONT_FAMILY } from '../functions/adapters/cycle-timeline/index.js';
import { assetPath, RASTERISER_ASSETS, timelineRasteriser } from '../functions/adapters/cycle-timeline/timeline-png.js';
import { renderReminder, toRawMime } from '../functions/adapters/email/index.js';
import { ALL_ENTRY_POINTS } from '../functions/entry-points.js';
import { BUNDLING } from '../infra/constructs/bundling-options.js';
import { REPOSITORY_ROOT } from '../infra/constructs/recert-function.js';
import type { Figure } from './bundle-size.js';

/**
 * What the cycle timeline costs (ADR 0030): drawing one as SVG (status page and email), the rasteriser's load
 * once per container, the picture per reminder email, its PNG size, the files shipped beside the bundle, and the
 * bytes the timeline and resvg's glue add to the reminder run's bundle. Figures only, never assertions.
 */

const AS_OF = '2026-11-21';
const SAM: TrainerProfile = {
  credentials: [
    { code: 'NASM-CPT', expiresOn: '2027-06-30' },
    { code: 'CPR-AED', expiresOn: '2028-01-31' },
  ],
  activities: [
    { title: 'Kettlebell workshop', completedOn: '2026-02-01', units: { NASM: 0.5 } },
    { title: 'Mobility for lifters', completedOn: '2026-02-10', units: { NASM: 0.3 } },
    { title: 'Nutrition basics', completedOn: '2026-09-15', units: { NASM: 0.4 } },
  ],
};
const RUNS = 40;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function medianMs(run: () => unknown, runs = RUNS): number {
  for (let i = 0; i < 5; i++) run();
  return median(
    Array.from({ length: runs }, () => {
      const started = performance.now();
      run();
      return performance.now() - started;
    }),
  );
}

async function medianMsAsync(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  for (let i = 0; i < 5; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Bytes of the reminder run's minified bundle that come from the timeline and from resvg's JavaScript glue. */
async function timelineBundleBytes(): Promise<number> {
  const entry = ALL_ENTRY_POINTS.find((point) => point.id === 'SendDueReminders');
  if (!entry) throw new Error('no SendDueReminders entry point');
  const result = await build({
    entryPoints: [join(REPOSITORY_ROOT, entry.entry)],
    bundle: true,
    write: false,
    outdir: join(REPOSITORY_ROOT, 'node_modules', '.cache', 'recert-bench-timeline'),
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    banner: { js: BUNDLING.banner },
    mainFields: [...BUNDLING.mainFields],
    metafile: true,
    logLevel: 'silent',
  });
  let bytes = 0;
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (/cycle-timeline|resvg-wasm|timeline-image/.test(input)) bytes += bytesInOutput;
    }
  }
  return bytes;
}

const kilobytes = (bytes: number) => Math.round(bytes / 102.4) / 10;
const round = (ms: number, places = 1) => Math.round(ms * 10 ** places) / 10 ** places;

export async function benchCycleTimeline(): Promise<Figure[]> {
  const evaluation = evaluate(SAM, AS_OF);
  const [cert] = evaluation.certifications;
  if (!cert) throw new Error('the bench profile has no certification');
  const svgMs = medianMs(() => cycleTimelinePicture(cert, evaluation, { id: 'bench' }), 200);

  // What the first reminder of a container pays: read and compile the WebAssembly and the fonts, draw once (V8
  // compiles WebAssembly lazily, so the first drawing costs most of it).
  const picture = cycleTimelinePicture(cert, evaluation, { id: 'bench', fontFamily: TIMELINE_FONT_FAMILY });
  const started = performance.now();
  const renderPng = await timelineRasteriser({ info: () => undefined, warn: () => undefined });
  const loadMs = performance.now() - started;
  if (!renderPng) throw new Error('the rasteriser did not load');
  const png = renderPng(picture.svg) ?? new Uint8Array();
  const coldMs = performance.now() - started;

  for (let i = 0; i < 30; i++) renderPng(picture.svg);
  const pngMs = medianMs(() => renderPng(picture.svg));
  // CPU time is steadier than wall time on a shared machine, and it is what a Lambda's share of a vCPU pays for.
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) renderPng(picture.svg);
  const cpu = process.cpuUsage(cpuBefore);
  const pngCpuMs = (cpu.user + cpu.system) / 1000 / RUNS;

  const input = {
    trainer: { id: 't_bench', name: 'Bench Trainer' },
    to: 'bench@example.com',
    asOf: AS_OF,
    now: new Date(`${AS_OF}T09:00:00Z`),
    evaluation,
    due: [
      { code: cert.code, milestone: { id: 'countdown-180', kind: 'countdown' as const, on: AS_OF, daysLeft: 191 } },
    ],
    links: {
      statusUrl: 'https://recert.example.com/status?token=x',
      unsubscribeUrl: 'https://recert.example.com/unsubscribe?token=x',
    },
    sender: { fromAddress: 'Recert <reminders@recert.example.com>', postalAddress: '100 Main Street, Springfield, IL' },
  };
  const withPicture = await medianMsAsync(() => toRawMime(renderReminder({ ...input, renderPng })));
  const without = await medianMsAsync(() => toRawMime(renderReminder(input)));

  const assets = Object.values(RASTERISER_ASSETS).reduce((sum, asset) => {
    const path = assetPath(asset);
    return sum + (path ? statSync(path).size : 0);
  }, 0);

  return [
    { name: 'timeline-svg', value: round(svgMs * 1000, 0), unit: 'µs' },
    { name: 'timeline-png-load', value: Math.round(loadMs), unit: 'ms' },
    { name: 'timeline-png-cold-first-picture', value: Math.round(coldMs), unit: 'ms' },
    { name: 'timeline-png-per-email', value: round(pngMs), unit: 'ms' },
    { name: 'timeline-png-cpu-per-email', value: round(pngCpuMs), unit: 'ms' },
    { name: 'timeline-png-size', value: kilobytes(png.byteLength), unit: 'KB' },
    { name: 'reminder-email-with-timeline', value: round(withPicture), unit: 'ms' },
    { name: 'reminder-email-without-timeline', value: round(without, 2), unit: 'ms' },
    { name: 'timeline-assets-beside-bundle', value: kilobytes(assets), unit: 'KB' },
    { name: 'bundle-SendDueReminders-timeline-share', value: kilobytes(await timelineBundleBytes()), unit: 'KB' },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of await benchCycleTimeline()) console.log(`${figure.name}: ${figure.value} ${figure.unit}`);
}
