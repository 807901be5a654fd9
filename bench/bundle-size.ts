import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { ALL_ENTRY_POINTS } from '../functions/entry-points.js';
import { AWS_SDK_PACKAGE, BUNDLING } from '../infra/constructs/bundling-options.js';
import { REPOSITORY_ROOT } from '../infra/constructs/recert-function.js';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** Paired runs per bundle: a fresh Node's start time swings by ±40 ms on this shared VM, so the median needs many. */
const LOAD_RUNS = 15;

/** Inside the repository so a bundle, were anything left external, would resolve it from node_modules. */
const OUT_DIR = join(REPOSITORY_ROOT, 'node_modules', '.cache', 'recert-bench');

/** What a handler's config parse needs, so a module that reads config at import time loads as it would in Lambda. */
const LAMBDA_LIKE_ENV = {
  TABLE_NAME: 'bench-table',
  BASE_URL: 'https://recert.example',
  SENDER_ADDRESS: 'Recert <reminders@example.com>',
  POSTAL_ADDRESS: 'Recert, 123 Example Street, Springfield, IL 62701, USA',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Bundle {
  readonly file: string;
  readonly bytes: number;
  /** Bytes of the bundle that are not the AWS SDK: what the size target counts. */
  readonly bytesWithoutSdk: number;
}

/** Bundles one entry exactly as RecertFunction does (shared options). */
async function bundle(id: string, entry: string): Promise<Bundle> {
  const file = join(OUT_DIR, id, 'index.mjs');
  const result = await build({
    entryPoints: [join(REPOSITORY_ROOT, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    banner: { js: BUNDLING.banner },
    external: [...BUNDLING.externalModules],
    mainFields: [...BUNDLING.mainFields],
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.metafile.outputs[relativeToCwd(file)];
  if (output === undefined) throw new Error(`esbuild reported no output for ${file}`);
  const ownInputs = reachableWithoutSdk(result.metafile, output.entryPoint ?? '');
  let bytesWithoutSdk = 0;
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (ownInputs.has(input)) bytesWithoutSdk += bytesInOutput;
  }
  return { file, bytes: statSync(file).size, bytesWithoutSdk };
}

function relativeToCwd(file: string): string {
  return relative(process.cwd(), file).split(sep).join('/');
}

/**
 * Inputs the entry reaches without passing through an AWS SDK package: the SDK's own dependencies (XML parser,
 * tslib …) count as SDK, while anything our code imports directly counts as ours even if the SDK uses it too.
 */
function reachableWithoutSdk(metafile: Metafile, entry: string): Set<string> {
  const reached = new Set<string>();
  const queue = [entry];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (reached.has(next) || AWS_SDK_PACKAGE.test(next)) continue;
    reached.add(next);
    for (const imported of metafile.inputs[next]?.imports ?? []) {
      if (!imported.external) queue.push(imported.path);
    }
  }
  return reached;
}

/** Wall time of a fresh `node` that imports `file` and exits. */
function importMs(file: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
    {
      env: { ...process.env, ...LAMBDA_LIKE_ENV },
      encoding: 'utf8',
    },
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr.split('\n')[0] ?? ''}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Median over a few runs of (import the bundle − import an empty module), paired so machine load cancels out. */
function medianLoadMs(file: string, empty: string): number {
  const differences = Array.from({ length: LOAD_RUNS }, () => importMs(file) - importMs(empty));
  return Math.max(0, median(differences));
}

const kilobytes = (bytes: number) => Math.round(bytes / 102.4) / 10;

/**
 * Per handler: `bundle-<id>` (minified .mjs without the AWS SDK, the target's measure), `bundle-with-sdk-<id>`
 * (the file that is deployed) and `cold-load-<id>` (a fresh Node process importing the deployed bundle, minus the
 * same process importing an empty module; median of a few runs). Targets: ≤ 250 KB and ≤ 150 ms. Prints, never
 * asserts.
 */
export async function benchBundles(): Promise<Array<{ name: string; value: number; unit: string }>> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const empty = join(OUT_DIR, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');

  const figures: Figure[] = [];
  for (const entryPoint of ALL_ENTRY_POINTS) {
    const { file, bytes, bytesWithoutSdk } = await bundle(entryPoint.id, entryPoint.entry);
    figures.push({ name: `bundle-${entryPoint.id}`, value: kilobytes(bytesWithoutSdk), unit: 'KB' });
    figures.push({ name: `bundle-with-sdk-${entryPoint.id}`, value: kilobytes(bytes), unit: 'KB' });
    figures.push({ name: `cold-load-${entryPoint.id}`, value: Math.round(medianLoadMs(file, empty)), unit: 'ms' });
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const figure of await benchBundles()) console.log(`${figure.name}: ${figure.value} ${figure.unit}`);
}
