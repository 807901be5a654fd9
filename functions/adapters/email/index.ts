export { ALREADY_REGISTERED_SUBJECT, renderAlreadyRegistered } from './already-registered-email.js';
export {
  type CalendarDeadline,
  type CalendarInput,
  calendarAttachment,
  calendarEventUid,
  renderCalendarInvite,
} from './calendar-invite.js';
export { CONFIRMATION_SUBJECT, type ConfirmationInput, renderConfirmation } from './confirmation-email.js';
export { type CreditRecordedInput, renderCreditRecorded } from './credit-recorded-email.js';
export { formatLongDate } from './dates.js';
export type { EmailAttachment, EmailMessage, SenderConfig } from './message.js';
export { type RawMimeOptions, toRawMime } from './raw-mime.js';
export { type DueItem, type ReminderInput, renderReminder } from './reminder-email.js';
export { RenderInputError } from './render-input-error.js';
export { RESUBSCRIBE_SUBJECT, renderResubscribe } from './resubscribe-email.js';
export { renderStatusLink, STATUS_LINK_SUBJECT, type StatusLinkInput } from './status-link-email.js';
