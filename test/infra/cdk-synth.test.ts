import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_ENTRY_POINTS } from '../../functions/entry-points.js';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/bundling-options.js';

const root = join(import.meta.dirname, '..', '..');

interface AssetManifest {
  readonly files: Record<string, { readonly source: { readonly path: string; readonly packaging?: string } }>;
}

interface FunctionResource {
  readonly Type: string;
  readonly Metadata?: Record<string, string>;
}

describe('npx cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'recert-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('bundles every handler with esbuild and synthesizes both stacks offline with no context', () => {
    // No credentials and no instance metadata: synth must not need AWS (it runs the same in CI and offline).
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '', CDK_DEFAULT_ACCOUNT: '' },
    });

    expect(result.status, result.stderr).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, 'Recert-dev-Stateless.template.json'), 'utf8')) as {
      Resources: Record<string, FunctionResource>;
    };
    const assets = JSON.parse(readFileSync(join(outdir, 'Recert-dev-Stateless.assets.json'), 'utf8')) as AssetManifest;
    const functions = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(ALL_ENTRY_POINTS.length);
    for (const fn of functions) {
      const assetPath = fn.Metadata?.['aws:asset:path'];
      expect(assetPath, JSON.stringify(fn.Metadata)).toBeDefined();
      const bundle = join(outdir, assetPath ?? '', 'index.mjs');
      const code = readFileSync(bundle, 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      // The SDK travels inside the bundle at the pinned version; nothing may expect the runtime's copy (ADR 0013).
      expect(code).not.toMatch(/(?:from|import\()\s*["']@aws-sdk\//);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      // Positions only: the map Lambda parses at cold start carries no copy of the sources.
      expect(JSON.parse(readFileSync(`${bundle}.map`, 'utf8'))).not.toHaveProperty('sourcesContent');
    }
    expect(Object.values(assets.files).some((file) => file.source.packaging === 'zip')).toBe(true);
  });
});
