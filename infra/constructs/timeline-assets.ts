import { join } from 'node:path';
import { RASTERISER_ASSETS } from '../../functions/adapters/cycle-timeline/timeline-png.js';

/**
 * Shell commands that copy the timeline rasteriser's files (resvg's glue and WebAssembly, two font files) from
 * node_modules to beside the bundle, where `assetPath` looks first in Lambda (ADR 0030). The bundle itself carries
 * none of them, so only the functions that draw timelines pay for the files.
 */
export function timelineAssetCopyCommands(outputDir: string): string[] {
  return Object.values(RASTERISER_ASSETS).map(
    (asset) => `cp ${JSON.stringify(asset.packaged())} ${JSON.stringify(join(outputDir, asset.beside))}`,
  );
}
