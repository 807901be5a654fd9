import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRY_FUNCTION_MAX_LINES, entryFileViolations, layerViolations, type SourceFile } from './layers.js';

const root = join(import.meta.dirname, '..', '..', '..');

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

  it('gives functions zod/mini only, through common/zod.ts, as a namespace, so Lambda bundles stay small', () => {
    // Classic zod cannot be tree-shaken: any runtime import of 'zod' adds ~85 KB to a Lambda bundle, which put the
    // sending functions over the 250 KB budget (issue 6); zod/mini keeps only the schemas and checks a bundle uses.
    // zod/mini has no messages of its own, so runtime code imports it through functions/common/zod.ts, which loads
    // the English ones (users' 400s and exit-2 errors must keep reading "Too small: expected …", not "Invalid
    // input"), and as `import * as z` (a named `z` would drag in the whole namespace object).
    const sharedZod = join('functions', 'common', 'zod.ts');
    const statement =
      /(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"](zod[^'"]*)['"]/g;
    for (const file of sourceFiles('functions')) {
      const code = stripComments(readFileSync(join(root, file), 'utf8'));
      for (const [text, keyword, typeOnly, clause = '', spec = ''] of code.matchAll(statement)) {
        const zodSpecifier = /^zod(\/|$)/.test(spec) || !keyword;
        if (zodSpecifier && typeOnly) {
          expect(['zod/mini', 'zod/v4/core'], `${file}: ${text} (types come from zod/mini or zod/v4/core)`).toContain(
            spec,
          );
        } else if (zodSpecifier) {
          expect(file, `${file}: ${text} (import * as z from '../common/zod.js': zod/mini plus its messages)`).toBe(
            sharedZod,
          );
          const allowed = spec === 'zod/mini' || (spec === 'zod/locales' && clause === '{ en }');
          // `z.locales.en` would keep every locale (~260 KB); only the named English one (~3 KB) is allowed.
          expect(allowed, `${sharedZod}: ${text} (only zod/mini and { en } from 'zod/locales')`).toBe(true);
        } else if (spec.endsWith('/zod.js') && !typeOnly) {
          expect(clause, `${file}: ${text} (use import * as z)`).toBe('* as z');
        }
      }
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

  const functionsTree: SourceFile[] = [...sourceFiles('functions'), ...sourceFiles('core')].map((file) => ({
    path: file.split('\\').join('/'),
    text: readFileSync(join(root, file), 'utf8'),
  }));

  it('keeps every import of functions/ inside its layer rules: edge knows no feature, no feature imports another', () => {
    expect(layerViolations(functionsTree)).toEqual([]);
  });

  it('keeps entry files to schema + handler: no loop, try, switch, repository call or long function', () => {
    expect(functionsTree.flatMap(entryFileViolations)).toEqual([]);
  });
});

describe('architecture rules catch a deliberate violation', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });

  it('flags a feature importing another feature', () => {
    const violation = file(
      'functions/features/signup/confirm-trainer.ts',
      "import { withCredit } from '../course-credit/apply-credit.js';",
    );
    expect(layerViolations([violation])).toEqual([
      'functions/features/signup/confirm-trainer.ts → functions/features/course-credit/apply-credit.js: a feature never imports another feature',
    ]);
    const ownFolder = file('functions/features/signup/confirm-trainer.ts', "import { x } from './errors.js';");
    expect(layerViolations([ownFolder])).toEqual([]);
  });

  it('flags the edge importing a feature, and common importing an adapter', () => {
    const edge = file(
      'functions/edge/http-route.ts',
      "import { authenticate } from '../features/my-record/session.js';",
    );
    const common = file('functions/common/config.ts', "import type { X } from '../adapters/dynamodb/keys.js';");
    expect(layerViolations([edge, common])).toEqual([
      'functions/edge/http-route.ts → functions/features/my-record/session.js: edge may not import features',
      'functions/common/config.ts → functions/adapters/dynamodb/keys.js: common may not import adapters',
    ]);
  });

  it('flags an entry importing the OpenAPI generator (its Lambda would bundle every schema and handler)', () => {
    const entry = file('functions/http/openapi.ts', "import { buildOpenApiDocument } from '../contract/openapi.js';");
    expect(layerViolations([entry])).toEqual([
      'functions/http/openapi.ts → functions/contract/openapi.js: entry may not import contract',
    ]);
  });

  it('flags a file outside every folder of the layout', () => {
    expect(layerViolations([file('functions/intake/register.ts', '')])).toEqual([
      'functions/intake/register.ts: not in any folder of the layout',
    ]);
  });

  it('flags an entry file that holds a use case', () => {
    const body = Array.from({ length: ENTRY_FUNCTION_MAX_LINES + 1 }, (_, i) => `  const step${i} = ${i};`).join('\n');
    const entry = file(
      'functions/http/replace-me.ts',
      `async function replaceMe() {\n${body}\n  for (const x of []) {}\n  await deps.repositories.trainers.update();\n}\n`,
    );
    expect(entryFileViolations(entry)).toEqual([
      'functions/http/replace-me.ts: a loop (move it into a feature)',
      'functions/http/replace-me.ts: a repository call (move it into a feature)',
      `functions/http/replace-me.ts: async function replaceMe() {… is ${ENTRY_FUNCTION_MAX_LINES + 3} lines (a use case: move it into a feature)`,
    ]);
    expect(entryFileViolations({ ...entry, path: 'functions/features/my-record/replace-profile.ts' })).toEqual([]);
  });
});
