import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handler } from '../../../../functions/http/openapi.js';
import { httpEvent } from '../../../helpers/http-event.js';
import { lambdaContext } from '../../../helpers/lambda-context.js';

const CHECKED_IN = join(import.meta.dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

describe('GET /openapi.json', () => {
  it('serves docs/openapi.json as JSON, cacheable for a day', async () => {
    const response = await handler(httpEvent({ path: '/openapi.json' }), lambdaContext());

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers?.['cache-control']).toBe('public, max-age=86400');
    expect(JSON.parse(String(response.body))).toEqual(JSON.parse(readFileSync(CHECKED_IN, 'utf8')));
  });
});
