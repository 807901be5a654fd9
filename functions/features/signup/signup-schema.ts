import { findCredential } from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { TrainerProfileSchema } from '../../record/profile-schema.js';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;

// Control characters (CR/LF above all) in a name would split an email header or a log line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

// Characters a reader cannot see or that reorder text (zero-width joiners, bidi overrides, BOM), private-use code
// points and lone surrogates: a name holding them could disguise itself or break an email.
const HIDDEN_CHARACTERS = /[\p{Cf}\p{Co}\p{Cs}]/u;
const HAS_A_LETTER = /\p{L}/u;
// A name is greeted in an email we send to any address ("Hi <name>,"): no links or addresses in it.
const LINK_LIKE = /:\/\/|www\.|@|\/|[\p{L}\p{N}-]\.\p{L}{2,}/iu;

/** Turnstile tokens are at most 2048 characters (Cloudflare, "Validate the token"); anything longer is not one. */
export const MAX_CAPTCHA_TOKEN_LENGTH = 2048;

/**
 * POST /api/signups: the `recert evaluate` profile plus the address and the name. Strict, so unknown keys (a
 * `trainerId`, `__proto__` …) are refused by name. `website` is the honeypot: people never see it, bots fill it.
 * `captchaToken` is the Turnstile token; optional here because the CAPTCHA may be off (the use case requires it when
 * it is on, and answers 400 naming the field if it is missing).
 */
const SignupFields = z.extend(TrainerProfileSchema, {
  email: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { message: 'required' }),
      z.maxLength(MAX_EMAIL_LENGTH, { message: `at most ${MAX_EMAIL_LENGTH} characters` }),
      z.email({ message: 'not a valid email address' }),
    ),
  name: z.string().check(
    z.normalize('NFC'),
    z.trim(),
    z.minLength(1, { message: 'must not be empty' }),
    z.maxLength(MAX_NAME_LENGTH, { message: `at most ${MAX_NAME_LENGTH} characters` }),
    z.refine((name) => !CONTROL_CHARACTERS.test(name), {
      message: 'must not contain control characters or line breaks',
    }),
    z.refine((name) => !HIDDEN_CHARACTERS.test(name), {
      message: 'must not contain invisible or text-direction characters',
    }),
    z.refine((name) => HAS_A_LETTER.test(name), { message: 'must contain at least one letter' }),
    z.refine((name) => !LINK_LIKE.test(name), { message: 'must be your name, not a link or an address' }),
  ),
  website: z.optional(z.string().check(z.maxLength(2000))),
  captchaToken: z.optional(
    z
      .string()
      .check(z.maxLength(MAX_CAPTCHA_TOKEN_LENGTH, { message: `at most ${MAX_CAPTCHA_TOKEN_LENGTH} characters` })),
  ),
});

/** Without a certification there is nothing to remind about: a sign-up names at least one (a card alone is not enough). */
export const SignupSchema = SignupFields.check(
  z.superRefine((signup, context) => {
    if (signup.credentials.some((claim) => findCredential(claim.code)?.kind === 'certification')) return;
    context.addIssue({
      code: 'custom',
      path: ['credentials'],
      input: signup.credentials,
      message: 'add at least one certification (for example NASM-CPT), so Recert knows what to remind you about',
    });
  }),
);

export type Signup = z.infer<typeof SignupSchema>;

/** True when the honeypot field holds anything: answer like a success, do nothing. */
export function isHoneypotFilled(input: unknown): boolean {
  if (input === null || typeof input !== 'object') return false;
  const website = (input as Record<string, unknown>).website;
  return typeof website === 'string' && website.trim() !== '';
}
