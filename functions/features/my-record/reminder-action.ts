import { type CalendarDate, CPR_AED_CODE, findCredential } from '../../../core/index.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type ReadActionRef, readActionRef } from '../../adapters/email/reminder-actions.js';
import { UnauthorizedError } from '../../common/errors.js';
import { type HttpResponse, html, seeOther } from '../../common/http.js';
import type { TokenClaims } from '../../common/tokens.js';
import {
  type ReminderActionView,
  renderReminderActionDonePage,
  renderReminderActionPage,
} from '../../pages/reminder-action-page.js';
import { calendarDateAt } from '../../record/next-reminder.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { readChangeForm } from './change-form.js';
import { saveChange } from './change-record.js';
import { entryKey } from './record-changes.js';
import { asForm, tokenOf } from './status-page-post.js';

type Form = Readonly<Record<string, unknown>>;

interface OpenedLink {
  readonly token: string;
  readonly claims: TokenClaims;
  readonly ref: ReadActionRef;
  readonly trainer: TrainerRecord;
}

/** A reminder's action link: its own purpose, an action Recert wrote, a trainer who still exists; else a 401. */
async function openLink(deps: Dependencies, token: string | undefined, now: Date): Promise<OpenedLink> {
  if (token === undefined) throw new UnauthorizedError();
  const claims = deps.tokens.verify(token, 'reminder-action', now);
  const ref = readActionRef(claims.ref);
  const trainer = ref && (await deps.repositories.trainers.get(claims.subject));
  if (!ref || !trainer) throw new UnauthorizedError();
  return { token, claims, ref, trainer };
}

/** The body and unit a course toward this certification is counted in, from the catalog. */
function unitsOf(code: string): ReminderActionView['units'] {
  const entry = findCredential(code);
  return entry?.kind === 'certification' ? { body: entry.body, unit: entry.unit } : undefined;
}

function view(link: OpenedLink, values: Form, errors: Readonly<Record<string, string>>): ReminderActionView {
  const { action, sentOn } = link.ref;
  const units = action.kind === 'course' ? unitsOf(action.certification) : undefined;
  const typed: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') typed[name] = value;
    else if (value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (typeof innerValue === 'string') typed[`${name}[${inner}]`] = innerValue;
      }
    }
  }
  return { token: link.token, action, sentOn, ...(units ? { units } : {}), values: typed, errors };
}

/** The status page form the action stands for, so it is checked and saved exactly like one posted there. */
function asChangeForm(link: OpenedLink, form: Form): Form {
  const { action } = link.ref;
  if (action.kind === 'course') return { ...form, action: 'log-course' };
  if (action.kind === 'specialization') return { action: 'add-credential', code: action.code, earnedOn: form.earnedOn };
  const credentials = link.trainer.profile.credentials;
  const index = credentials.findIndex((claim) => claim.code === CPR_AED_CODE);
  const card = { code: CPR_AED_CODE, earnedOn: form.earnedOn, expiresOn: form.expiresOn };
  const existing = credentials[index];
  return existing
    ? { action: 'edit-credential', key: entryKey(existing, index), ...card }
    : { action: 'add-credential', ...card };
}

/** `GET /act?token=…`: the form, filled with what Recert can guess (today for a date). Changes nothing. */
export async function showReminderAction(deps: Dependencies, token: string, now: Date): Promise<HttpResponse> {
  const link = await openLink(deps, token, now);
  const today: CalendarDate = calendarDateAt(now);
  const defaults = link.ref.action.kind === 'cpr' ? {} : { earnedOn: today, completedOn: today };
  return html(200, renderReminderActionPage(view(link, defaults, {})));
}

/**
 * `POST /act`: checked like the status page's own forms (400 with the messages, nothing written), then the link is
 * spent (a replay answers "already done" and changes nothing), then the change is saved through the record seam and
 * the browser goes to the status page, which shows it.
 */
export async function postReminderAction(deps: Dependencies, body: unknown, now: Date): Promise<HttpResponse> {
  const form = asForm(body);
  const link = await openLink(deps, tokenOf(form), now);
  const source = { enteredVia: 'reminder', fromReminderOn: link.ref.sentOn } as const;
  const read = readChangeForm(asChangeForm(link, form), calendarDateAt(now), source);
  if (!read.ok) return html(400, renderReminderActionPage(view(link, form, read.errors)));
  const statusUrl = `/status?token=${encodeURIComponent(deps.tokens.issue('status', link.trainer.trainerId, now))}`;
  const spent = await deps.repositories.usedTokens.consume({
    tokenId: link.claims.jti,
    purpose: 'reminder-action',
    tokenExpiresAt: new Date(link.claims.expiresAt * 1000),
    now,
  });
  if (spent === 'already-used') return html(200, renderReminderActionDonePage(statusUrl));
  const outcome = await saveChange(deps, link.trainer, read.change, now);
  if (outcome.kind === 'invalid') return html(400, renderReminderActionPage(view(link, form, outcome.errors)));
  const anchor = outcome.action === 'log-course' ? 'courses' : 'credentials';
  return seeOther(`${statusUrl}&done=${outcome.action}#${anchor}`);
}
