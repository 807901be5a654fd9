/**
 * The changes a trainer makes to their own record from the status page, as pure functions over the profile. Entries
 * have no ids, so a page names one by its position and a short fingerprint of its content: a form posted from an
 * older copy of the page (or posted twice) removes or edits nothing it did not show.
 */
import { createHash } from 'node:crypto';
import type { Activity, CredentialClaim, TrainerProfile } from '../../../core/index.js';

export type RecordChange =
  | { readonly kind: 'log-course'; readonly activity: Activity }
  | { readonly kind: 'remove-course'; readonly key: string }
  | { readonly kind: 'add-credential'; readonly claim: CredentialClaim }
  | { readonly kind: 'edit-credential'; readonly key: string; readonly claim: CredentialClaim }
  | { readonly kind: 'remove-credential'; readonly key: string };

/** `3-1a2b3c4d`: the entry's position and the first 8 hex digits of a hash of what it holds. */
export function entryKey(entry: Activity | CredentialClaim, index: number): string {
  const fingerprint = createHash('sha256').update(JSON.stringify(entry)).digest('hex').slice(0, 8);
  return `${index}-${fingerprint}`;
}

/** The position of the entry `key` names, if the list still holds it (at its position, or moved by another edit). */
function findEntry<T extends Activity | CredentialClaim>(list: readonly T[], key: string): number | undefined {
  const fingerprint = key.slice(key.indexOf('-') + 1);
  const position = Number(key.slice(0, key.indexOf('-')));
  const at = list[position];
  if (at !== undefined && entryKey(at, position) === key) return position;
  const moved = list.findIndex((entry, index) => entryKey(entry, index).endsWith(`-${fingerprint}`));
  return moved === -1 ? undefined : moved;
}

function without<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, position) => position !== index);
}

/**
 * The profile after `change`, or `undefined` when there is nothing to do: the entry to remove or edit is already
 * gone, or the course was already logged (the same form posted twice).
 */
export function applyChange(profile: TrainerProfile, change: RecordChange): TrainerProfile | undefined {
  switch (change.kind) {
    case 'log-course': {
      const same = JSON.stringify(change.activity);
      if (profile.activities.some((activity) => JSON.stringify(activity) === same)) return undefined;
      return { ...profile, activities: [...profile.activities, change.activity] };
    }
    case 'remove-course': {
      const index = findEntry(profile.activities, change.key);
      return index === undefined ? undefined : { ...profile, activities: without(profile.activities, index) };
    }
    case 'add-credential': {
      const same = JSON.stringify(change.claim);
      if (profile.credentials.some((claim) => JSON.stringify(claim) === same)) return undefined;
      return { ...profile, credentials: [...profile.credentials, change.claim] };
    }
    case 'edit-credential': {
      const index = findEntry(profile.credentials, change.key);
      if (index === undefined) return undefined;
      return { ...profile, credentials: profile.credentials.map((claim, at) => (at === index ? change.claim : claim)) };
    }
    case 'remove-credential': {
      const index = findEntry(profile.credentials, change.key);
      return index === undefined ? undefined : { ...profile, credentials: without(profile.credentials, index) };
    }
  }
}
