import {
  type Activity,
  type CalendarDate,
  type CompletionCredit,
  findCredential,
  fromHundredths,
} from '../../../core/index.js';
import type { CourseMapping } from '../../adapters/dynamodb/provider-repository.js';
import { toFieldIssues } from '../../common/validation.js';
import * as z from '../../common/zod.js';
import { ActivitySchema, CalendarDateSchema, MAX_TITLE_LENGTH } from '../../record/profile-schema.js';

/**
 * The `course.completed` delivery body (docs/webhooks.md). Unknown extra fields are ignored so providers can add
 * their own; everything Recert stores is checked here.
 */
export const CourseCompletedPayloadSchema = z.object({
  type: z.literal('course.completed'),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.object({
    learner: z.object({
      email: z.email().check(z.maxLength(254)),
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_TITLE_LENGTH)),
      providerLearnerId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    }),
    course: z.union([
      z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(40)) }),
      z.strictObject({ providerCourseId: z.string().check(z.minLength(1), z.maxLength(100)) }),
    ]),
    completedOn: CalendarDateSchema,
    units: z._default(ActivitySchema.shape.units, {}),
    certificateId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  }),
});

export type CourseCompletedPayload = z.infer<typeof CourseCompletedPayloadSchema>;

export type ParsedPayload =
  | { readonly ok: true; readonly payload: CourseCompletedPayload }
  | { readonly ok: false; readonly reason: string };

/** JSON text → payload, or a reason naming the field path and bad value (stored with the quarantined body). */
export function parsePayload(text: string): ParsedPayload {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body: not valid JSON' };
  }
  const parsed = CourseCompletedPayloadSchema.safeParse(json);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issues = toFieldIssues(parsed.error, json).map((issue) => `${issue.path || 'body'}: ${issue.message}`);
  return { ok: false, reason: issues.join('; ') };
}

export type ResolvedCredit =
  | { readonly ok: true; readonly credit: CompletionCredit }
  | { readonly ok: false; readonly reason: string };

function hasUnits(units: Readonly<Record<string, number | undefined>>): boolean {
  return Object.values(units).some((value) => value !== undefined && value > 0);
}

function creditForCatalogCode(code: string, data: CourseCompletedPayload['data'], title?: string): ResolvedCredit {
  const entry = findCredential(code, data.completedOn);
  if (!entry) return { ok: false, reason: `course: unknown catalog code ${JSON.stringify(code)}` };
  if (entry.kind === 'specialization') {
    return { ok: true, credit: { kind: 'specialization', credential: { code, earnedOn: data.completedOn } } };
  }
  return activityCredit({ title: title ?? entry.name, units: data.units, courseCode: code }, data.completedOn);
}

function activityCredit(
  input: { title: string; units: CompletionCreditUnits; courseCode: string; category?: string | undefined },
  completedOn: CalendarDate,
): ResolvedCredit {
  if (!hasUnits(input.units)) return { ok: false, reason: 'data.units: no approved units for a CE course' };
  const activity = ActivitySchema.safeParse({
    title: input.title,
    completedOn,
    units: input.units,
    courseCode: input.courseCode,
    ...(input.category !== undefined ? { category: input.category } : {}),
  });
  if (!activity.success) {
    return {
      ok: false,
      reason: toFieldIssues(activity.error, input)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; '),
    };
  }
  // Parsed JSON never holds an explicit undefined, so the exactOptionalPropertyTypes shape is what we really have.
  return { ok: true, credit: { kind: 'activity', activity: activity.data as Activity } };
}

type CompletionCreditUnits = CourseCompletedPayload['data']['units'];

/**
 * What the completion adds to a profile. `course.code` is a catalog code; `course.providerCourseId` goes through the
 * provider's course map (to a catalog code, or to a title with default units). A specialization becomes a held
 * specialization earned on `completedOn`; any other course a CE activity with the units the body carries, keyed by
 * `courseCode` so core never counts the same course twice.
 */
export function resolveCredit(
  providerId: string,
  data: CourseCompletedPayload['data'],
  courseMap: Readonly<Record<string, CourseMapping>>,
): ResolvedCredit {
  const resolved = resolveUnstamped(providerId, data, courseMap);
  if (!resolved.ok) return resolved;
  // Stamped with the provider that recorded it, so a trainer's own edits (PUT /api/me) never drop it unseen, and with
  // the provider's certificate id, which the trainer's history shows.
  const { credit } = resolved;
  const certificate = data.certificateId !== undefined ? { certificateId: data.certificateId } : {};
  return credit.kind === 'activity'
    ? { ok: true, credit: { ...credit, activity: { ...credit.activity, recordedBy: providerId, ...certificate } } }
    : { ok: true, credit: { ...credit, credential: { ...credit.credential, recordedBy: providerId } } };
}

function resolveUnstamped(
  providerId: string,
  data: CourseCompletedPayload['data'],
  courseMap: Readonly<Record<string, CourseMapping>>,
): ResolvedCredit {
  if ('code' in data.course) return creditForCatalogCode(data.course.code, data);
  const courseId = data.course.providerCourseId;
  const mapping = Object.hasOwn(courseMap, courseId) ? courseMap[courseId] : undefined;
  if (mapping === undefined) {
    return {
      ok: false,
      reason: `course.providerCourseId: not in provider ${providerId}'s course map (got ${JSON.stringify(courseId)})`,
    };
  }
  if (typeof mapping === 'string') return creditForCatalogCode(mapping, data);
  const units = hasUnits(data.units) ? data.units : mapping.units;
  return activityCredit(
    { title: mapping.title, units, courseCode: `${providerId}/${courseId}`, category: mapping.category },
    data.completedOn,
  );
}

/** The credit as the "credit recorded" email shows it: a title, a date and units per body. */
export function creditSummary(credit: CompletionCredit): {
  title: string;
  completedOn: CalendarDate;
  units: Readonly<Record<string, number>>;
} {
  if (credit.kind === 'activity') {
    const units: Record<string, number> = {};
    for (const [body, value] of Object.entries(credit.activity.units)) if (value !== undefined) units[body] = value;
    return { title: credit.activity.title, completedOn: credit.activity.completedOn, units };
  }
  const entry = findCredential(credit.credential.code, credit.credential.earnedOn);
  const units: Record<string, number> = {};
  if (entry?.kind === 'specialization') {
    for (const [body, hundredths] of Object.entries(entry.units)) {
      if (hundredths !== undefined) units[body] = fromHundredths(hundredths);
    }
  }
  return {
    title: entry?.name ?? credit.credential.code,
    completedOn: credit.credential.earnedOn ?? '',
    units,
  };
}
