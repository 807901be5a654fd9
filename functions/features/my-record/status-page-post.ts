import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type HttpResponse, html, seeOther } from '../../common/http.js';
import type { PostedForm } from '../../pages/my-record.js';
import { renderStatusPage } from '../../pages/status-page.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { changeRecord } from './change-record.js';
import { chooseCadence, isReminderCadence, REMINDER_CADENCE_ACTION } from './reminder-settings.js';
import { trainerForToken } from './session.js';
import { statusView } from './status-view.js';

type Form = Readonly<Record<string, unknown>>;

export function asForm(body: unknown): Form {
  return body !== null && typeof body === 'object' ? (body as Form) : {};
}

export const tokenOf = (form: Form): string | undefined => (typeof form.token === 'string' ? form.token : undefined);

/** What was typed, flattened to the page's field names (`units.NASM`), to fill the form again. */
function typedValues(form: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    if (typeof value === 'string' && name !== 'token') values[name] = value;
    else if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (typeof innerValue === 'string') values[`${name}.${inner}`] = innerValue;
      }
    }
  }
  return values;
}

/**
 * POST /status from one of the status page's forms: the change is saved and the browser is sent back to the page
 * (303, so a refresh never posts twice), which shows the new progress and advice; or the page comes back with the
 * form's errors and what was typed, and nothing is written.
 */
export async function postStatusChange(deps: Dependencies, body: unknown, now: Date): Promise<HttpResponse> {
  const form = asForm(body);
  const token = tokenOf(form);
  const trainer = await trainerForToken(deps, token, now);
  if (form.action === REMINDER_CADENCE_ACTION) return postCadence(deps, trainer, token ?? '', form, now);
  const outcome = await changeRecord(deps, trainer, form, now);
  const anchor = outcome.action === 'log-course' || outcome.action === 'remove-course' ? 'courses' : 'credentials';
  if (outcome.kind === 'done') {
    return seeOther(`/status?token=${encodeURIComponent(token ?? '')}&done=${outcome.action}#${anchor}`);
  }
  const posted: PostedForm = {
    action: outcome.action,
    values: typedValues(form),
    errors: outcome.errors,
    ...(typeof form.key === 'string' ? { key: form.key } : {}),
  };
  return html(400, renderStatusPage(await statusView(deps, trainer, token ?? '', now, { posted })));
}

/** The reminders section's form: "follow my pace" or "only the essentials"; then back to that section. */
async function postCadence(
  deps: Dependencies,
  trainer: TrainerRecord,
  token: string,
  form: Form,
  now: Date,
): Promise<HttpResponse> {
  const { cadence } = form;
  if (!isReminderCadence(cadence)) {
    const errors = { cadence: 'Choose how often Recert should remind you' };
    const posted: PostedForm = { action: REMINDER_CADENCE_ACTION, values: typedValues(form), errors };
    return html(400, renderStatusPage(await statusView(deps, trainer, token, now, { posted })));
  }
  await chooseCadence(deps, trainer, cadence, now);
  return seeOther(`/status?token=${encodeURIComponent(token)}&done=reminder-cadence#reminders`);
}
