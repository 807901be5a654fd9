import { describe, expect, it } from 'vitest';
import { handler as notFound } from '../../../functions/http/not-found.js';
import { call, jsonOf } from './http-helpers.js';

describe('any request no route matches ($default)', () => {
  it('shows a browser a 404 page in the site’s shell, with a language, a title and ways on', async () => {
    const response = await call(notFound, { path: '/statsu', headers: { accept: 'text/html,application/xhtml+xml' } });

    expect(response.statusCode).toBe(404);
    expect(response.headers?.['content-type']).toContain('text/html');
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('<title>Page not found · Recert</title>');
    expect(response.body).toContain('href="/status-link"');
  });

  it('answers an API client in the API’s error shape, naming the method and path it asked for', async () => {
    const response = await call(notFound, {
      method: 'POST',
      path: '/api/signup',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"not":"read"}',
    });

    expect(response.statusCode).toBe(404);
    expect(jsonOf(response)).toEqual({
      error: { code: 'resource.not-found', message: 'There is no POST /api/signup; see docs/api.md.' },
    });
  });

  it('answers even a body it cannot parse with the 404, not a complaint about the body', async () => {
    const response = await call(notFound, {
      method: 'PUT',
      path: '/api/nothing',
      headers: { 'content-type': 'application/json' },
      body: '{broken',
    });

    expect(response.statusCode).toBe(404);
  });
});
