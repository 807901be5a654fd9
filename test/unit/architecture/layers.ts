/**
 * The rules of the functions/ layout (docs/contributing.md "Where does a new thing go"), as pure functions over file
 * paths and texts, so the architecture test can run them on the real tree and on deliberate violations alike.
 */
import { posix } from 'node:path';

/** Entry points: schema + handler = route(spec, use case). They compose; they never decide. */
export const ENTRY_FOLDERS = ['http', 'webhooks', 'events', 'scheduled'] as const;

type Layer =
  | 'entry'
  | 'entry-points'
  | 'features'
  | 'edge'
  | 'pages'
  | 'record'
  | 'wiring'
  | 'adapters'
  | 'common'
  | 'contract'
  | 'core';

/** What each layer may import besides itself (a feature may import only its own folder among features). */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  'entry-points': ['common'],
  // The OpenAPI document is built from the entry files' own schemas, so it may read the entries and what they use; no
  // layer may import it (an entry that did would bundle every schema and handler): scripts and tests build it, and
  // GET /openapi.json serves the JSON it wrote.
  contract: ['entry', 'entry-points', 'features', 'edge', 'record', 'adapters', 'common', 'core'],
  entry: ['features', 'edge', 'pages', 'record', 'wiring', 'common', 'core'],
  features: ['features', 'edge', 'pages', 'record', 'wiring', 'adapters', 'common', 'core'],
  edge: ['pages', 'adapters', 'common', 'core'],
  pages: ['adapters', 'common', 'core'],
  record: ['adapters', 'common', 'core'],
  wiring: ['adapters', 'common', 'core'],
  adapters: ['adapters', 'common', 'core'],
  common: ['common'],
  core: ['core'],
};

/** `functions/features/signup/x.ts` → { layer: 'features', feature: 'signup' }. */
export function placeOf(file: string): { layer: Layer; feature?: string } | undefined {
  const parts = file.split('/');
  if (parts[0] === 'core') return { layer: 'core' };
  if (parts[0] !== 'functions') return undefined;
  if (parts.length === 2) return parts[1] === 'entry-points.ts' ? { layer: 'entry-points' } : undefined;
  const folder = parts[1] ?? '';
  if ((ENTRY_FOLDERS as readonly string[]).includes(folder)) return { layer: 'entry' };
  if (folder === 'features') return { layer: 'features', feature: parts[2] ?? '' };
  return folder in ALLOWED ? { layer: folder as Layer } : undefined;
}

export interface SourceFile {
  /** Repository-relative, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export function relativeImports(text: string): string[] {
  const statics = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  const dynamics = [...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? '');
  return [...statics, ...dynamics];
}

/** Every import in `files` that crosses the layout's rules, as "from → to: why". */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const from = placeOf(file.path);
    if (!from) {
      if (file.path.startsWith('functions/')) problems.push(`${file.path}: not in any folder of the layout`);
      continue;
    }
    for (const spec of relativeImports(file.text)) {
      const target = posix.normalize(posix.join(posix.dirname(file.path), spec));
      const to = placeOf(target);
      if (!to) continue;
      if (from.layer !== to.layer && !ALLOWED[from.layer].includes(to.layer)) {
        problems.push(`${file.path} → ${target}: ${from.layer} may not import ${to.layer}`);
      } else if (from.layer === 'features' && to.layer === 'features' && from.feature !== to.feature) {
        problems.push(`${file.path} → ${target}: a feature never imports another feature`);
      }
    }
  }
  return problems;
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** A function body longer than this in an entry file is a use case that belongs in a feature. */
export const ENTRY_FUNCTION_MAX_LINES = 12;

/** Why an entry file holds logic it should hand to a feature, if it does. */
export function entryFileViolations(file: SourceFile): string[] {
  if (placeOf(file.path)?.layer !== 'entry') return [];
  const code = withoutComments(file.text);
  const problems: string[] = [];
  const decisions: readonly [RegExp, string][] = [
    [/\b(for|while)\s*\(/, 'a loop'],
    [/\btry\s*\{/, 'a try/catch'],
    [/\bswitch\s*\(/, 'a switch'],
    [/\.repositories\b/, 'a repository call'],
  ];
  for (const [pattern, what] of decisions) {
    if (pattern.test(code)) problems.push(`${file.path}: ${what} (move it into a feature)`);
  }
  const lines = code.split('\n');
  lines.forEach((line, start) => {
    if (!/^(export\s+)?(async\s+)?function\s/.test(line)) return;
    const end = lines.findIndex((candidate, index) => index > start && candidate.startsWith('}'));
    const length = end - start - 1;
    if (length > ENTRY_FUNCTION_MAX_LINES) {
      problems.push(
        `${file.path}: ${line.trim().slice(0, 60)}… is ${length} lines (a use case: move it into a feature)`,
      );
    }
  });
  return problems;
}
