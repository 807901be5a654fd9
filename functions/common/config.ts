import { parseMailbox } from './mailbox.js';
import * as z from './zod.js';

/**
 * Runtime configuration, parsed once per cold start. The optional endpoints are the only thing that differs
 * between AWS and the local runtime (`npm start`).
 */
/** Hosts for which plain http is fine: the local stack on this machine (same list as the email renderer's). */
export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Emailed links must be https (http only on loopback): the email renderer refuses anything else, and every reminder
 * of a run would then fail. Refuse it at cold start instead, naming the variable and the value (not a secret).
 */
const BaseUrl = z.pipe(
  z.url().check(
    z.refine(
      (url) => {
        const { protocol, hostname } = new URL(url);
        return protocol === 'https:' || (protocol === 'http:' && LOOPBACK_HOSTS.has(hostname));
      },
      {
        error: (issue) =>
          `must be an https URL (http only for localhost, 127.0.0.1 or [::1]), got ${JSON.stringify(issue.input)}`,
      },
    ),
  ),
  z.transform((url: string) => url.replace(/\/+$/, '')),
);

/** Turnstile site keys are short public identifiers (`0x4AAAAAAA…`, test keys `1x00000000000000000000AA`). */
export const TURNSTILE_SITE_KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;

const Env = z.object({
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Public base URL used in emailed links, e.g. https://recert.example.com (no trailing slash). */
  BASE_URL: BaseUrl,
  SENDER_ADDRESS: z
    .string()
    .check(
      z.refine((value) => parseMailbox(value) !== undefined, {
        error: (issue) => `must be "address@domain" or "Name <address@domain>", got ${JSON.stringify(issue.input)}`,
      }),
    )
    .register(z.globalRegistry, {
      description: 'From address of every email, e.g. "Recert <reminders@example.com>"',
    }),
  POSTAL_ADDRESS: z.string().check(z.minLength(5)).register(z.globalRegistry, {
    description: "The sender's physical postal address, printed in every email (CAN-SPAM)",
  }),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Secrets Manager ARN of the token-signing key (AWS). */
  TOKEN_KEY_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** The token-signing key itself (local runtime and tests only). */
  TOKEN_SIGNING_KEY: z.optional(z.string().check(z.minLength(32))),
  /** Secrets Manager ARN of the provider registry secrets (AWS). */
  PROVIDER_SECRETS_ARN: z.optional(z.string().check(z.minLength(1))),
  /**
   * Cloudflare Turnstile on the sign-up form (ADR 0015): the widget's public site key. Unset (with no secret either)
   * means no CAPTCHA, as in the local runtime by default; AWS sets it unless deployed with `-c captcha=off`.
   */
  TURNSTILE_SITE_KEY: z.optional(
    z.string().check(
      z.regex(TURNSTILE_SITE_KEY_PATTERN, {
        error: (issue) => `must be a Turnstile site key (letters, digits, - and _), got ${JSON.stringify(issue.input)}`,
      }),
    ),
  ),
  /** The widget's secret key itself (local runtime and tests only). */
  TURNSTILE_SECRET_KEY: z.optional(z.string().check(z.minLength(1))),
  /** Secrets Manager ARN of the widget's secret key (AWS). */
  TURNSTILE_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** Where tokens are verified; Cloudflare's siteverify unless a test points it at a fake on loopback. */
  TURNSTILE_SITEVERIFY_URL: z.optional(z.url()),
  /**
   * Where status-change webhook events are queued (ADR 0035): the SQS queue's URL in AWS, `local:in-process` in the
   * local stack. Unset: the function publishes none (the daily sweep finds the change instead).
   */
  WEBHOOK_QUEUE_URL: z.optional(z.string().check(z.minLength(1))),
  /**
   * `1`: webhook endpoints may be http on loopback (the local stack and tests, for a receiver on this machine). Never
   * set in AWS, where every endpoint must be https on public addresses only.
   */
  RECERT_ALLOW_LOOPBACK_WEBHOOKS: z.optional(z.enum(['0', '1'])),
  /** Local only: multiplies the webhook retry delays (e.g. 0.01 turns 30 s into 0.3 s). */
  RECERT_WEBHOOK_RETRY_SCALE: z.optional(z.coerce.number().check(z.gte(0), z.lte(1))),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  SECRETS_ENDPOINT: z.optional(z.url()),
});

export type Config = z.infer<typeof Env>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly code = 'config.invalid';
}

/** Parses the environment; one failure lists every bad variable by name (values only where public, never a secret). */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigurationError(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

let cached: Config | undefined;

/** The process-wide configuration, read from `process.env` on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
