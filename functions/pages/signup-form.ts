import { TURNSTILE_RESPONSE_FIELD } from '../adapters/captcha/turnstile-widget.js';
import type { FieldIssue } from '../common/errors.js';
import { plainMessage } from './plain-messages.js';
import { DEFAULT_ROWS, type FormValues, MAX_ROWS, ROW_KINDS, type RowCounts, type RowKind } from './signup-page.js';

/** What `readSignupForm` gives the sign-up handler: the JSON-shaped input plus a way back to the form fields. */
export interface SignupForm {
  /** The same shape as the JSON API body, ready for the same zod schema. */
  readonly input: Record<string, unknown>;
  /** Everything typed, keyed by field id, to re-fill the form. */
  readonly values: FormValues;
  /** How many rows of each list the posted form had (at least the default), to render it again alike. */
  readonly rows: RowCounts;
  /** Set when the trainer pressed "Add another …": render the form again with one more row, check nothing. */
  readonly addRow?: RowKind;
  /** Maps zod issues (profile paths such as `credentials[2].expiresOn`) to form field ids. */
  errorsByField(issues: readonly FieldIssue[]): Record<string, string>;
}

type Row = Record<string, unknown>;

function rows(value: unknown): Row[] {
  if (Array.isArray(value)) return value.filter((row): row is Row => typeof row === 'object' && row !== null);
  if (value && typeof value === 'object') return [value as Row];
  return [];
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const isBlank = (row: Row, keys: readonly string[]) => keys.every((key) => text(row[key]) === '');

/** Converts the posted sign-up form (bracketed field names) into the API's JSON shape. */
export function readSignupForm(form: Record<string, unknown>): SignupForm {
  const values: Record<string, string> = {};
  const credentialFields: string[] = [];
  const activityFields: string[] = [];
  const credentials: Row[] = [];
  const activities: Row[] = [];

  for (const key of ['name', 'email', 'website']) values[key] = text(form[key]);

  const addCredential = (prefix: string, row: Row, keys: readonly string[], code?: string) => {
    for (const key of keys) values[`${prefix}-${key}`] = text(row[key]);
    if (isBlank(row, keys)) return;
    const credential: Row = { code: code ?? text(row.code) };
    for (const key of ['earnedOn', 'expiresOn'])
      if (keys.includes(key) && text(row[key])) credential[key] = text(row[key]);
    credentials.push(credential);
    credentialFields.push(prefix);
  };

  rows(form.cert).forEach((row, i) => {
    addCredential(`cert-${i}`, row, ['code', 'earnedOn', 'expiresOn']);
  });
  rows(form.spec).forEach((row, i) => {
    addCredential(`spec-${i}`, row, ['code', 'earnedOn']);
  });
  for (const row of rows(form.cpr)) addCredential('cpr', row, ['earnedOn', 'expiresOn'], 'CPR-AED');

  rows(form.activity).forEach((row, i) => {
    const prefix = `activity-${i}`;
    for (const key of ['title', 'completedOn', 'units', 'body']) values[`${prefix}-${key}`] = text(row[key]);
    if (isBlank(row, ['title', 'completedOn', 'units'])) return;
    const units = text(row.units);
    const amount = units !== '' && Number.isFinite(Number(units)) ? Number(units) : units;
    activities.push({
      title: text(row.title),
      completedOn: text(row.completedOn),
      units: { [text(row.body)]: amount },
    });
    activityFields.push(prefix);
  });

  const input: Record<string, unknown> = { name: values.name, email: values.email, credentials, activities };
  if (values.website) input.website = values.website;
  // The widget's token, under the JSON API's name. Never kept in `values`: a re-rendered form gets a fresh widget.
  const captchaToken = text(form[TURNSTILE_RESPONSE_FIELD]);
  if (captchaToken) input.captchaToken = captchaToken;

  const posted: RowCounts = {
    cert: rows(form.cert).length,
    spec: rows(form.spec).length,
    activity: rows(form.activity).length,
  };
  const counts = Object.fromEntries(
    ROW_KINDS.map((kind) => [kind, Math.min(MAX_ROWS[kind], Math.max(DEFAULT_ROWS[kind], posted[kind]))]),
  ) as Record<RowKind, number>;
  const addRow = ROW_KINDS.find((kind) => kind === form.add);

  return {
    input,
    values,
    rows: counts,
    ...(addRow ? { addRow } : {}),
    errorsByField(issues) {
      const errors: Record<string, string> = {};
      for (const issue of issues) {
        const id = fieldId(issue.path, credentialFields, activityFields);
        errors[id] ??= plainMessage(issue.path, issue.message);
      }
      return errors;
    },
  };
}

function fieldId(path: string, credentialFields: readonly string[], activityFields: readonly string[]): string {
  const match = /^(credentials|activities)\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (path === 'captchaToken') return 'captcha';
  if (path === 'credentials') return 'cert-0-code';
  if (!match) return ['name', 'email'].includes(path) ? path : 'form';
  const [, list, index, key] = match;
  const prefix = (list === 'credentials' ? credentialFields : activityFields)[Number(index)];
  if (!prefix) return 'form';
  if (list === 'activities' && key === 'units') return `${prefix}-units`;
  return key ? `${prefix}-${key}` : `${prefix}-code`;
}
