import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RASTERISER_ASSETS } from '../../functions/adapters/cycle-timeline/timeline-png.js';
import { SCHEDULED_RUN } from '../../functions/entry-points.js';
import { timelineAssetCopyCommands } from '../../infra/constructs/timeline-assets.js';

let outputDir: string | undefined;
afterEach(() => {
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});

describe('timeline rasteriser files in the deployed bundle', () => {
  it('are copied beside the daily run bundle under the names the renderer looks for', () => {
    outputDir = mkdtempSync(join(tmpdir(), 'recert-bundle-'));
    for (const command of timelineAssetCopyCommands(outputDir)) execSync(command);

    for (const asset of Object.values(RASTERISER_ASSETS)) {
      const copied = join(outputDir, asset.beside);
      expect(existsSync(copied), asset.beside).toBe(true);
      expect(statSync(copied).size).toBe(statSync(asset.packaged()).size);
    }
  });

  it('go with the function that sends reminders', () => {
    expect(SCHEDULED_RUN.drawsTimelinePictures).toBe(true);
  });
});
