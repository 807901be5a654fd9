import { describe, expect, it } from 'vitest';
import { BUNDLED, chromiumExecutable } from '../../helpers/browser.js';

describe('the Chromium the browser suite drives', () => {
  it('names CHROMIUM_PATH when it points at nothing, rather than falling back silently', async () => {
    await expect(chromiumExecutable({ CHROMIUM_PATH: '/nowhere/chromium' })).rejects.toThrow(
      'CHROMIUM_PATH is /nowhere/chromium, and there is no file there',
    );
  });

  it('uses the Chromium inside the npm package when told to, with no system one needed', async () => {
    const path = await chromiumExecutable({ CHROMIUM_PATH: BUNDLED });

    expect(path).not.toMatch(/^\/usr\//);
    expect(path.length).toBeGreaterThan(0);
  });
});
