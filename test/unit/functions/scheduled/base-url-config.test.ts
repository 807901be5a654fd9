import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig } from '../../../../functions/common/config.js';

/** BASE_URL goes into every emailed link; the reminder run's renderer accepts https, or http on loopback only. */
const env = (BASE_URL: string) => ({
  TABLE_NAME: 'recert',
  BASE_URL,
  SENDER_ADDRESS: 'Recert <reminders@example.com>',
  POSTAL_ADDRESS: 'Recert, 1 Main St, Springfield, IL 62701, USA',
});

describe('BASE_URL configuration', () => {
  it.each([
    ['https://recert.example.com/', 'https://recert.example.com'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
  ])('accepts %s', (value, expected) => {
    expect(parseConfig(env(value)).BASE_URL).toBe(expected);
  });

  it.each([
    'http://recert.example.com',
    'http://10.0.0.5:3000',
    'http://localhost.example.com',
    'ftp://recert.example.com',
  ])('refuses %s at cold start, naming the variable and the value', (value) => {
    expect(() => parseConfig(env(value))).toThrow(ConfigurationError);
    expect(() => parseConfig(env(value))).toThrow(
      `BASE_URL: must be an https URL (http only for localhost, 127.0.0.1 or [::1]), got "${value}"`,
    );
  });
});
