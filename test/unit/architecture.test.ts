import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

function importSpecifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
  const dynamic = [...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
  return [...specifiers, ...dynamic];
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

describe('architecture', () => {
  it('keeps core importing only core', () => {
    for (const file of sourceFiles('core')) {
      for (const spec of importSpecifiers(file)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
        const target = relative(root, join(root, file, '..', spec));
        expect(target.startsWith('core'), `${file} reaches outside core via ${spec}`).toBe(true);
      }
    }
  });

  it.each([
    ['process.env', /process\.env/],
    ['Date.now()', /Date\.now\(/],
    ['argument-less new Date()', /new Date\(\s*\)/],
    ['Math.random()', /Math\.random\(/],
  ])('keeps core free of %s', (_name, pattern) => {
    for (const file of sourceFiles('core')) {
      const code = stripComments(readFileSync(join(root, file), 'utf8'));
      expect(pattern.test(code), `${file} uses a forbidden clock, env or randomness`).toBe(false);
    }
  });

  it('imports zod as a namespace in functions, so esbuild tree-shakes it', () => {
    // `import { z } from 'zod'` pulls every zod export into each Lambda bundle (~450 KB); `import * as z` ~85 KB.
    for (const file of sourceFiles('functions')) {
      const code = readFileSync(join(root, file), 'utf8');
      expect(/import\s+\{[^}]*\bz\b[^}]*\}\s+from\s+'zod'/.test(code), `${file}: use import * as z from 'zod'`).toBe(
        false,
      );
    }
  });

  it('keeps functions away from infra, CDK and deep core paths', () => {
    for (const file of sourceFiles('functions')) {
      for (const spec of importSpecifiers(file)) {
        expect(spec, `${file} imports ${spec}`).not.toMatch(/(^|\/)infra\/|aws-cdk-lib|^constructs$/);
        if (spec.includes('/core/'))
          expect(spec, `${file} must import core through core/index.js`).toMatch(/\/core\/index\.js$/);
      }
    }
  });
});
