/**
 * Reads a form the status page posts into one RecordChange, checked with the same schemas as the API and the
 * sign-up form, and with errors keyed by the form's field names in a trainer's words.
 */
import {
  type Activity,
  BODY_CODES,
  type CalendarDate,
  type CredentialClaim,
  formatLongDate,
} from '../../../core/index.js';
import { toFieldIssues } from '../../common/validation.js';
import { plainMessage } from '../../pages/plain-messages.js';
import { ActivitySchema, CredentialClaimSchema } from '../../record/profile-schema.js';
import type { RecordChange } from './record-changes.js';

export const CHANGE_ACTIONS = [
  'log-course',
  'remove-course',
  'add-credential',
  'edit-credential',
  'remove-credential',
] as const;

export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Field name → message, for the form that was posted (`action` says which). */
export type FormErrors = Readonly<Record<string, string>>;

export type ReadChange =
  | { readonly ok: true; readonly change: RecordChange }
  | { readonly ok: false; readonly action: ChangeAction | undefined; readonly errors: FormErrors };

type Form = Readonly<Record<string, unknown>>;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const isEntryKey = (key: string) => /^\d{1,4}-[0-9a-f]{8}$/.test(key);

function isAction(value: string): value is ChangeAction {
  return (CHANGE_ACTIONS as readonly string[]).includes(value);
}

function errorsOf(error: Parameters<typeof toFieldIssues>[0], input: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of toFieldIssues(error, input)) {
    const field = issue.path.startsWith('units') ? 'units' : issue.path.split('.')[0] || 'form';
    errors[field] ??= plainMessage(issue.path, issue.message);
  }
  return errors;
}

/** Units typed per body: blank fields are left out; anything else goes to the schema as a number if it is one. */
function readUnits(form: Form): Record<string, unknown> {
  const typed = typeof form.units === 'object' && form.units !== null ? (form.units as Form) : {};
  const units: Record<string, unknown> = {};
  for (const body of BODY_CODES) {
    const value = text(typed[body]);
    if (value !== '') units[body] = Number.isFinite(Number(value)) ? Number(value) : value;
  }
  return units;
}

/** Where a course was logged: the status page, or the action link of the reminder sent on `fromReminderOn`. */
export type CourseSource =
  | { readonly enteredVia: 'status-page' }
  | { readonly enteredVia: 'reminder'; readonly fromReminderOn: CalendarDate };

const STATUS_PAGE: CourseSource = { enteredVia: 'status-page' };

function readCourse(form: Form, asOf: CalendarDate, source: CourseSource): ReadChange {
  const units = readUnits(form);
  const input = {
    title: text(form.title),
    completedOn: text(form.completedOn),
    units,
    ...(text(form.provider) ? { provider: text(form.provider) } : {}),
    ...source,
  };
  const parsed = ActivitySchema.safeParse(input);
  const errors = parsed.success ? {} : errorsOf(parsed.error, input);
  if (!errors.units && !Object.values(units).some((value) => typeof value === 'number' && value > 0)) {
    errors.units = 'Enter the units the course was approved for, for at least one of your certifications';
  }
  if (!errors.completedOn && input.completedOn > asOf) {
    errors.completedOn = `The date you completed it can't be after today (${formatLongDate(asOf)})`;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, action: 'log-course', errors };
  // Parsed JSON never holds an explicit undefined, so the exactOptionalPropertyTypes shape is what we really have.
  return { ok: true, change: { kind: 'log-course', activity: parsed.data as Activity } };
}

function readCredential(form: Form, action: 'add-credential' | 'edit-credential'): ReadChange {
  const input = {
    code: text(form.code),
    ...(text(form.earnedOn) ? { earnedOn: text(form.earnedOn) } : {}),
    ...(text(form.expiresOn) ? { expiresOn: text(form.expiresOn) } : {}),
  };
  const key = text(form.key);
  if (action === 'edit-credential' && !isEntryKey(key))
    return { ok: false, action, errors: { form: 'Choose what to change' } };
  const parsed = CredentialClaimSchema.safeParse(input);
  if (!parsed.success) return { ok: false, action, errors: errorsOf(parsed.error, input) };
  const claim = parsed.data as CredentialClaim;
  return action === 'add-credential'
    ? { ok: true, change: { kind: 'add-credential', claim } }
    : { ok: true, change: { kind: 'edit-credential', key, claim } };
}

/** The change a posted status-page form asks for, or what is wrong with it. */
export function readChangeForm(form: Form, asOf: CalendarDate, source: CourseSource = STATUS_PAGE): ReadChange {
  const action = text(form.action);
  if (!isAction(action)) return { ok: false, action: undefined, errors: { form: 'Choose what to change' } };
  if (action === 'log-course') return readCourse(form, asOf, source);
  if (action === 'add-credential' || action === 'edit-credential') return readCredential(form, action);
  const key = text(form.key);
  if (!isEntryKey(key)) return { ok: false, action, errors: { form: 'Choose what to remove' } };
  return {
    ok: true,
    change: action === 'remove-course' ? { kind: 'remove-course', key } : { kind: 'remove-credential', key },
  };
}
