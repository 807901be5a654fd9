import document from '../../docs/openapi.json' with { type: 'json' };
import { json } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';

/**
 * Unlike every other answer, this one names nobody and changes only with a deploy: browsers and proxies may keep it
 * for a day (the URL carries no version, so not longer).
 */
const CACHE = { 'cache-control': 'public, max-age=86400' };

/**
 * GET /openapi.json: the OpenAPI 3.1 document. It is docs/openapi.json, bundled as data (`npm run openapi` writes it
 * from functions/contract/), so the function carries no zod, no schema and no generator (ADR 0020).
 */
export const handler = httpRoute({}, async () => json(200, document, CACHE));
