import { TrainerProfileSchema } from '../shared/profile-schema.js';
import * as z from '../shared/zod.js';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;

// Control characters (CR/LF above all) in a name would split an email header or a log line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * POST /api/signups: the `recert evaluate` profile plus the address and the name. Strict, so unknown keys (a
 * `trainerId`, `__proto__` …) are refused by name. `website` is the honeypot: people never see it, bots fill it.
 */
export const SignupSchema = z.extend(TrainerProfileSchema, {
  email: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { message: 'required' }),
      z.maxLength(MAX_EMAIL_LENGTH, { message: `at most ${MAX_EMAIL_LENGTH} characters` }),
      z.email({ message: 'not a valid email address' }),
    ),
  name: z.string().check(
    z.trim(),
    z.minLength(1, { message: 'must not be empty' }),
    z.maxLength(MAX_NAME_LENGTH, { message: `at most ${MAX_NAME_LENGTH} characters` }),
    z.refine((name) => !CONTROL_CHARACTERS.test(name), {
      message: 'must not contain control characters or line breaks',
    }),
  ),
  website: z.optional(z.string().check(z.maxLength(2000))),
});

export type Signup = z.infer<typeof SignupSchema>;

/** True when the honeypot field holds anything: answer like a success, do nothing. */
export function isHoneypotFilled(input: unknown): boolean {
  if (input === null || typeof input !== 'object') return false;
  const website = (input as Record<string, unknown>).website;
  return typeof website === 'string' && website.trim() !== '';
}
