// The runtime's own check, so a site key that synthesizes is one the functions accept.
import { TURNSTILE_SITE_KEY_PATTERN } from '../functions/common/config.js';

/**
 * The deployment settings of the CDK app, parsed from CDK context (`-c key=value` or cdk.json "context").
 * Every key is optional so `npx cdk synth` works offline with no context; the defaults are placeholders that are
 * fine for a synth or a test deploy but must be replaced before real users get email (see docs/deploy.md).
 */

export interface AppConfig {
  /** Prefix of the stack names, e.g. `Recert-dev-Stateful`. */
  readonly stage: string;
  /** From header of every email, e.g. `Recert <reminders@example.com>`. */
  readonly senderAddress: string;
  /** The SES identity that authorizes the sender: the sender's address or its domain. */
  readonly senderIdentity: string;
  /** The identity already exists in SES (verified by hand): reference it instead of creating it. */
  readonly senderIdentityExists: boolean;
  /** Physical postal address printed in every email (CAN-SPAM). */
  readonly postalAddress: string;
  /** Public base URL for emailed links; undefined means the HTTP API's own endpoint. */
  readonly baseUrl: string | undefined;
  /** Hour of the day (UTC, 0–23) the reminder run starts. */
  readonly scheduleHourUtc: number;
  /** Address subscribed by email to the alarm topic; undefined leaves the topic without subscribers. */
  readonly alarmEmail: string | undefined;
  /**
   * The sign-up CAPTCHA (Cloudflare Turnstile, ADR 0015). On unless `-c captcha=off`; when on, sign-ups are refused
   * until `siteKey` is given and the secret holds the widget's secret key.
   */
  readonly captcha: { readonly enabled: true; readonly siteKey: string | undefined } | { readonly enabled: false };
}

export const CONTEXT_KEYS = [
  'stage',
  'senderAddress',
  'senderIdentity',
  'senderIdentityExists',
  'postalAddress',
  'baseUrl',
  'scheduleHourUtc',
  'alarmEmail',
  'captcha',
  'captchaSiteKey',
] as const;

export type ContextKey = (typeof CONTEXT_KEYS)[number];

export const DEFAULT_APP_CONFIG = {
  stage: 'dev',
  senderAddress: 'Recert <reminders@example.com>',
  postalAddress: 'Recert, 123 Example Street, Springfield, IL 62701, USA',
  scheduleHourUtc: 14,
} as const;

export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
  readonly code = 'infra.config.invalid';
}

function invalid(key: ContextKey, value: unknown, expected: string): AppConfigError {
  return new AppConfigError(`context "${key}" is ${JSON.stringify(value)}: expected ${expected}`);
}

function text(raw: Partial<Record<ContextKey, unknown>>, key: ContextKey): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(key, value, 'a string');
  return value.trim();
}

/** The bare address inside `Name <address>` (or the whole value when there are no angle brackets). */
function emailOf(senderAddress: string): string {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(senderAddress);
  return (bracketed?.[1] ?? senderAddress).toLowerCase();
}

const EMAIL = /^[^@\s<>]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

function parseHour(value: unknown): number {
  if (value === undefined || value === null || value === '') return DEFAULT_APP_CONFIG.scheduleHourUtc;
  const hour = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw invalid('scheduleHourUtc', value, 'an integer 0–23');
  return hour;
}

function parseFlag(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid('senderIdentityExists', value, 'true or false');
}

function parseCaptcha(raw: Partial<Record<ContextKey, unknown>>): AppConfig['captcha'] {
  const mode = (text(raw, 'captcha') ?? 'on').toLowerCase();
  if (mode !== 'on' && mode !== 'off') throw invalid('captcha', raw.captcha, '"on" or "off"');
  const siteKey = text(raw, 'captchaSiteKey');
  if (siteKey !== undefined && !TURNSTILE_SITE_KEY_PATTERN.test(siteKey)) {
    throw invalid('captchaSiteKey', siteKey, 'a Turnstile site key (letters, digits, - and _)');
  }
  if (mode === 'off' && siteKey !== undefined) {
    throw invalid('captcha', raw.captcha, '"on" when captchaSiteKey is given (or drop captchaSiteKey)');
  }
  return mode === 'off' ? { enabled: false } : { enabled: true, siteKey };
}

/** Validates raw context values and fills in the defaults; one error names the first bad key and its value. */
export function parseAppConfig(raw: Partial<Record<ContextKey, unknown>>): AppConfig {
  const stage = text(raw, 'stage') ?? DEFAULT_APP_CONFIG.stage;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw invalid('stage', stage, 'lower-case letters, digits and dashes, starting with a letter, at most 16');
  }

  const senderAddress = text(raw, 'senderAddress') ?? DEFAULT_APP_CONFIG.senderAddress;
  const senderEmail = emailOf(senderAddress);
  if (!EMAIL.test(senderEmail))
    throw invalid('senderAddress', senderAddress, 'an address like "Name <me@example.com>"');

  const senderIdentity = (text(raw, 'senderIdentity') ?? senderEmail).toLowerCase();
  const senderDomain = senderEmail.slice(senderEmail.indexOf('@') + 1);
  const identityCoversSender = senderIdentity.includes('@')
    ? senderIdentity === senderEmail
    : DOMAIN.test(senderIdentity) && senderDomain === senderIdentity;
  if (!identityCoversSender) {
    throw invalid('senderIdentity', senderIdentity, `the sender's address (${senderEmail}) or its domain`);
  }

  const postalAddress = text(raw, 'postalAddress') ?? DEFAULT_APP_CONFIG.postalAddress;
  if (postalAddress.length < 5) throw invalid('postalAddress', postalAddress, 'a full postal address');

  const baseUrlText = text(raw, 'baseUrl');
  let baseUrl: string | undefined;
  if (baseUrlText !== undefined) {
    if (!URL.canParse(baseUrlText) || new URL(baseUrlText).protocol !== 'https:') {
      throw invalid('baseUrl', baseUrlText, 'an https:// URL');
    }
    baseUrl = baseUrlText.replace(/\/+$/, '');
  }

  const alarmEmailText = text(raw, 'alarmEmail');
  const alarmEmail = alarmEmailText?.toLowerCase();
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw invalid('alarmEmail', alarmEmailText, 'an email address like "oncall@example.com"');
  }

  return {
    stage,
    senderAddress,
    senderIdentity,
    senderIdentityExists: parseFlag(raw.senderIdentityExists),
    postalAddress,
    baseUrl,
    scheduleHourUtc: parseHour(raw.scheduleHourUtc),
    alarmEmail,
    captcha: parseCaptcha(raw),
  };
}
