import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { maskEmail } from '../../common/mask-email.js';
import { type EmailMessage, toRawMime } from '../email/index.js';
import { classifySendError } from './send-errors.js';

/** Structured log sink; Powertools' Logger fits. Attributes never hold a full address. */
export interface MailerLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface MailerOptions {
  readonly client: SESClient;
  /** Configuration set that publishes send/bounce/complaint events (with the message tags) for reconciliation. */
  readonly configurationSetName?: string;
  /** The verified SES identity the message is sent from (the envelope `Source`). */
  readonly fromAddress: string;
  readonly logger?: MailerLogger;
}

export interface SendOptions {
  /**
   * SES message tags (published with every event of this message, e.g. `reminderKey`). Names and values: ASCII
   * letters, digits, `_`, `-`, at most 256 characters; they travel on the API call, not as headers.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Mailer {
  /** Sends once. Throws a classified error (see `classifySendError`); never retries. */
  send(message: EmailMessage, options?: SendOptions): Promise<{ messageId: string }>;
}

const TAG_PART = /^[A-Za-z0-9_-]{1,256}$/;

function sesTags(tags: Readonly<Record<string, string>>): { Name: string; Value: string }[] {
  return Object.entries(tags).map(([name, value]) => {
    // A bad tag would make SES reject every email with InvalidParameterValue: fail here, naming the tag.
    if (!TAG_PART.test(name)) throw new TypeError(`tags: invalid SES tag name ${JSON.stringify(name)}`);
    if (!TAG_PART.test(value)) throw new TypeError(`tags.${name}: invalid SES tag value ${JSON.stringify(value)}`);
    return { Name: name, Value: value };
  });
}

/** Sends rendered emails as raw MIME through SES v1 `SendRawEmail`. */
export function createMailer(options: MailerOptions): Mailer {
  const { client, logger } = options;
  return {
    async send(message, sendOptions = {}) {
      const tags = sesTags(sendOptions.tags ?? {});
      const data = await toRawMime(message);
      const to = maskEmail(message.to);
      try {
        const out = await client.send(
          new SendRawEmailCommand({
            Source: options.fromAddress,
            Destinations: [message.to],
            RawMessage: { Data: data },
            ...(tags.length > 0 && { Tags: tags }),
            ...(options.configurationSetName && { ConfigurationSetName: options.configurationSetName }),
          }),
        );
        if (!out.MessageId) throw new Error('SES accepted the message but returned no MessageId');
        logger?.info('email sent', { to, messageId: out.MessageId, bytes: data.byteLength });
        return { messageId: out.MessageId };
      } catch (err) {
        const failure = classifySendError(err);
        logger?.warn('email not sent', { to, code: failure.code, awsErrorName: failure.awsErrorName });
        throw failure;
      }
    },
  };
}
