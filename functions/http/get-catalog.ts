import { listCatalog } from '../../core/index.js';
import { json } from '../common/http.js';
import { httpRoute } from '../edge/http-route.js';

/** GET /api/catalog: the certification catalog, for the form and for integrators. */
async function getCatalog() {
  return json(200, { catalog: listCatalog() }, { 'cache-control': 'public, max-age=3600' });
}

export const handler = httpRoute({}, getCatalog);
