import {
  type Activity,
  BODY_CODES,
  type CredentialClaim,
  ENTRY_SOURCES,
  type TrainerProfile,
} from '../../../core/index.js';
import * as z from '../../common/zod.js';
import { ItemValidationError } from './errors.js';

/**
 * Items read back are parsed, never cast: a stored shape that drifted (an old `version`, a hand edit) fails loudly
 * with the entity and the field path instead of flowing on as `any`.
 */
export function parseItem<T>(schema: z.ZodMiniType<T>, entity: string, item: unknown): T {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(item)'}: ${issue.message}`)
      .join('; ');
    throw new ItemValidationError(entity, problems);
  }
  return parsed.data;
}

export const calendarDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date'));
export const isoInstant = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'not an ISO instant'));
export const epochSecondsSchema = z.number().check(z.int());

const credentialSchema: z.ZodMiniType<CredentialClaim> = z.object({
  code: z.string().check(z.minLength(1)),
  earnedOn: z.exactOptional(calendarDate),
  expiresOn: z.exactOptional(calendarDate),
  recordedBy: z.exactOptional(z.string()),
});

const unitsSchema: z.ZodMiniType<Activity['units']> = z.partialRecord(z.enum(BODY_CODES), z.number());

const activitySchema: z.ZodMiniType<Activity> = z.object({
  title: z.string(),
  completedOn: calendarDate,
  units: unitsSchema,
  category: z.exactOptional(z.string()),
  courseCode: z.exactOptional(z.string()),
  provider: z.exactOptional(z.string()),
  recordedBy: z.exactOptional(z.string()),
  certificateId: z.exactOptional(z.string()),
  enteredVia: z.exactOptional(z.enum(ENTRY_SOURCES)),
  fromReminderOn: z.exactOptional(calendarDate),
});

/** The stored profile: structure only; the edge (zod at the HTTP/webhook boundary) already checked the catalog. */
export const trainerProfileSchema: z.ZodMiniType<TrainerProfile> = z.object({
  credentials: z.array(credentialSchema),
  activities: z.array(activitySchema),
});

export { activitySchema, credentialSchema, unitsSchema };
