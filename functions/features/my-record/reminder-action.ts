import { type CalendarDate, CPR_AED_CODE, findCredential } from '../../../core/index.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import { type ReadActionRef, type ReminderAction, readActionRef } from '../../adapters/email/reminder-actions.js';
import { UnauthorizedError } from '../../common/errors.js';
import { type HttpResponse, html, seeOther } from '../../common/http.js';
import type { TokenClaims } from '../../common/tokens.js';
import {
  type ReminderActionView,
  renderNothingToSnoozePage,
  renderReminderActionDonePage,
  renderReminderActionPage,
  renderSnoozePage,
} from '../../pages/reminder-action-page.js';
import { calendarDateAt } from '../../record/next-reminder.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { readChangeForm } from './change-form.js';
import { saveChange } from './change-record.js';
import { entryKey } from './record-changes.js';
import { previewSnooze, type SnoozePreview, snoozeCertification } from './reminder-settings.js';
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

type SnoozeLink = OpenedLink & { readonly ref: { readonly action: Extract<ReminderAction, { kind: 'snooze' }> } };

function isSnooze(link: OpenedLink): link is SnoozeLink {
  return link.ref.action.kind === 'snooze';
}

/** A fresh status page link: the one in the email may have expired since. */
function statusUrlFor(deps: Dependencies, link: OpenedLink, now: Date): string {
  return `/status?token=${encodeURIComponent(deps.tokens.issue('status', link.trainer.trainerId, now))}`;
}

/** A snooze that would hold nothing back (the next reminder always comes, or the certification is gone): said. */
function nothingToSnooze(deps: Dependencies, link: SnoozeLink, preview: SnoozePreview, now: Date): HttpResponse {
  const statusUrl = statusUrlFor(deps, link, now);
  const held = preview.kind !== 'not-held';
  return html(200, renderNothingToSnoozePage({ certification: link.ref.action.certification, held, statusUrl }));
}

/** `GET /act` for a snooze: what it would do today (the day the next reminder moves to). Changes nothing. */
function showSnooze(deps: Dependencies, link: SnoozeLink, now: Date): HttpResponse {
  const { certification, length } = link.ref.action;
  const preview = previewSnooze(link.trainer, certification, length, now);
  if (preview.kind !== 'moves') return nothingToSnooze(deps, link, preview, now);
  const { until, atProtected } = preview;
  const view = { token: link.token, certification, length, sentOn: link.ref.sentOn, until, atProtected };
  return html(200, renderSnoozePage(view));
}

/**
 * `POST /act` for a snooze: the link is spent first (a replay answers "already done", whatever the record says by
 * then), then the snooze is decided from the record as it is and saved through the record seam, which moves the next
 * reminder; on to the status page, whose reminders section shows it. A snooze that would move nothing says so.
 */
async function postSnooze(deps: Dependencies, link: SnoozeLink, now: Date): Promise<HttpResponse> {
  const { certification, length } = link.ref.action;
  const statusUrl = statusUrlFor(deps, link, now);
  if ((await spend(deps, link, now)) === 'already-used') return html(200, renderReminderActionDonePage(statusUrl));
  const snooze = { code: certification, length, fromReminderOn: link.ref.sentOn };
  const outcome = await snoozeCertification(deps, link.trainer, snooze, now);
  if (outcome.kind !== 'moves') return nothingToSnooze(deps, link, outcome, now);
  return seeOther(`${statusUrl}&done=snoozed#reminders`);
}

/** Spends the link (conditional put of its id): `already-used` when it was spent before. */
function spend(deps: Dependencies, link: OpenedLink, now: Date) {
  return deps.repositories.usedTokens.consume({
    tokenId: link.claims.jti,
    purpose: 'reminder-action',
    tokenExpiresAt: new Date(link.claims.expiresAt * 1000),
    now,
  });
}

/** `GET /act?token=…`: the form, filled with what Recert can guess (today for a date). Changes nothing. */
export async function showReminderAction(deps: Dependencies, token: string, now: Date): Promise<HttpResponse> {
  const link = await openLink(deps, token, now);
  if (isSnooze(link)) return showSnooze(deps, link, now);
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
  if (isSnooze(link)) return postSnooze(deps, link, now);
  const source = { enteredVia: 'reminder', fromReminderOn: link.ref.sentOn } as const;
  const read = readChangeForm(asChangeForm(link, form), calendarDateAt(now), source);
  if (!read.ok) return html(400, renderReminderActionPage(view(link, form, read.errors)));
  const statusUrl = statusUrlFor(deps, link, now);
  if ((await spend(deps, link, now)) === 'already-used') return html(200, renderReminderActionDonePage(statusUrl));
  const outcome = await saveChange(deps, link.trainer, read.change, now);
  if (outcome.kind === 'invalid') return html(400, renderReminderActionPage(view(link, form, outcome.errors)));
  const anchor = outcome.action === 'log-course' ? 'courses' : 'credentials';
  return seeOther(`${statusUrl}&done=${outcome.action}#${anchor}`);
}
