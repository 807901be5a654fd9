/**
 * The edge schemas for a trainer profile (sign-up, PUT /api/me, webhooks, `recert evaluate`). Everything core
 * trusts is checked here: catalog codes, real calendar dates, exact units, expiry not before earned.
 */
import {
  ACTIVITY_CATEGORIES,
  BODY_CODES,
  type BodyCode,
  ENTRY_SOURCES,
  expectedPeriodEnd,
  findCredential,
  formatLongDate,
  hasAtMostTwoDecimals,
  isCalendarDate,
  type TrainerProfile,
} from '../../core/index.js';
import { formatIssues } from '../common/validation.js';
import * as z from '../common/zod.js';

export const MAX_CREDENTIALS = 50;
export const MAX_ACTIVITIES = 500;
export const MAX_TITLE_LENGTH = 200;
/** Larger than any body's per-cycle requirement (ACSM-EP: 60) by a wide margin. */
export const MAX_UNITS = 1000;

/** Dates a card or course can carry; outside them a date is a typo (0001-01-01), and emails could not show it. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

export const CalendarDateSchema = z.string().check(
  z.refine(isCalendarDate, { message: 'not a calendar date', abort: true }),
  z.refine((date) => date >= EARLIEST_DATE && date <= LATEST_DATE, {
    message: `must be between ${EARLIEST_DATE.slice(0, 4)} and ${LATEST_DATE.slice(0, 4)}`,
  }),
);

// z.number() already refuses Infinity and NaN (classic zod's `.finite()` was a no-op).
const UnitsValueSchema = z
  .number()
  .check(
    z.gte(0, { message: 'must be 0 or more' }),
    z.lte(MAX_UNITS, { message: `must be at most ${MAX_UNITS}` }),
    z.refine(hasAtMostTwoDecimals, { message: 'at most 2 decimals' }),
  );

const unitsShape = Object.fromEntries(BODY_CODES.map((body) => [body, z.optional(UnitsValueSchema)])) as Record<
  BodyCode,
  z.ZodMiniOptional<typeof UnitsValueSchema>
>;

export const CredentialClaimSchema = z
  .strictObject({
    code: z.string().check(
      z.maxLength(40),
      z.refine((code) => findCredential(code) !== undefined, { message: 'unknown credential code' }),
    ),
    earnedOn: z.optional(CalendarDateSchema),
    expiresOn: z.optional(CalendarDateSchema),
    recordedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  })
  .check(
    z.superRefine((claim, context) => {
      const entry = findCredential(claim.code);
      if (entry === undefined) return;
      if (entry.kind !== 'specialization' && claim.expiresOn === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['expiresOn'],
          input: undefined,
          message: `required for ${entry.kind} ${claim.code}`,
        });
      }
      if (entry.kind === 'specialization' && claim.earnedOn === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['earnedOn'],
          input: undefined,
          message: `required for specialization ${claim.code}`,
        });
      }
      const periodEnd = claim.expiresOn === undefined ? null : expectedPeriodEnd(claim.code, claim.expiresOn);
      if (periodEnd !== null) {
        // A calendar-fixed body (NSCA) ends every cycle on the same day: any other date would move the deadline.
        context.addIssue({
          code: 'custom',
          path: ['expiresOn'],
          input: claim.expiresOn,
          message: `${claim.code} certifications expire at the end of a reporting period: use ${periodEnd} (${formatLongDate(periodEnd)})`,
        });
      }
      if (claim.earnedOn !== undefined && claim.expiresOn !== undefined && claim.expiresOn < claim.earnedOn) {
        context.addIssue({
          code: 'custom',
          path: ['expiresOn'],
          input: claim.expiresOn,
          message: `before earnedOn ${claim.earnedOn}`,
        });
      }
    }),
  );

export const ActivitySchema = z.strictObject({
  title: z.string().check(z.trim(), z.minLength(1, { message: 'must not be empty' }), z.maxLength(MAX_TITLE_LENGTH)),
  completedOn: CalendarDateSchema,
  units: z.strictObject(unitsShape),
  category: z.optional(z.enum(ACTIVITY_CATEGORIES)),
  courseCode: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  provider: z.optional(z.string().check(z.trim(), z.maxLength(MAX_TITLE_LENGTH))),
  recordedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  certificateId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  enteredVia: z.optional(z.enum(ENTRY_SOURCES)),
  fromReminderOn: z.optional(CalendarDateSchema),
});

export const TrainerProfileSchema = z.strictObject({
  credentials: z.array(CredentialClaimSchema).check(
    z.maxLength(MAX_CREDENTIALS),
    z.superRefine((credentials, context) => {
      // One evaluation per certification code: a second NASM-CPT would be evaluated (and reminded about) twice.
      // Cards and specializations may repeat (an old and a new CPR/AED card).
      const firstIndex = new Map<string, number>();
      credentials.forEach((claim, index) => {
        if (findCredential(claim.code)?.kind !== 'certification') return;
        const first = firstIndex.get(claim.code);
        if (first === undefined) {
          firstIndex.set(claim.code, index);
          return;
        }
        context.addIssue({
          code: 'custom',
          path: [index, 'code'],
          input: claim.code,
          message: `duplicate certification, already at credentials[${first}]`,
        });
      });
    }),
  ),
  activities: z._default(z.array(ActivitySchema).check(z.maxLength(MAX_ACTIVITIES)), []),
});

export type ProfileParseResult =
  | { readonly success: true; readonly profile: TrainerProfile }
  | { readonly success: false; readonly issues: readonly string[] };

/** Validates untrusted input into a {@link TrainerProfile}, or returns the formatted issues. */
export function parseTrainerProfile(input: unknown): ProfileParseResult {
  const result = TrainerProfileSchema.safeParse(input, { reportInput: true });
  if (!result.success) return { success: false, issues: formatIssues(result.error, input) };
  // Zod types absent optional keys as `T | undefined`; parsed JSON never holds an explicit undefined, so the
  // exactOptionalPropertyTypes shape of TrainerProfile is what we really have.
  return { success: true, profile: result.data as TrainerProfile };
}
