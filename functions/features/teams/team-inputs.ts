import * as z from '../../common/zod.js';

/**
 * The two things typed about a team: its name (the operator's `--name`, shown to every trainer it invites) and an
 * email address (the manager's `--email`, an invited trainer's). Each check answers in plain words, or accepts.
 */

export const MAX_TEAM_NAME_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;

// Control characters would split an email header or a log line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// Invisible and text-direction characters could disguise a name in an invitation.
const HIDDEN_CHARACTERS = /[\p{Cf}\p{Co}\p{Cs}]/u;
const HAS_A_LETTER = /\p{L}/u;
// The name is read in an email sent to addresses a manager typed: no links or addresses in it.
const LINK_LIKE = /:\/\/|www\.|@|\/|[\p{L}\p{N}-]\.\p{L}{2,}/iu;

export type Checked = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

export function checkTeamName(raw: string | undefined): Checked {
  const name = (raw ?? '').normalize('NFC').trim();
  if (name === '') return { ok: false, problem: 'the team name is missing' };
  if (name.length > MAX_TEAM_NAME_LENGTH) {
    return { ok: false, problem: `the team name is longer than ${MAX_TEAM_NAME_LENGTH} characters` };
  }
  if (CONTROL_CHARACTERS.test(name) || HIDDEN_CHARACTERS.test(name)) {
    return { ok: false, problem: 'the team name holds line breaks or invisible characters' };
  }
  if (!HAS_A_LETTER.test(name)) return { ok: false, problem: 'the team name needs at least one letter' };
  if (LINK_LIKE.test(name)) return { ok: false, problem: 'the team name looks like a link or an address' };
  return { ok: true, value: name };
}

const Email = z.email();

export function checkEmail(raw: string | undefined): Checked {
  const email = (raw ?? '').trim();
  if (email === '') return { ok: false, problem: 'the email address is missing' };
  if (email.length > MAX_EMAIL_LENGTH) {
    return { ok: false, problem: `the email address is longer than ${MAX_EMAIL_LENGTH} characters` };
  }
  if (!Email.safeParse(email).success) {
    return { ok: false, problem: 'that is not an email address (it should look like name@example.com)' };
  }
  return { ok: true, value: email };
}
