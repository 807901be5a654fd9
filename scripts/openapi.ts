/**
 * `npm run openapi`: writes docs/openapi.json from the route table and the handlers' zod schemas
 * (functions/contract/openapi.ts). `GET /openapi.json` serves that file, and a unit test fails while it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildOpenApiDocument, openApiJson, undocumentedRoutes } from '../functions/contract/openapi.js';

const FILE = new URL('../docs/openapi.json', import.meta.url);

const text = openApiJson();
const before = (() => {
  try {
    return readFileSync(FILE, 'utf8');
  } catch {
    return undefined;
  }
})();
writeFileSync(FILE, text);
process.stderr.write(`docs/openapi.json ${before === text ? 'unchanged' : 'written'} (${text.length} bytes)\n`);

// Written anyway, so the rest can be reviewed; the exit code says a route still needs its entry in OPERATIONS.
const missing = undocumentedRoutes(buildOpenApiDocument());
if (missing.length > 0) {
  process.stderr.write(`Not described yet (add them to OPERATIONS in functions/contract/openapi.ts):\n`);
  for (const route of missing) process.stderr.write(`  ${route}\n`);
  process.exitCode = 1;
}
