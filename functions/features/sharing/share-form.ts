import type { PostedForm } from '../../pages/my-record.js';
import {
  SHARE_CREATE_ACTION,
  SHARE_LABEL_MAX_CHARS,
  SHARE_LIFETIMES,
  type ShareLifetime,
} from '../../pages/share-section.js';

/** The "Make a share link" form as posted (the route's schema checked its shape). */
export interface ShareCreateForm {
  readonly codes?: readonly string[] | undefined;
  readonly expires?: ShareLifetime | undefined;
  readonly label?: string | undefined;
}

export interface ShareRequest {
  readonly codes: readonly string[];
  /** Null: until the trainer turns it off. */
  readonly days: number | null;
  readonly label?: string | undefined;
}

// Line breaks and other control characters in a label would only garble the trainer's own list.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The form checked against the trainer's record: at least one certification, each one the record holds; a lifetime
 * the form offers; an optional label of one short line. Errors are in the trainer's words, by field, to show again.
 */
export function readShareForm(
  form: ShareCreateForm,
  shareable: readonly string[],
): { readonly ok: true; readonly request: ShareRequest } | { readonly ok: false; readonly posted: PostedForm } {
  const codes = [...new Set(form.codes ?? [])];
  const label = (form.label ?? '').trim();
  const lifetime = SHARE_LIFETIMES.find((choice) => choice.value === form.expires);
  const errors: Record<string, string> = {};
  if (codes.length === 0) errors.codes = 'Choose at least one certification to show';
  else if (codes.some((code) => !shareable.includes(code))) {
    errors.codes = 'Choose from the certifications on your record: one you chose is not on it any more';
  }
  if (!lifetime) errors.expires = 'Choose how long the link works';
  if (label.length > SHARE_LABEL_MAX_CHARS) errors.label = `Keep it to ${SHARE_LABEL_MAX_CHARS} characters`;
  else if (CONTROL_CHARACTERS.test(label)) errors.label = 'Keep it to one line of plain text';
  if (Object.keys(errors).length > 0 || !lifetime) {
    if (errors.expires) errors.form = errors.expires;
    return {
      ok: false,
      posted: {
        action: SHARE_CREATE_ACTION,
        values: {
          codes: codes.filter((code) => shareable.includes(code)).join(' '),
          expires: form.expires ?? '',
          label,
        },
        errors,
      },
    };
  }
  return { ok: true, request: { codes, days: lifetime.days, ...(label ? { label } : {}) } };
}
