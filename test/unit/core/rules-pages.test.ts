/** The rules reference lives in the repository: every catalog entry has its page, every page names real codes. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../core/catalog/index.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const RULES = join(ROOT, 'docs/rules');

function codesOnPage(page: string): string[] {
  const line = readFileSync(join(RULES, page), 'utf8')
    .split('\n')
    .filter((text) => text.startsWith('Catalog codes:'));
  expect(line, `${page}: one "Catalog codes:" line`).toHaveLength(1);
  return [...(line[0] ?? '').matchAll(/`([A-Z0-9-]+)`/g)].map((match) => match[1]!);
}

const PAGES = readdirSync(RULES).filter((name) => name.endsWith('.md') && name !== 'README.md');

describe('docs/rules', () => {
  it.each(CATALOG.map((entry) => [entry.code, entry.rulesPage]))(
    '%s has its rules page %s, which names it',
    (code, page) => {
      expect(existsSync(join(ROOT, page))).toBe(true);
      expect(codesOnPage(page.replace('docs/rules/', ''))).toContain(code);
    },
  );

  it.each(PAGES)('%s names only codes the catalog has, and is listed in the index', (page) => {
    const known = new Set(CATALOG.map((entry) => entry.code));
    for (const code of codesOnPage(page)) expect(known.has(code), `${page} names ${code}`).toBe(true);
    expect(readFileSync(join(RULES, 'README.md'), 'utf8')).toContain(`(${page})`);
  });
});

describe('no file points outside the repository', () => {
  // The research folder beside a clone, and machine paths; built from parts so this file does not match itself.
  const outside = new RegExp(`${['\\.\\./', 'shared/'].join('')}|${['/wo', 'rk/'].join('')}`);
  const skipped = new Set(['node_modules', '.git', '.recert', 'cdk.out', 'dist']);

  function files(folder: string): string[] {
    return readdirSync(folder).flatMap((name) => {
      if (skipped.has(name)) return [];
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.(md|ts|json|mjs|sh)$/.test(name) || name === 'run' ? [path] : [];
    });
  }

  it('names no sibling folder or machine path in code, docs or config', () => {
    const offenders = files(ROOT).filter((path) => outside.test(readFileSync(path, 'utf8')));
    expect(offenders.map((path) => path.slice(ROOT.length))).toEqual([]);
  });
});
