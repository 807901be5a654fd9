export { createMailer, type Mailer, type MailerLogger, type MailerOptions, type SendOptions } from './mailer.js';
export {
  type ClassifiedSendError,
  classifySendError,
  PermanentRejectionError,
  SendingHaltedError,
  SendOutcomeUnknownError,
  SendThrottledError,
} from './send-errors.js';
export {
  configuredSendQuota,
  LOCAL_SEND_QUOTA,
  type ReadSendQuota,
  type SendQuota,
  sesSendQuota,
} from './send-quota.js';
export { createSendingSwitch, type SendingSwitch } from './sending-switch.js';
export { createSesClient, type HttpTimeouts, SES_HTTP_TIMEOUTS, type SesClientOptions } from './ses-client.js';
export { type ThrottleRetryOptions, throttleDelayMs, withThrottleRetry } from './throttle-retry.js';
