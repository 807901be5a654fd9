/**
 * The timeline as a PNG for the reminder email (mail apps show no SVG). resvg compiled to WebAssembly draws it, with
 * Atkinson Hyperlegible (SIL OFL) as the one font: Lambda has no system fonts, and one known font keeps the picture
 * the same everywhere. Its files are read once per container, on the first reminder, never on import: none of
 * the rasteriser is in the bundle (ADR 0030).
 *
 * Anything that goes wrong here costs the picture, never the email: the reminder says the same in words.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type RenderPng, TIMELINE_FONT_FAMILY } from './index.js';

export interface RasteriserLogger {
  info(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
  warn(message: string, ...fields: Readonly<Record<string, unknown>>[]): void;
}

/** Pixels per SVG pixel: sharp on the high-density screens most email is read on. */
export const PNG_SCALE = 2;

interface Asset {
  /** The name beside the deployed bundle. */
  readonly beside: string;
  /** Where the package puts it (tests, the local stack, the benchmark); throws when it is not installed. */
  readonly packaged: () => string;
}

const installed = (specifier: string) => () => createRequire(import.meta.url).resolve(specifier);
const RESVG_WASM = '@resvg/resvg-wasm/index_bg.wasm';
const ATKINSON = '@expo-google-fonts/atkinson-hyperlegible';

/**
 * The files the rasteriser reads, resvg's JavaScript glue among them, so not a byte of the rasteriser is in the
 * bundle. A Lambda bundle has no node_modules: the build copies these beside it (ADR 0030).
 */
export const RASTERISER_ASSETS = {
  // The package exports only its CommonJS entry and the .wasm; the ES module sits beside the .wasm.
  glue: { beside: 'resvg.mjs', packaged: () => join(dirname(installed(RESVG_WASM)()), 'index.mjs') },
  wasm: { beside: 'resvg.wasm', packaged: installed(RESVG_WASM) },
  regular: {
    beside: 'timeline-regular.ttf',
    packaged: installed(`${ATKINSON}/400Regular/AtkinsonHyperlegible_400Regular.ttf`),
  },
  bold: { beside: 'timeline-bold.ttf', packaged: installed(`${ATKINSON}/700Bold/AtkinsonHyperlegible_700Bold.ttf`) },
} as const satisfies Record<string, Asset>;

/** The asset beside this module (the bundle, in Lambda), else the packaged one; undefined when neither is there. */
export function assetPath(asset: Asset): string | undefined {
  const beside = fileURLToPath(new URL(asset.beside, import.meta.url));
  if (existsSync(beside)) return beside;
  try {
    const packaged = asset.packaged();
    return existsSync(packaged) ? packaged : undefined;
  } catch {
    return undefined;
  }
}

function pathOf(asset: Asset): string {
  const path = assetPath(asset);
  if (path === undefined) throw new Error(`${asset.beside} is neither beside the bundle nor installed`);
  return path;
}

async function load(logger: RasteriserLogger): Promise<RenderPng | undefined> {
  const started = performance.now();
  try {
    const [wasm, regular, bold] = await Promise.all(
      [RASTERISER_ASSETS.wasm, RASTERISER_ASSETS.regular, RASTERISER_ASSETS.bold].map((asset) =>
        readFile(pathOf(asset)),
      ),
    );
    // A path known only at run time: esbuild leaves the import alone, so the glue stays out of the bundle.
    const glue = pathToFileURL(pathOf(RASTERISER_ASSETS.glue)).href;
    const { initWasm, Resvg } = (await import(glue)) as typeof import('@resvg/resvg-wasm');
    await initWasm(wasm);
    const options = {
      font: {
        fontBuffers: [regular, bold],
        defaultFontFamily: TIMELINE_FONT_FAMILY,
        sansSerifFamily: TIMELINE_FONT_FAMILY,
      },
      fitTo: { mode: 'zoom' as const, value: PNG_SCALE },
    };
    logger.info('timeline rasteriser loaded', { ms: Math.round(performance.now() - started) });
    return (svg) => {
      try {
        // wasm-bindgen objects hold WebAssembly memory until freed: a long run renders thousands.
        const resvg = new Resvg(svg, options);
        try {
          const image = resvg.render();
          try {
            return image.asPng();
          } finally {
            image.free();
          }
        } finally {
          resvg.free();
        }
      } catch (error) {
        logger.warn('timeline picture not drawn; the email goes without it', { reason: String(error) });
        return undefined;
      }
    };
  } catch (error) {
    logger.warn('timeline pictures are off: the rasteriser did not load', { reason: String(error) });
    return undefined;
  }
}

let loaded: Promise<RenderPng | undefined> | undefined;

/**
 * The rasteriser, loaded on first call and kept for the life of the container (resvg's WebAssembly initialises once
 * per process); undefined, said once in the log, when it cannot load.
 */
export function timelineRasteriser(logger: RasteriserLogger): Promise<RenderPng | undefined> {
  loaded ??= load(logger);
  return loaded;
}
