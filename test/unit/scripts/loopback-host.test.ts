import { describe, expect, it } from 'vitest';
import { foreignHostMessage, isLoopbackHost } from '../../../scripts/local/loopback-host.js';

describe('isLoopbackHost: which Host headers the local stack answers (DNS rebinding)', () => {
  it.each([
    ['localhost:3000', 3000, true],
    ['127.0.0.1:3000', 3000, true],
    ['[::1]:3000', 3000, true],
    ['LocalHost:3000', 3000, true],
    ['localhost', 80, true],
    ['localhost', 3000, false],
    ['localhost:3001', 3000, false],
    ['localhost:03000', 3000, false],
    ['127.0.0.2:3000', 3000, false],
    ['::1:3000', 3000, false],
    ['0.0.0.0:3000', 3000, false],
    ['evil.example:3000', 3000, false],
    ['evil.example', 80, false],
    ['localhost.evil.example:3000', 3000, false],
    ['localhost:3000.evil.example', 3000, false],
    ['localhost:3000@evil.example', 3000, false],
    ['', 3000, false],
    [undefined, 3000, false],
  ])('%s on port %i → %s', (host, port, expected) => {
    expect(isLoopbackHost(host, port)).toBe(expected);
  });

  it('says what was sent, which address works, and why, in one sentence', () => {
    expect(foreignHostMessage('evil.example:3000', 3000)).toBe(
      'This local Recert server answers only to http://localhost:3000 (or 127.0.0.1:3000, [::1]:3000); the request ' +
        'named Host "evil.example:3000". Other names are refused so that no web page can reach it through DNS rebinding.',
    );
    expect(foreignHostMessage(undefined, 8005)).toContain('the request named no Host header.');
  });
});
