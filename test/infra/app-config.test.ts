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
    });
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
  ])('rejects %j naming the key and the bad value', (context, message) => {
    expect(() => parseAppConfig(context)).toThrow(AppConfigError);
    expect(() => parseAppConfig(context)).toThrow(message);
  });
});
