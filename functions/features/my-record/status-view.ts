import { listCatalog } from '../../../core/index.js';
import type { TrainerRecord } from '../../adapters/dynamodb/trainer-repository.js';
import type { PostedForm } from '../../pages/my-record.js';
import type { StatusPageInput } from '../../pages/status-page.js';
import { calendarDateAt, evaluateTrainer, reminderSettingsOf } from '../../record/next-reminder.js';
import type { Dependencies } from '../../wiring/dependencies.js';
import { calendarFeedLinks } from './calendar-feed.js';
import type { ChangeAction } from './change-form.js';
import { entryKey } from './record-changes.js';

/** Said once on the page a change redirects to. */
const DONE: Readonly<
  Record<
    | ChangeAction
    | 'reminders-requested'
    | 'calendar-created'
    | 'calendar-replaced'
    | 'share-revoked'
    | 'snoozed'
    | 'reminder-cadence',
    string
  >
> = {
  'log-course': 'Course saved. Your progress and advice below include it.',
  'remove-course': 'Course removed.',
  'add-credential': 'Added. Your deadlines and advice below include it.',
  'edit-credential': 'Dates saved. Your deadlines and advice below use them.',
  'remove-credential': 'Removed.',
  'reminders-requested':
    'We emailed you a link: reminders start again once you use it. Nothing arrives? Check spam, or ask again.',
  'calendar-created': 'Your calendar link is ready: add it to your calendar below.',
  'calendar-replaced': 'Link replaced. The old one no longer works: subscribe again with the new one below.',
  'share-revoked': 'Link turned off. Whoever opens it now is told it no longer works, and sees nothing else.',
  snoozed: 'Snoozed. Your reminders below say when the next one comes.',
  'reminder-cadence': 'Saved. Your reminders below follow your choice.',
};

export function doneMessage(action: string | undefined): string | undefined {
  return action !== undefined && Object.hasOwn(DONE, action) ? DONE[action as keyof typeof DONE] : undefined;
}

/** Provider ids → names for the credits providers recorded, read once per page. */
async function providerNames(deps: Dependencies, trainer: TrainerRecord): Promise<Record<string, string>> {
  const ids = new Set(
    [...trainer.profile.activities, ...trainer.profile.credentials].flatMap((entry) =>
      entry.recordedBy ? [entry.recordedBy] : [],
    ),
  );
  const providers = await Promise.all([...ids].map((id) => deps.repositories.providers.get(id)));
  return Object.fromEntries(providers.flatMap((provider) => (provider ? [[provider.providerId, provider.name]] : [])));
}

/** Everything the status page shows for this trainer today, with a posted form to show again if there is one. */
export async function statusView(
  deps: Dependencies,
  trainer: TrainerRecord,
  token: string,
  now: Date,
  extras: { readonly posted?: PostedForm; readonly flash?: string | undefined } = {},
): Promise<StatusPageInput> {
  const { profile } = trainer;
  return {
    name: trainer.name,
    token,
    evaluation: evaluateTrainer(trainer, calendarDateAt(now)),
    reminderSettings: reminderSettingsOf(trainer),
    courses: profile.activities.map((entry, index) => ({ entry, key: entryKey(entry, index) })),
    credentials: profile.credentials.map((entry, index) => ({ entry, key: entryKey(entry, index) })),
    providerNames: await providerNames(deps, trainer),
    catalog: listCatalog(),
    unsubscribeUrl: deps.links.unsubscribe(deps.tokens.issue('unsubscribe', trainer.trainerId, now)),
    remindersOff: trainer.suppressed,
    calendarFeed: await calendarFeedLinks(deps, trainer),
    shareLinks: await deps.repositories.shareLinks.listForTrainer(trainer.trainerId, now),
    teams: {
      memberships: await deps.repositories.teamRosters.membershipsOf(trainer.trainerId),
      invitations: await deps.repositories.teamRosters.invitationsFor(trainer.email, now),
    },
    ...(extras.posted ? { posted: extras.posted } : {}),
    ...(extras.flash ? { flash: extras.flash } : {}),
  };
}
