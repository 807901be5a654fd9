import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig } from '../../../../functions/common/config.js';

/** SENDER_ADDRESS becomes the From header of every email, so a malformed value must stop the cold start. */
const env = (SENDER_ADDRESS: string) => ({
  TABLE_NAME: 'recert',
  BASE_URL: 'https://recert.example.com',
  SENDER_ADDRESS,
  POSTAL_ADDRESS: 'Recert, 1 Main St, Springfield, IL 62701, USA',
});

describe('SENDER_ADDRESS configuration', () => {
  it.each(['reminders@example.com', 'Recert <reminders@example.com>', '"Recert, Inc." <reminders@example.com>'])(
    'accepts %s',
    (value) => {
      expect(parseConfig(env(value)).SENDER_ADDRESS).toBe(value);
    },
  );

  it.each(['Recert', 'Recert <reminders>', 'a@b@example.com', 'Recert <reminders@example.com>\r\nBcc: x@example.net'])(
    'refuses %j at cold start, naming the variable and the value',
    (value) => {
      expect(() => parseConfig(env(value))).toThrow(ConfigurationError);
      expect(() => parseConfig(env(value))).toThrow(
        `SENDER_ADDRESS: must be "address@domain" or "Name <address@domain>", got ${JSON.stringify(value)}`,
      );
    },
  );
});
