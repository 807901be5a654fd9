import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig } from '../../../../functions/common/config.js';
import { buildDependencies } from '../../../../functions/wiring/dependencies.js';

const base = {
  TABLE_NAME: 'recert',
  BASE_URL: 'https://recert.example.com/',
  SENDER_ADDRESS: 'Recert <reminders@example.com>',
  POSTAL_ADDRESS: 'Recert, 1 Main St, Springfield, IL 62701, USA',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
};
const now = new Date('2026-11-21T09:00:00Z');

describe('buildDependencies', () => {
  it('builds links from the base URL without a trailing slash', async () => {
    const deps = await buildDependencies(parseConfig({ ...base, TOKEN_SIGNING_KEY: 'k'.repeat(64) }));

    expect(deps.links.status('abc')).toBe('https://recert.example.com/status?token=abc');
    expect(deps.tokens.verify(deps.tokens.issue('status', 't_1', now), 'status', now).subject).toBe('t_1');
  });

  it('builds for a function deployed without a signing key, whose token service then refuses every use', async () => {
    const deps = await buildDependencies(parseConfig(base));

    expect(() => deps.tokens.issue('status', 't_1', now)).toThrow(ConfigurationError);
    expect(() => deps.tokens.verify('x.y', 'status', now)).toThrow(ConfigurationError);
  });
});
