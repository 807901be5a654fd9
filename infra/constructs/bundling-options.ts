/**
 * The esbuild settings every Lambda bundle uses, in one place: the CDK construct and `bench/bundle-size.ts` both
 * read them, so the benchmark measures exactly what gets deployed.
 */

/** Lambda runtime's Node.js major; keep in step with `Runtime.NODEJS_24_X` in recert-function.ts. */
export const NODE_TARGET = 'node24';

/**
 * ESM output cannot `require()`; bundled CommonJS dependencies still call it for Node built-ins, so every bundle
 * defines a module-scoped `require` first (stack.md §2).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Nothing is external: the AWS SDK is bundled at the exact version package-lock.json pins, not taken from the
 * Lambda runtime. One minified file loads in about a third of the time the runtime's many-file copy takes, and the
 * code that runs in AWS is the code the tests ran (ADR 0013).
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/** Packages that make up the AWS SDK v3, for reporting bundle sizes without it (the size target). */
export const AWS_SDK_PACKAGE = /(?:^|[\\/])node_modules[\\/](?:@aws-sdk|@smithy|@aws-crypto|@aws)[\\/]/;

/** Prefer ES module entry points so esbuild can tree-shake dependencies that ship both. */
export const MAIN_FIELDS: readonly string[] = ['module', 'main'];

export interface SharedBundlingOptions {
  readonly target: string;
  readonly minify: true;
  readonly sourceMap: true;
  /**
   * Maps carry positions, not a copy of every source file: stack traces still resolve (Lambda runs with
   * `--enable-source-maps`), and the map Node parses at cold start shrinks from ~2.6 MB to ~0.9 MB.
   */
  readonly sourcesContent: false;
  readonly format: 'esm';
  readonly banner: string;
  readonly externalModules: readonly string[];
  readonly mainFields: readonly string[];
}

export const BUNDLING: SharedBundlingOptions = {
  target: NODE_TARGET,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  format: 'esm',
  banner: ESM_REQUIRE_BANNER,
  externalModules: EXTERNAL_MODULES,
  mainFields: MAIN_FIELDS,
};
