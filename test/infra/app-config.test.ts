import { describe, expect, it } from 'vitest';
import { AppConfigError, CONTEXT_KEYS, DEFAULT_APP_CONFIG, parseAppConfig } from '../../infra/app-config.js';

describe('parseAppConfig', () => {
  it('synthesizes with no context at all, using the documented defaults', () => {
    expect(parseAppConfig({})).toEqual({
      stage: DEFAULT_APP_CONFIG.stage,
      senderAddress: DEFAULT_APP_CONFIG.senderAddress,
      senderIdentity: 'reminders@example.com',
      senderIdentityExists: false,
      postalAddress: DEFAULT_APP_CONFIG.postalAddress,
      baseUrl: undefined,
      scheduleHourUtc: DEFAULT_APP_CONFIG.scheduleHourUtc,
      alarmEmail: undefined,
      // On by default: without a site key the deployed sign-up refuses everyone until one is given (ADR 0015).
      captcha: { enabled: true, siteKey: undefined },
    });
  });

  it('turns the CAPTCHA on with a site key, and off only when asked to', () => {
    expect(parseAppConfig({ captchaSiteKey: ' 0x4AAAAAAAsiteKey ' }).captcha).toEqual({
      enabled: true,
      siteKey: '0x4AAAAAAAsiteKey',
    });
    expect(parseAppConfig({ captcha: 'on', captchaSiteKey: '0x4AAAAAAAsiteKey' }).captcha.enabled).toBe(true);
    expect(parseAppConfig({ captcha: 'off' }).captcha).toEqual({ enabled: false });
    expect(parseAppConfig({ captcha: 'OFF' }).captcha).toEqual({ enabled: false });
  });

  it('accepts the strings `cdk -c key=value` passes', () => {
    const config = parseAppConfig({
      stage: 'prod',
      senderAddress: 'Recert <hello@mail.recert.example>',
      senderIdentity: 'mail.recert.example',
      senderIdentityExists: 'true',
      baseUrl: 'https://recert.example/',
      scheduleHourUtc: '6',
      alarmEmail: ' OnCall@Recert.example ',
    });

    expect(config).toMatchObject({
      stage: 'prod',
      senderIdentity: 'mail.recert.example',
      senderIdentityExists: true,
      baseUrl: 'https://recert.example',
      scheduleHourUtc: 6,
      alarmEmail: 'oncall@recert.example',
    });
  });

  it('reads every key it parses from CDK context', () => {
    expect(CONTEXT_KEYS).toContain('alarmEmail');
    expect(CONTEXT_KEYS).toEqual(expect.arrayContaining(['captcha', 'captchaSiteKey']));
  });

  it.each([
    [{ scheduleHourUtc: '24' }, /context "scheduleHourUtc" is "24"/],
    [{ scheduleHourUtc: 'nine' }, /context "scheduleHourUtc" is "nine"/],
    [{ scheduleHourUtc: 6.5 }, /context "scheduleHourUtc" is 6.5/],
    [{ stage: 'Prod_1' }, /context "stage" is "Prod_1"/],
    [{ senderAddress: 'Recert' }, /context "senderAddress" is "Recert"/],
    [{ senderIdentity: 'other.example' }, /context "senderIdentity" is "other.example".*reminders@example.com/],
    [{ senderIdentity: 'someone@example.com' }, /context "senderIdentity" is "someone@example.com"/],
    [{ baseUrl: 'http://recert.example' }, /context "baseUrl" is "http:\/\/recert.example"/],
    [{ senderIdentityExists: 'yes' }, /context "senderIdentityExists" is "yes"/],
    [{ postalAddress: 'PO' }, /context "postalAddress" is "PO"/],
    [{ alarmEmail: 'on-call' }, /context "alarmEmail" is "on-call": expected an email address/],
    [{ alarmEmail: 'Ops <ops@recert.example>' }, /context "alarmEmail" is "Ops <ops@recert.example>"/],
    [{ alarmEmail: 42 }, /context "alarmEmail" is 42: expected a string/],
    [{ captcha: 'false' }, /context "captcha" is "false": expected "on" or "off"/],
    [
      { captchaSiteKey: 'has spaces in it' },
      /context "captchaSiteKey" is "has spaces in it": expected a Turnstile site key/,
    ],
    [
      { captcha: 'off', captchaSiteKey: '0x4AAAAAAAsiteKey' },
      /context "captcha" is "off": expected "on" when captchaSiteKey/,
    ],
  ])('rejects %j naming the key and the bad value', (context, message) => {
    expect(() => parseAppConfig(context)).toThrow(AppConfigError);
    expect(() => parseAppConfig(context)).toThrow(message);
  });
});
